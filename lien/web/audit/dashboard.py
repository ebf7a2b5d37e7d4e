"""The DPO's view over the audit log: activity over time, break-glass accesses (the grants
with who, which file, which office, why and until when; every attempt), and the
anomalies worth a look. These are leads for the DPO, never a measure of anyone's work
(CNIL: access logs are not used to assess staff)."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db.models import CharField, Count, Exists, OuterRef, Q
from django.db.models.functions import Cast, ExtractHour, TruncDate
from django.utils import timezone

from lien.accounts.account_events import ACCOUNT_EVENT_KINDS, AccountEvent, describe
from lien.accounts.roles import Role
from lien.audit.models import Action, AuditEvent
from lien.casefiles.break_glass.models import BreakGlassGrant
from lien.casefiles.break_glass.review import grants_in_period
from lien.casefiles.models import CaseFile

READS = (Action.VIEW, Action.LIST, Action.SEARCH, Action.EXPORT)


@dataclass
class Day:
    day: date
    reads: int
    writes: int
    failed_logins: int


@dataclass
class Anomaly:
    actor_id: int
    username: str
    day: date
    count: int


@dataclass
class Dashboard:
    since: date
    until: date
    days: list[Day]
    break_glass: list[AuditEvent]  # every attempt, granted or refused
    grants: list[BreakGlassGrant]  # the accesses given: running now, or given in the period
    outside_caseload: list[Anomaly]
    night: list[Anomaly]
    bulk_exports: list[AuditEvent]
    lockouts: list[AuditEvent]
    # Roles given or removed, requests, passwords and accounts changed, in words.
    account_changes: list[AccountEvent] = field(default_factory=list)
    peak: int = field(default=1)
    now: datetime = field(default_factory=timezone.now)  # tells running grants apart


def _in_period(since: date, until: date):
    return AuditEvent.objects.filter(at__date__gte=since, at__date__lte=until)


def _per_day(events) -> list[Day]:
    rows = (
        events.annotate(day=TruncDate("at"))
        .values("day")
        .annotate(
            reads=Count("id", filter=Q(action__in=READS)),
            writes=Count("id", filter=Q(action__in=(Action.CREATE, Action.UPDATE, Action.DELETE))),
            failed=Count("id", filter=Q(action=Action.LOGIN_FAILED)),
        )
        .order_by("day")
    )
    return [Day(r["day"], r["reads"], r["writes"], r["failed"]) for r in rows]


def _grouped(events, threshold: int, distinct: bool) -> list[Anomaly]:
    rows = (
        events.annotate(day=TruncDate("at"))
        .values("actor_id", "actor__username", "day")
        .annotate(n=Count("object_id", distinct=True) if distinct else Count("id"))
        .filter(n__gte=threshold)
        .order_by("-day", "-n")
    )
    return [Anomaly(r["actor_id"], r["actor__username"], r["day"], r["n"]) for r in rows]


def outside_caseload(events) -> list[Anomaly]:
    """Social workers who opened, in one day, many files of which they are not the
    referent. Reception and office managers open others' files by trade: not counted."""
    referent = CaseFile.objects.annotate(pk_text=Cast("pk", CharField())).filter(
        pk_text=OuterRef("object_id"), referent_id=OuterRef("actor_id")
    )
    views = (
        events.filter(action=Action.VIEW, object_kind="casefile", actor__isnull=False)
        .filter(actor_roles__contains=Role.SOCIAL_WORKER)
        .exclude(actor_roles__contains=Role.SECRETARY)
        .exclude(actor_roles__contains=Role.MANAGER)
        .exclude(Exists(referent))
    )
    return _grouped(views, settings.LIEN_ANOMALY_FILES_OUTSIDE_CASELOAD, distinct=True)


def at_night(events) -> list[Anomaly]:
    """Reads of personal data outside working hours (local time)."""
    start, end = settings.LIEN_WORKING_HOURS
    reads = (
        events.filter(action__in=READS, actor__isnull=False)
        .annotate(hour=ExtractHour("at"))
        .filter(Q(hour__lt=start) | Q(hour__gte=end))
    )
    return _grouped(reads, 1, distinct=False)


def build(since: date, until: date) -> Dashboard:
    events = _in_period(since, until)
    days = _per_day(events)
    related = events.select_related("actor").order_by("-at")
    return Dashboard(
        since=since,
        until=until,
        days=days,
        break_glass=list(related.filter(action=Action.BREAK_GLASS)[:200]),
        grants=grants_in_period(since, until),
        outside_caseload=outside_caseload(events),
        night=at_night(events),
        bulk_exports=list(
            related.filter(
                action=Action.EXPORT, result_count__gte=settings.LIEN_ANOMALY_BULK_EXPORT
            )[:200]
        ),
        lockouts=list(related.filter(action=Action.LOCKED_OUT)[:200]),
        account_changes=describe(related.filter(object_kind__in=ACCOUNT_EVENT_KINDS)[:200]),
        peak=max([d.reads for d in days] or [1]) or 1,
    )
