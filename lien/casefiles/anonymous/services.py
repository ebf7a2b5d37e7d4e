"""Recording a visit that needed no file.

Nothing of it is kept in the case files: no person, no household, no name, not even a
row of its own. It goes straight to the statistical layer (through
`casefiles/statistics.py`) as coarse values, with a pseudonym drawn at random for it
alone: a visitor who comes back, or who is given a file later, is linked to none of
their former anonymous visits. The audit event says that the desk recorded one, in which
office, and nothing of what was recorded.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.accounts.models import User
from lien.accounts.policy import Can
from lien.audit.models import Action
from lien.audit.services import record
from lien.offices.models import Office

from .. import statistics
from ..scope import require_office
from .choices import AgeBand, AnonymousReason, Channel


@transaction.atomic
def record_anonymous_visit(
    *,
    actor: User,
    office_id: int,
    reason: str,
    channel: str,
    town_id: int | None = None,
    age_band: str = "",
    day: date | None = None,
) -> bool:
    """Counts one visit without a file in the office's statistics. True when counted
    (False only when the year's statistics are already closed)."""
    require_office(actor, Can.EDIT_RECEPTION, office_id)
    errors = {}
    if reason not in AnonymousReason.values:
        errors["reason"] = _("Choose the reason for the visit.")
    if channel not in Channel.values:
        errors["channel"] = _("Choose how the person came to the service.")
    if age_band not in AgeBand.values:
        errors["age_band"] = _("Choose an age band, or leave it unknown.")
    town_code = ""
    if town_id is not None:
        town = Office.objects.get(pk=office_id).towns.filter(pk=town_id).first()
        if town is None:
            errors["town"] = _("Choose one of the towns the office covers.")
        else:
            town_code = town.insee_code
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    day = day or today
    if day > today:
        raise ValidationError({"day": _("A visit cannot be dated in the future.")})
    counted = statistics.anonymous_visit(
        office_id=office_id,
        day=day,
        visit_reason=reason,
        channel=channel,
        town=town_code,
        age_band=age_band,
    )
    record(actor=actor, action=Action.CREATE, object_kind="anonymous_visit", office_id=office_id)
    return counted
