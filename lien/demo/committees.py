"""The demo's aid schemes, committees and payments. The schemes are set after the
households (whose history was decided by the offices, before the schemes existed); then
a committee of FSL énergie sits today with the département's submitted requests on its
agenda, and the aid granted since gets its payment orders, one batch already sent."""

import random
from collections import Counter
from decimal import Decimal

from django.utils import timezone
from stdnum import iban

from lien.accounts.models import User
from lien.casefiles.committees import services as committee_services
from lien.casefiles.models import (
    AidRequest,
    AidScheme,
    AidStatus,
    CommitteeSession,
    Decider,
    DocumentKind,
    PayeeKind,
    ReasonFamily,
    ReasonKind,
    SchemeReason,
)
from lien.casefiles.payments import services as payment_services
from lien.catalog.models import Item

# code → (ceiling, decided by, required documents, refusal reasons, partial-grant reasons)
SCHEMES = {
    "aid-emergency": ("300", Decider.SOCIAL_WORKER, [], [], []),
    "aid-fsl-energy": (
        "800",
        Decider.COMMITTEE,
        [DocumentKind.RESOURCES],
        ["Ressources au-delà du barème du FSL", "Aide FSL énergie déjà accordée dans l'année"],
        ["Prise en charge d'une partie de la dette, le reste par un échéancier"],
    ),
    "aid-fsl-maintenance": (
        "2000",
        Decider.COMMITTEE,
        [DocumentKind.RESOURCES, DocumentKind.HOUSING],
        ["Ressources au-delà du barème du FSL", "Reprise du paiement du loyer courant non établie"],
        ["Prise en charge plafonnée par le règlement intérieur du FSL"],
    ),
    "aid-fsl-access": (
        "1500",
        Decider.COMMITTEE,
        [DocumentKind.RESOURCES, DocumentKind.HOUSING],
        ["Ressources au-delà du barème du FSL", "Loyer inadapté aux ressources du ménage"],
        ["Dépôt de garantie seul pris en charge"],
    ),
    "aid-ase-allowance": (
        "600",
        Decider.COMMITTEE,
        [DocumentKind.IDENTITY, DocumentKind.RESOURCES],
        ["Besoin de l'enfant couvert par une autre prestation", "Ressources au-delà du barème"],
        ["Montant mensuel réduit au regard des ressources"],
    ),
}


# The département-wide family of each demo refusal reason, for the statistics.
FAMILIES = {
    "Ressources au-delà du barème du FSL": ReasonFamily.RESOURCES,
    "Ressources au-delà du barème": ReasonFamily.RESOURCES,
    "Aide FSL énergie déjà accordée dans l'année": ReasonFamily.ALREADY_HELPED,
    "Reprise du paiement du loyer courant non établie": ReasonFamily.NOT_ELIGIBLE,
    "Loyer inadapté aux ressources du ménage": ReasonFamily.NOT_ELIGIBLE,
    "Besoin de l'enfant couvert par une autre prestation": ReasonFamily.OTHER_ROUTE,
}


def ensure_schemes() -> None:
    for code, (ceiling, decider, documents, refusals, partials) in SCHEMES.items():
        aid_type = Item.objects.filter(code=code).first()
        if aid_type is None:
            continue
        scheme, created = AidScheme.objects.get_or_create(
            aid_type=aid_type,
            defaults={
                "ceiling": Decimal(ceiling),
                "decided_by": decider,
                "required_documents": [str(d) for d in documents],
            },
        )
        if not created:
            continue
        for kind, texts in ((ReasonKind.REFUSAL, refusals), (ReasonKind.PARTIAL, partials)):
            for number, text in enumerate(texts, start=1):
                SchemeReason.objects.create(
                    scheme=scheme,
                    kind=kind,
                    code=f"{kind}-{number}",
                    text=text,
                    family=FAMILIES.get(text, ReasonFamily.OTHER),
                )


def _iban(rng: random.Random) -> str:
    bban = "30006" + "".join(rng.choice("0123456789") for _ in range(18))
    return "FR" + iban.calc_check_digits("FR00" + bban) + bban


def ensure_committee(seed: int) -> None:
    """Today's session of a committee (FSL énergie in the full demo), prepared by Bobigny's committee secretary, with
    the managers of Bobigny and Montreuil as members."""
    if CommitteeSession.objects.exists():
        return
    # The committee scheme with the most requests waiting (FSL énergie in the full demo).
    waiting = Counter(
        AidRequest.objects.filter(status=AidStatus.SUBMITTED).values_list("aid_type_id", flat=True)
    )
    scheme = max(
        AidScheme.objects.filter(decided_by=Decider.COMMITTEE).order_by("aid_type__code"),
        key=lambda s: waiting[s.aid_type_id],
        default=None,
    )
    secretary = User.objects.filter(username="commission-bobigny").first()
    members = list(
        User.objects.filter(username__in=["responsable-bobigny", "responsable-montreuil"])
    )
    if scheme is None or secretary is None or not members:
        return
    session = committee_services.create_session(
        actor=secretary,
        scheme_id=scheme.pk,
        held_on=timezone.localdate(),
        member_ids=[m.pk for m in members],
    )
    submitted = AidRequest.objects.filter(
        status=AidStatus.SUBMITTED, aid_type=scheme.aid_type, amount_requested__lte=scheme.ceiling
    ).order_by("pk")[:6]
    entries = [
        committee_services.put_on_agenda(
            actor=secretary, session_id=session.pk, aid_request_id=aid.pk
        )
        for aid in submitted
    ]
    refusal = scheme.reasons.filter(kind=ReasonKind.REFUSAL).first()
    for entry, outcome in zip(entries[:2], ("granted", "refused"), strict=False):
        committee_services.record_session_decision(
            actor=secretary,
            entry_id=entry.pk,
            decision=committee_services.SessionDecision(
                outcome=outcome, reason_ids=[refusal.pk] if outcome == "refused" and refusal else []
            ),
        )
    _payments(secretary, random.Random(seed))


def _payments(secretary: User, rng: random.Random) -> None:
    granted = list(AidRequest.objects.filter(status=AidStatus.GRANTED).order_by("pk")[:5])
    for number, aid in enumerate(granted):
        kind = (PayeeKind.PERSON, PayeeKind.LANDLORD, PayeeKind.ENERGY_SUPPLIER)[number % 3]
        payee = {
            PayeeKind.PERSON: "Titulaire du foyer",
            PayeeKind.LANDLORD: "Bailleur social (fictif)",
            PayeeKind.ENERGY_SUPPLIER: "Fournisseur d'énergie (fictif)",
        }[kind]
        payment_services.order_payment(
            actor=secretary,
            aid_request_id=aid.pk,
            payee_kind=kind,
            payee_name=payee,
            holder=payee,
            iban=_iban(rng),
        )
        if number == 2:
            payment_services.make_batch(actor=secretary)
