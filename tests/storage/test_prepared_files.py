"""Exports prepared by the task worker (lien/storage/prepared.py, lien/web/prepared_files.py):
the page says the file is being prepared until the worker has made it, then offers it to
the agent who asked and to no one else; the file is kept encrypted and erased after a day;
a right removed while it waited is a refusal, not a file."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from lien.accounts.models import OfficeMembership
from lien.accounts.roles import Role
from lien.audit.models import Action, AuditEvent
from lien.background.models import Job, JobStatus
from lien.background.recovery import EXTRA_SWEEPS
from lien.backup.dataset import backed_up_models
from lien.stats.services import record_event
from lien.storage import prepared
from lien.storage.models import PreparedFile

from ..factories import OfficeFactory, member

YEAR = 2024
QUEUED_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

pytestmark = pytest.mark.django_db


@pytest.fixture
def statistician():
    office = OfficeFactory()
    for household_id in range(12):
        record_event(
            kind="visit",
            day=date(YEAR, 5, 2),
            office_id=office.pk,
            household_id=household_id + 1,
            situation={"household_status": "new", "housing": "owner"},
        )
    return member(Role.STATISTICIAN, office), office


def _ask(client, office):
    query = {"grid": "activity", "office": office.code, "year": YEAR}
    asked = client.get(reverse("stats_export", args=["csv"]), query)
    assert asked.status_code == 302
    return PreparedFile.objects.get(), asked["Location"]


def _run_the_worker(file):
    prepared.build_prepared_file.call(file.job_id)
    file.refresh_from_db()


def test_the_page_waits_for_the_worker_then_offers_the_file(client, statistician, settings):
    settings.TASKS = QUEUED_ONLY
    user, office = statistician
    client.force_login(user)
    file, page_url = _ask(client, office)
    waiting = client.get(page_url).content.decode()
    assert 'data-state="preparing"' in waiting and 'hx-trigger="every 2s"' in waiting
    assert "en cours de préparation" in waiting
    assert client.get(reverse("prepared_file_download", args=[file.pk]))["Location"] == page_url
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()  # nothing left yet

    _run_the_worker(file)
    assert file.job.status == JobStatus.DONE and file.ready_at is not None
    ready = client.get(page_url, headers={"HX-Request": "true"}).content.decode()
    assert 'data-state="ready"' in ready and "every 2s" not in ready
    download = client.get(reverse("prepared_file_download", args=[file.pk]))
    assert download["Content-Type"].startswith("text/csv")
    assert f'filename="activity-{office.code}-{YEAR}.csv"' in download["Content-Disposition"]
    text = download.content.decode("utf-8-sig")
    assert "Ménages reçus" in text
    # Kept encrypted with the documents' key: the figures are not in the row.
    assert "Ménages".encode() not in bytes(file.sealed) and len(file.sealed) > len(text)
    event = AuditEvent.objects.get(action=Action.EXPORT)
    assert (event.actor_id, event.object_id) == (user.pk, f"activity:{YEAR}:csv")
    # A second run of the same task (a retry after a crash) changes nothing.
    sealed = bytes(file.sealed)
    prepared.build_prepared_file.call(file.job_id)
    file.refresh_from_db()
    assert bytes(file.sealed) == sealed


def test_only_the_agent_who_asked_sees_the_file(client, statistician):
    user, office = statistician
    client.force_login(user)
    file, page_url = _ask(client, office)
    colleague = member(Role.STATISTICIAN, office)
    client.force_login(colleague)
    assert client.get(page_url).status_code == 404
    assert client.get(reverse("prepared_file_download", args=[file.pk])).status_code == 404


def test_a_file_is_erased_after_a_day_ready_or_not(client, statistician, settings):
    user, office = statistician
    client.force_login(user)
    file, page_url = _ask(client, office)
    assert prepared.erase_expired in EXTRA_SWEEPS  # run by the worker's sweep
    assert prepared.erase_expired() == 0
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        assert prepared.erase_expired() == 1
        client.force_login(user)
        assert client.get(page_url).status_code == 404
    assert not PreparedFile.objects.filter(pk=file.pk).exists()


def test_a_right_removed_while_waiting_fails_the_file(client, statistician, settings):
    settings.TASKS = QUEUED_ONLY
    user, office = statistician
    client.force_login(user)
    file, page_url = _ask(client, office)
    OfficeMembership.objects.filter(user=user).update(is_active=False)
    _run_the_worker(file)
    assert Job.objects.get(pk=file.job_id).status == JobStatus.FAILED
    assert file.ready_at is None and bytes(file.sealed) == b""
    OfficeMembership.objects.filter(user=user).update(is_active=True)
    page = client.get(page_url).content.decode()
    assert 'data-state="failed"' in page and "n'a pas pu être préparé" in page


def test_prepared_files_stay_out_of_backups():
    assert PreparedFile not in backed_up_models()
