"""Reads of the audit log. The DPO reads all of it; every other agent reads their own
actions. (Managers' office-level summaries never name a worker: they come with the
statistics.)"""

from datetime import date

from django.db.models import QuerySet

from lien.accounts.policy import Can, can

from .models import AuditEvent


def events_visible_to(*, actor) -> QuerySet[AuditEvent]:
    if can(actor, Can.VIEW_AUDIT):
        return AuditEvent.objects.all()
    return AuditEvent.objects.filter(actor=actor)


def filtered_events(
    *,
    actor,
    action: str = "",
    username: str = "",
    household_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEvent]:
    events = events_visible_to(actor=actor).select_related("actor")
    if action:
        events = events.filter(action=action)
    if username:
        events = events.filter(actor__username=username)
    if household_id is not None:
        events = events.filter(household_id=household_id)
    if since:
        events = events.filter(at__date__gte=since)
    if until:
        events = events.filter(at__date__lte=until)
    return events.order_by("-at", "-id")
