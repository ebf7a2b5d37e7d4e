"""A file's deadlines, a worker's task list, and the manager's counts per office (never
per worker: the manager oversees the office's work, not each worker's)."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, F, Q
from django.utils import timezone

from lien.accounts.policy import Can, offices_where
from lien.audit.models import Action
from lien.audit.services import record
from lien.offices.models import Office

from ..files.entries import casefile_or_404
from ..files.models import CaseFile, FileStatus
from ..scope import in_scope
from .models import Deadline


@dataclass
class FileDeadlines:
    casefile: CaseFile
    deadlines: list[Deadline]


def deadlines_of_file_for(*, actor, casefile_id: int) -> FileDeadlines:
    """The file's reminders, those to do first (by date), then those done."""
    casefile = casefile_or_404(actor, casefile_id, Can.VIEW_SOCIAL)
    deadlines = list(
        Deadline.objects.filter(casefile=casefile)
        .select_related("assigned_to")
        # Those to do first: a null done_on sorts first only when said so, on both databases.
        .order_by(F("done_on").asc(nulls_first=True), "due_on", "pk")
    )
    record(
        actor=actor,
        action=Action.LIST,
        object_kind="deadline_list",
        office_id=casefile.office_id,
        household_id=casefile.household_id,
        result_count=len(deadlines),
    )
    return FileDeadlines(casefile=casefile, deadlines=deadlines)


def tasks_for(*, actor, limit: int = 50) -> list[Deadline]:
    """The actor's reminders not done yet, in the files they may see: overdue first,
    then by date."""
    deadlines = list(
        in_scope(Deadline.objects.all(), actor, Can.VIEW_SOCIAL)
        .filter(assigned_to=actor, done_on__isnull=True, casefile__status=FileStatus.OPEN)
        .select_related("casefile__household")
        .order_by("due_on", "pk")[:limit]
    )
    record(actor=actor, action=Action.LIST, object_kind="task_list", result_count=len(deadlines))
    return deadlines


@dataclass
class OfficeDeadlines:
    office: Office
    overdue: int
    this_week: int
    later: int
    done_last_30_days: int


def team_deadlines_for(*, actor) -> list[OfficeDeadlines]:
    """For each office the actor oversees, how many reminders are overdue, due within a
    week, due later, and done in the last 30 days: counts for the office as a whole."""
    office_ids = offices_where(actor, Can.VIEW_OFFICE_AUDIT)
    today = timezone.localdate()
    week = today + timedelta(days=7)
    counts = {
        row["casefile__office_id"]: row
        for row in Deadline.objects.filter(
            casefile__office_id__in=office_ids, casefile__archived_on__isnull=True
        )
        .values("casefile__office_id")
        .order_by()
        .annotate(
            overdue=Count("pk", filter=Q(done_on__isnull=True, due_on__lt=today)),
            this_week=Count(
                "pk", filter=Q(done_on__isnull=True, due_on__gte=today, due_on__lte=week)
            ),
            later=Count("pk", filter=Q(done_on__isnull=True, due_on__gt=week)),
            done=Count("pk", filter=Q(done_on__gte=today - timedelta(days=30))),
        )
    }
    result = []
    for office in Office.objects.filter(pk__in=office_ids).order_by("name"):
        row = counts.get(office.pk, {})
        result.append(
            OfficeDeadlines(
                office=office,
                overdue=row.get("overdue", 0),
                this_week=row.get("this_week", 0),
                later=row.get("later", 0),
                done_last_30_days=row.get("done", 0),
            )
        )
        record(
            actor=actor,
            action=Action.LIST,
            object_kind="team_deadlines",
            office_id=office.pk,
            result_count=sum((row.get("overdue", 0), row.get("this_week", 0), row.get("later", 0))),
        )
    return result
