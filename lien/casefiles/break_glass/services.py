"""Breaking the glass: an emergency access to a file of another office."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.accounts.policy import Can, can
from lien.audit.models import Action, AuditEvent
from lien.audit.services import record, record_for_file

from .grants import forget
from .matching import exact_persons, files_elsewhere
from .models import BreakGlassGrant


def _refused_today(actor) -> int:
    since = timezone.now() - timedelta(days=1)
    return AuditEvent.objects.filter(
        actor=actor, action=Action.BREAK_GLASS, result_count=0, at__gte=since
    ).count()


@transaction.atomic
def break_glass(
    *, actor, birth_name: str, first_names: str, birth_date: date | None, reason: str
) -> list[BreakGlassGrant]:
    """Gives a social worker, for LIEN_BREAK_GLASS_HOURS, read access to the files of
    another office of the person with exactly this birth name, first names and birth
    date. Returns the grants; an empty list when nothing matched or when the worker has
    had too many refused attempts today, which the page answers with the same neutral
    message. Every attempt is audited (Action.BREAK_GLASS), never with the identity
    typed: a granted one per file with its reason, a refused one with a count of 0."""
    if not can(actor, Can.WRITE_NOTES):
        raise Http404
    reason = (reason or "").strip()
    errors = {}
    if len(reason) < settings.LIEN_BREAK_GLASS_MIN_REASON:
        errors["reason"] = _("Explain the emergency in at least %(n)s characters.") % {
            "n": settings.LIEN_BREAK_GLASS_MIN_REASON
        }
    if not (birth_name or "").strip() or not (first_names or "").strip() or birth_date is None:
        errors["birth_date"] = _("Give the birth name, first names and birth date.")
    if errors or birth_date is None:
        raise ValidationError(errors)
    files = []
    if _refused_today(actor) < settings.LIEN_BREAK_GLASS_MAX_REFUSED_PER_DAY:
        persons = exact_persons(birth_name, first_names, birth_date)
        files = list(files_elsewhere(actor, persons)) if persons else []
    if not files:
        record(
            actor=actor,
            action=Action.BREAK_GLASS,
            object_kind="casefile",
            reason=reason,
            result_count=0,
        )
        return []
    now = timezone.now()
    expires_at = now + timedelta(hours=settings.LIEN_BREAK_GLASS_HOURS)
    grants = BreakGlassGrant.objects.bulk_create(
        BreakGlassGrant(
            actor=actor, casefile=casefile, reason=reason, granted_at=now, expires_at=expires_at
        )
        for casefile in files
    )
    for grant in grants:
        record_for_file(
            actor=actor, action=Action.BREAK_GLASS, casefile=grant.casefile, reason=reason
        )
    forget(actor)
    return grants
