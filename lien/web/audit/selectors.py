"""Reads of the audit log. The DPO reads all of it; every other agent reads their own
actions. (Managers' office-level summaries never name a worker: they come with the
statistics.)"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import User
from lien.accounts.policy import Can, can
from lien.audit.models import Action, AuditEvent
from lien.audit.services import record

from .dashboard import Dashboard, build


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


def dashboard_for(*, actor, since: date, until: date) -> Dashboard:
    """The DPO's dashboard. Reading it is itself recorded."""
    if not can(actor, Can.VIEW_AUDIT):
        raise Http404
    result = build(since, until)
    record(actor=actor, action=Action.LIST, object_kind="audit_dashboard")
    return result


@transaction.atomic
def extract_for(
    *,
    actor,
    reason: str,
    since: date,
    until: date,
    username: str = "",
    household_id: int | None = None,
) -> list[AuditEvent]:
    """The audit extract for a complaint: every event about one household (a person and
    their family) or by one agent over a period. The extract is itself recorded, with its
    reason, and shows in the person's own access export."""
    if not can(actor, Can.VIEW_AUDIT):
        raise Http404
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for this extract.")})
    if bool(username) == (household_id is not None):
        raise ValidationError(_("Choose either one household or one agent."))
    events = AuditEvent.objects.filter(at__date__gte=since, at__date__lte=until)
    if username:
        agent = User.objects.filter(username=username).first()
        if agent is None:
            raise ValidationError({"username": _("No agent has this username.")})
        events = events.filter(actor=agent)
        subject: dict[str, Any] = {"object_kind": "audit_extract_agent", "object_id": agent.pk}
    else:
        events = events.filter(household_id=household_id)
        subject = {"object_kind": "audit_extract_household", "household_id": household_id}
    rows = list(events.select_related("actor").order_by("at", "id"))
    record(
        actor=actor,
        action=Action.EXPORT,
        reason=reason.strip(),
        result_count=len(rows),
        **subject,
    )
    return rows
