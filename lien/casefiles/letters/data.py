"""The values a letter's placeholders take, built in one function from the file, its aid
request and what the worker typed at production. A new field is one more entry here and
one more `Placeholder` in placeholders.py."""

from datetime import date

from lien.base.fields import format_euros
from lien.base.words import long_date

from ..aid.models import AidRequest
from ..files.models import CaseFile
from ..households.models import Relationship
from ..situation.models import SituationValue
from .placeholders import SITUATION_PREFIX


def letter_data(
    casefile: CaseFile,
    *,
    aid: AidRequest | None = None,
    missing: str = "",
    on: date,
    situation_codes: frozenset[str] | set[str] = frozenset(),
) -> dict[str, str]:
    members = casefile.household.members.filter(left_on__isnull=True).select_related("person")
    reference = next(
        (m.person for m in members if m.relationship == Relationship.REFERENCE),
        next((m.person for m in members), None),
    )
    data = {
        "nom": reference.full_name if reference else "",
        "adresse": (
            "\n".join(
                part
                for part in (
                    reference.address,
                    f"{reference.postal_code} {reference.town}".strip(),
                )
                if part
            )
            if reference
            else ""
        ),
        "date_du_jour": long_date(on),
        "service": casefile.office.name,
        "numero_dossier": str(casefile.pk),
        "date_ouverture": long_date(casefile.opened_on),
        "referent": str(casefile.referent) if casefile.referent_id else "",
        "aide_type": "",
        "aide_date_demande": "",
        "aide_montant_demande": "",
        "aide_montant_accorde": "",
        "aide_date_decision": "",
        "aide_motifs_refus": "",
        "aide_pieces_manquantes": missing.strip(),
    }
    if aid is not None:
        data.update(
            aide_type=aid.aid_type.label,
            aide_date_demande=long_date(aid.submitted_on) if aid.submitted_on else "",
            aide_montant_demande=format_euros(aid.amount_requested),
            aide_montant_accorde=(
                format_euros(aid.amount_granted) if aid.amount_granted is not None else ""
            ),
            aide_date_decision=long_date(aid.decided_on) if aid.decided_on else "",
            aide_motifs_refus=aid.refusal_reason,
        )
    if situation_codes:
        values = SituationValue.objects.filter(
            casefile=casefile, superseded_at__isnull=True, item__code__in=situation_codes
        ).select_related("item")
        for value in values:
            data[SITUATION_PREFIX + value.item.code] = value.item.display_value(value.value)
    return data
