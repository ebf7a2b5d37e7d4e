"""What every benchmark shares: Django set-up on a dedicated database, timing, reporting.

Each benchmark builds its own data (or reuses the database it built before, named after
its size), measures repeated runs, and prints the median, the 95th percentile and the
ratio to a baseline measured in the same run, so that figures from different machines
can be compared by their ratios."""

import multiprocessing
import os
import platform
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(name: str) -> None:
    """Uses DATABASE_URL if set (PostgreSQL), else a SQLite file of its own under var/bench/."""
    if not os.environ.get("DATABASE_URL"):
        path = ROOT / "var" / "bench" / f"{name}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def synthetic_departement(households: int) -> None:
    """The synthetic département of `households` households, built if the database is
    empty (one built before, by this bench or another on the same database, is used as it
    is); on PostgreSQL with fresh planner statistics (a bulk load has none until
    autovacuum comes by); its audit events sealed, so that no bench starts with a queue."""
    from django.db import connection

    from lien.audit.sealer import seal_pending
    from lien.casefiles.models import Person
    from lien.demo.synthetic import SyntheticDepartement

    if not Person.objects.exists():
        print(f"Building {households:,} households…", flush=True)
        SyntheticDepartement(households=households).run()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    seal_pending()


def warm_up() -> None:
    """What each gunicorn worker does after it is forked and before its first request
    (deploy/gunicorn.conf.py): called by each process that plays a worker, after the
    fork. Warmed in the parent instead, every child would copy the touched memory on its
    first request (20 writers' first acts took 5 s together, bench/README.md)."""
    from lien.web.warmup import warm_up as warm_up_worker

    warm_up_worker()


def _seal_as_the_worker(stop) -> None:
    from django.conf import settings
    from django.db import connections

    from lien.audit.sealer import seal_every
    from lien.background.priority import give_way_to_the_desk

    connections.close_all()  # the parent's, inherited through the fork: never used here
    give_way_to_the_desk()
    seal_every(float(settings.LIEN_AUDIT_SEAL_EVERY), stop)


@contextmanager
def task_worker_sealing():
    """During a measure, what the task worker does beside its tasks: with
    LIEN_AUDIT_SEALER=worker (the default), it seals the audit events of every process
    every LIEN_AUDIT_SEAL_EVERY seconds, at its lower priority, in a process of its own.
    Without it the events would only pile up, and the machine would be spared work that
    production does. Call it with no connection open that a child could inherit."""
    from django.conf import settings
    from django.db import connections

    if settings.LIEN_AUDIT_SEALER != "worker":
        yield
        return
    connections.close_all()
    context = multiprocessing.get_context("fork")
    stop = context.Event()
    sealer = context.Process(target=_seal_as_the_worker, args=(stop,), daemon=True)
    sealer.start()
    try:
        yield
    finally:
        stop.set()
        sealer.join(60)


# The processor time of this process for each run of the last `measure` (ms): on a shared
# machine the elapsed time is mostly the queue for the cores, the processor time is not
# (on SQLite it includes the database's work; on PostgreSQL the server's is not in it).
LAST_CPU: list[float] = []


def measure(fn, *, repeat: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        fn()
    timings = []
    LAST_CPU.clear()
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        fn()
        timings.append((time.perf_counter() - started) * 1000)
        LAST_CPU.append((time.process_time() - cpu) * 1000)
    return timings


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def vendor() -> str:
    from django.db import connection

    return connection.vendor


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {vendor()}"


def row(
    label: str, timings: list[float], baseline: list[float] | None = None, extra: str = ""
) -> str:
    median = statistics.median(timings)
    text = f"{label:<34} median {median:8.2f} ms   p95 {p95(timings):8.2f} ms"
    if baseline:
        text += f"   ×{median / statistics.median(baseline):6.1f} baseline"
    if LAST_CPU and len(LAST_CPU) == len(timings):
        text += (
            f"   processor median {statistics.median(LAST_CPU):6.1f} ms p95 {p95(LAST_CPU):6.1f} ms"
        )
    return text + (f"   {extra}" if extra else "")
