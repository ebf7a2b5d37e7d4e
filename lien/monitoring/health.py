"""The checks behind /healthz and the Lien gauges of /metrics.

Each check costs one or two small queries, so that a load balancer may ask every few
seconds. A check reports figures about the service only (counts, ages, a position in
the audit chain), never anything about a person.
"""

from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.models import Min
from django.utils import timezone

from lien.audit.models import PendingSeal
from lien.audit.sealer import head

# django-tasks' database backend, when it is installed (its app label, not its module).
TASKS_APP_LABEL = "django_tasks_database"


@dataclass
class CheckResult:
    name: str
    ok: bool
    # Figures worth showing beside the verdict: numbers or short fixed words only.
    details: dict[str, int | float | str | bool] = field(default_factory=dict)


def check_database() -> CheckResult:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return CheckResult("database", ok=True)


def check_audit() -> CheckResult:
    """The chain's head can be read, and the sealer keeps up: events waiting to be sealed
    pile up when it has stopped (docs/admin/audit-log.md)."""
    seq, _mac = head()
    waiting = PendingSeal.objects.count()
    limit = settings.LIEN_HEALTH_MAX_WAITING_SEALS
    return CheckResult(
        "audit", ok=waiting < limit, details={"head": seq, "waiting": waiting, "limit": limit}
    )


def oldest_waiting_task_seconds() -> float | None:
    """How long the oldest task that could run now has waited, or None without a queue.

    django-tasks' database backend marks a task to run at once with a far-future
    `run_after`: such a task waits since it was enqueued, a delayed one since its time came.
    """
    if not apps.is_installed("django_tasks_db"):
        return None
    results = apps.get_model(TASKS_APP_LABEL, "DBTaskResult").objects.filter(status="READY")
    no_delay = import_module("django_tasks_db.models").get_date_max()
    now = timezone.now()
    starts = [
        results.filter(run_after=no_delay).aggregate(at=Min("enqueued_at"))["at"],
        results.filter(run_after__lte=now).aggregate(at=Min("run_after"))["at"],
    ]
    waiting_since = [start for start in starts if start is not None]
    if not waiting_since:
        return 0.0
    return max(0.0, (now - min(waiting_since)).total_seconds())


def check_tasks() -> CheckResult | None:
    """The task queue's lag, or None (no check) when Lien runs without a task queue."""
    lag = oldest_waiting_task_seconds()
    if lag is None:
        return None
    limit = settings.LIEN_HEALTH_MAX_TASK_LAG_SECONDS
    return CheckResult(
        "tasks", ok=lag < limit, details={"oldest_waiting_seconds": round(lag, 1), "limit": limit}
    )


CHECKS = (check_database, check_audit, check_tasks)


def run_checks() -> list[CheckResult]:
    """Every check; one that raises fails with the name of the error, not its message
    (a database error may quote a row)."""
    results = []
    for check in CHECKS:
        name = check.__name__.removeprefix("check_")
        try:
            result = check()
        except Exception as error:  # any failure is the check's answer
            result = CheckResult(name, ok=False, details={"error": type(error).__name__})
        if result is not None:
            results.append(result)
    return results
