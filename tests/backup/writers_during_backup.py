"""Run by test_writers_during_backup.py in its own process, on a SQLite file database (the
test suite's in-memory database cannot have concurrent writers): 20 agents record visits
while a backup is being written. Prints one JSON line with what happened."""

import json
import os
import sqlite3
import sys
import threading
import time
from pathlib import Path

import django

WRITERS = 20
VISITS_EACH = 5


def probe_write_lock(database: Path) -> str:
    """Whether another connection can take the write lock at once while the backup reads:
    "free" when it can, else the error (with the backup holding the lock: "locked")."""
    probe = sqlite3.connect(database, timeout=0.5, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return "free"
    except sqlite3.OperationalError as error:
        return str(error)
    finally:
        probe.close()


def main(database: Path, output: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    # The busy timeout of the web server: a writer waits this long for the write lock.
    settings.DATABASES["default"]["OPTIONS"]["timeout"] = 20
    call_command("migrate", verbosity=0)
    from lien.accounts.roles import Role
    from lien.backup import dataset
    from lien.casefiles.visits.models import Visit, VisitReason
    from lien.casefiles.visits.services import log_visit
    from tests.factories import CaseFileFactory, OfficeFactory, member

    office = OfficeFactory()
    workers = [member(Role.SECRETARY, office) for _ in range(WRITERS)]
    files = [CaseFileFactory(office=office) for _ in range(WRITERS)]
    connection.close()

    # A slow dump: many small batches, each taking a moment, as a large database would.
    dataset.BATCH = 5
    slow = dataset.serialise

    probes: list[str] = []

    def serialise_slowly(rows):
        if not probes:
            probes.append(probe_write_lock(database))
        time.sleep(0.1)
        return slow(rows)

    dataset.serialise = serialise_slowly
    errors: list[str] = []
    timings = {}
    latencies: list[float] = []

    def backup() -> None:
        started = time.monotonic()
        try:
            call_command("backup", output=str(output))
        except Exception as error:  # reported, not raised: the main thread judges
            errors.append(f"backup: {error!r}")
        finally:
            timings["backup"] = time.monotonic() - started
            connection.close()

    def write(worker, casefile) -> None:
        try:
            for _ in range(VISITS_EACH):
                began = time.monotonic()
                log_visit(
                    actor=worker,
                    casefile_id=casefile.pk,
                    person_id=casefile.reference_person.pk,
                    reason=VisitReason.INFORMATION,
                )
                latencies.append(time.monotonic() - began)
        except Exception as error:
            errors.append(f"writer: {error!r}")
        finally:
            connection.close()

    backup_thread = threading.Thread(target=backup)
    backup_thread.start()
    time.sleep(0.3)  # the backup has its snapshot and is dumping
    started = time.monotonic()
    writers = [
        threading.Thread(target=write, args=pair) for pair in zip(workers, files, strict=True)
    ]
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    timings["writers"] = time.monotonic() - started
    backup_thread.join()
    print(
        json.dumps(
            {
                "errors": errors,
                "visits": Visit.objects.count(),
                "expected": WRITERS * VISITS_EACH,
                "backup_seconds": timings["backup"],
                "writers_seconds": timings["writers"],
                "longest_write_seconds": max(latencies, default=0),
                "write_lock_during_dump": probes[0] if probes else "not probed",
            }
        )
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
