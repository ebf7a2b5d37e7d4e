"""Jobs in the test's process: a stuck import failed with its upload erased, the same file
refused on the page, a subject queued once, the notes' rotation audited when interrupted
and counted whole when resumed, a stale statistics year shown as being computed."""

from datetime import timedelta
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lien.audit.models import AuditEvent
from lien.background import jobs, recovery
from lien.background.models import Job, JobStatus
from lien.casefiles.models import HouseholdImport, ImportStatus, Note
from lien.casefiles.notes import crypto, rotation
from tests.casefiles.test_import_households import GOOD, _csv

pytestmark = pytest.mark.django_db


def _upload(client, world, name="foyers.csv"):
    return client.post(
        reverse("household_imports"),
        {"office": world.office.pk, "file": SimpleUploadedFile(name, _csv(GOOD))},
    )


def test_a_stuck_import_is_failed_and_its_upload_erased(client, world, settings):
    client.force_login(world.users["manager"])
    _upload(client, world)
    household_import = HouseholdImport.objects.get()
    assert bytes(household_import.content)
    # Confirmed, then left by a worker of another host that stopped showing progress.
    job = Job.objects.create(
        kind="household_import",
        subject=str(household_import.pk),
        status=JobStatus.RUNNING,
        worker="another-host:4242",
        heartbeat_at=timezone.now() - timedelta(seconds=settings.LIEN_TASK_STUCK_AFTER + 1),
    )
    HouseholdImport.objects.filter(pk=household_import.pk).update(
        status=ImportStatus.RUNNING, job=job
    )
    assert recovery.fail_stuck() == 1
    household_import.refresh_from_db()
    job.refresh_from_db()
    assert (job.status, job.failure) == (JobStatus.FAILED, "stuck")
    assert household_import.status == ImportStatus.FAILED
    assert bytes(household_import.content) == b""
    page = client.get(reverse("household_import", args=[household_import.pk])).content.decode()
    assert "le fichier déposé a été effacé" in page
    # A failed file may be checked again.
    assert _upload(client, world).status_code == 302


def test_a_job_with_recent_progress_is_not_stuck(world):
    job = Job.objects.create(kind="retention", status=JobStatus.RUNNING, worker="elsewhere:1")
    assert recovery.fail_stuck() == 0
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING


def test_a_file_imported_once_is_refused_the_second_time(client, world):
    client.force_login(world.users["manager"])
    _upload(client, world)
    first = HouseholdImport.objects.get()
    client.post(reverse("start_household_import", args=[first.pk]))
    first.refresh_from_db()
    assert first.status == ImportStatus.DONE and first.job.status == JobStatus.DONE
    response = _upload(client, world, name="renamed.csv")
    assert response.status_code == 422
    assert "Ce fichier a déjà été importé le" in response.content.decode()
    assert HouseholdImport.objects.count() == 1


def test_a_subject_is_queued_once_while_live(world):
    from lien.stats.tasks import protect_year

    # A task that never runs here: queued through a backend that only records it.
    class Recorded:
        id = "recorded"

    class Queue:
        calls = 0

        def enqueue(self, *args):
            Queue.calls += 1
            return Recorded()

    first = jobs.enqueue(Queue(), kind="stats_protection", subject="2025")
    again = jobs.enqueue(Queue(), kind="stats_protection", subject="2025")
    assert first.pk == again.pk and Queue.calls == 1 and first.status == JobStatus.QUEUED
    assert protect_year is not None


def test_an_interrupted_rotation_is_audited_and_the_resumed_one_counts_the_whole(
    world, settings, monkeypatch
):
    for i in range(5):
        Note.objects.create(
            casefile=world.file, author=world.users["social_worker"], text=f"Note {i}."
        )
    old_key = settings.LIEN_NOTES_KEY
    settings.LIEN_NOTES_KEY = Fernet.generate_key().decode()
    settings.LIEN_NOTES_OLD_KEYS = [old_key]
    new_id = crypto.key_id(settings.LIEN_NOTES_KEY)
    total = Note.objects.count()
    calls = []

    def stop_after_two_batches(n):
        calls.append(n)
        if len(calls) == 3:
            raise KeyboardInterrupt  # the operator's Ctrl+C, inside the third batch

    with pytest.raises(KeyboardInterrupt):
        rotation.rotate(batch_size=2, in_batch=stop_after_two_batches)
    batches = AuditEvent.objects.filter(object_kind="notes_key_batch", object_id=new_id)
    assert sum(batches.values_list("result_count", flat=True)) == 4  # the committed batches
    assert not AuditEvent.objects.filter(object_kind="notes_key").exists()
    call_command("rotate_notes_key", "--wet-run", "--batch-size", "2", stdout=StringIO())
    [whole] = AuditEvent.objects.filter(object_kind="notes_key")
    assert whole.result_count == total and whole.object_id == new_id
    call_command("rotate_notes_key", "--wet-run", stdout=StringIO())  # nothing left: no new event
    assert AuditEvent.objects.filter(object_kind="notes_key").count() == 1


def test_a_stale_year_is_shown_as_being_computed_never_counted(client, world, settings):
    from lien.stats import services as stats_services
    from lien.stats.models import Kind, ProtectedYear

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(world.users["statistician"])
    year = timezone.localdate().year
    # The year has figures (a visit), so the page would show them once decided.
    stats_services.record_event(
        kind=Kind.VISIT,
        day=timezone.localdate(),
        office_id=world.office.pk,
        household_id=world.file.household_id,
    )
    ProtectedYear.objects.filter(year=year).delete()
    response = client.get(reverse("stats_grid") + f"?year={year}")
    assert response.status_code == 202
    page = response.content.decode()
    assert "Statistiques en cours de calcul" in page and "<table" not in page
    job = Job.objects.get(kind="stats_protection", subject=str(year))
    assert job.status == JobStatus.QUEUED
    client.get(reverse("stats_grid") + f"?year={year}")  # asked again: queued once
    assert Job.objects.filter(kind="stats_protection").count() == 1


def test_an_upload_never_confirmed_is_erased_by_the_sweep(client, world, settings):
    client.force_login(world.users["manager"])
    _upload(client, world)
    household_import = HouseholdImport.objects.get()
    recovery.sweep()
    household_import.refresh_from_db()
    assert household_import.status == ImportStatus.CHECKED  # still waiting for the manager
    HouseholdImport.objects.update(
        created_at=timezone.now() - timedelta(hours=settings.LIEN_IMPORT_CHECKED_HOURS + 1)
    )
    recovery.sweep()
    household_import.refresh_from_db()
    assert household_import.status == ImportStatus.ABANDONED
    assert bytes(household_import.content) == b""


def test_a_task_that_raises_fails_its_job(world, monkeypatch):
    from lien.privacy import retention_engine
    from lien.privacy.tasks import enqueue_retention

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(retention_engine, "apply", broken)
    job = enqueue_retention()
    assert (job.status, job.failure) == (JobStatus.FAILED, "error")


def test_a_retention_job_counts_every_file_it_changed(world):
    from lien.casefiles.models import CaseFile, FileStatus
    from lien.privacy.tasks import enqueue_retention

    closed = timezone.localdate() - timedelta(days=3 * 365)
    CaseFile.objects.update(
        status=FileStatus.CLOSED, closed_on=closed, close_reason="goals_met", last_contact_on=closed
    )
    job = enqueue_retention(batch_size=1)
    files = CaseFile.objects.count()
    assert job.status == JobStatus.DONE
    assert job.counts == {"archive": files, "anonymise": files}
    assert CaseFile.objects.filter(anonymised_on__isnull=False).count() == files


def _dead_worker() -> str:
    import socket
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return f"{socket.gethostname()}:{process.pid}"


# Committed for real: the worker closes and reopens its connection between tasks, as it
# would in production, which a test's transaction would not survive on PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_the_job_of_a_dead_worker_is_taken_up_and_finished_once(client, world, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(world.users["manager"])
    _upload(client, world)
    household_import = HouseholdImport.objects.get()
    client.post(reverse("start_household_import", args=[household_import.pk]))
    household_import.refresh_from_db()
    job = household_import.job
    assert job.status == JobStatus.QUEUED  # waiting for a worker
    assert "En attente du traitement en arrière-plan" in (
        client.get(reverse("household_import", args=[household_import.pk])).content.decode()
    )
    # A worker of this host claimed it, started it, and died.
    DBTaskResult.objects.filter(id=job.task_id).update(status="RUNNING")
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, attempts=1, worker=_dead_worker()
    )
    out = StringIO()
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", stdout=out)
    job.refresh_from_db()
    household_import.refresh_from_db()
    assert (job.status, job.attempts, job.done) == (JobStatus.DONE, 2, 2)
    assert household_import.status == ImportStatus.DONE and household_import.imported == 2
    assert bytes(household_import.content) == b""
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"
    call_command("fail_stuck_jobs", stdout=out)  # nothing left to do
    assert "jobs queued again: 0; stuck jobs failed: 0" in out.getvalue()
