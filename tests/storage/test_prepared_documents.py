"""The long documents prepared by the task worker like the statistics exports
(lien/privacy/prepared_documents.py, lien/web/audit/prepared.py): the register of
processing's PDF, the access export's PDF and the audit extract. Asked on their page,
the answer is the prepared file's page, which waits for the worker; the worker reads
through the same selector (its audit event), and the file goes to the agent who asked
and no one else; a right removed while it waited fails it."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lien.accounts.decorators import AUTHENTICATED_AT
from lien.accounts.models import OfficeMembership
from lien.accounts.roles import Role
from lien.audit.models import Action, AuditEvent
from lien.background.models import Job, JobStatus
from lien.privacy import services as privacy_services
from lien.storage import prepared
from lien.storage.models import PreparedFile

from ..factories import release_every_note

QUEUED_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(settings):
    """The tasks wait for the worker, which the test runs itself."""
    settings.TASKS = QUEUED_ONLY


def _fresh(client, user):
    client.force_login(user)
    session = client.session
    session[AUTHENTICATED_AT] = time.time()
    session.save()


def _asked(response) -> PreparedFile:
    assert response.status_code == 302, response.status_code
    file = PreparedFile.objects.get()
    assert response["Location"] == reverse("prepared_file", args=[file.pk])
    return file


def _waits(client, file):
    page = client.get(reverse("prepared_file", args=[file.pk])).content.decode()
    assert 'data-state="preparing"' in page and 'hx-trigger="every 2s"' in page


def _run_the_worker(file):
    prepared.build_prepared_file.call(file.job_id)
    file.refresh_from_db()


def _download(client, file):
    response = client.get(reverse("prepared_file_download", args=[file.pk]))
    assert response.status_code == 200
    return response


def test_the_register_pdf_is_made_by_the_worker_for_the_one_who_asked(client, world, queued):
    dpo = world.users[Role.DPO]
    client.force_login(dpo)
    file = _asked(client.get("/catalogue/documents/register.pdf"))
    _waits(client, file)
    # Nothing read yet: the worker's read is the audit event.
    assert not AuditEvent.objects.filter(object_kind="catalog_register").exists()
    _run_the_worker(file)
    assert Job.objects.get(pk=file.job_id).status == JobStatus.DONE
    page = client.get(reverse("prepared_file", args=[file.pk])).content.decode()
    assert 'data-state="ready"' in page
    pdf = _download(client, file)
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert 'filename="register.pdf"' in pdf["Content-Disposition"]
    event = AuditEvent.objects.get(object_kind="catalog_register")
    assert (event.actor_id, event.action, event.reason) == (dpo.pk, Action.EXPORT, "pdf")
    client.force_login(world.users[Role.ADMIN])  # may read the register, did not ask
    assert client.get(reverse("prepared_file", args=[file.pk])).status_code == 404
    assert client.get(reverse("prepared_file_download", args=[file.pk])).status_code == 404


def test_a_right_removed_while_the_register_waited_fails_it(client, world, queued):
    dpo = world.users[Role.DPO]
    client.force_login(dpo)
    file = _asked(client.get("/catalogue/documents/dpia.pdf"))
    OfficeMembership.objects.filter(user=dpo).update(is_active=False)
    _run_the_worker(file)
    assert Job.objects.get(pk=file.job_id).status == JobStatus.FAILED
    assert file.ready_at is None and bytes(file.sealed) == b""
    assert not AuditEvent.objects.filter(object_kind="catalog_dpia").exists()


def test_no_register_is_asked_by_whoever_may_not_read_it(client, world):
    client.force_login(world.users[Role.SOCIAL_WORKER])
    assert client.get("/catalogue/documents/register.pdf").status_code == 404
    client.force_login(world.users[Role.DPO])
    assert client.get("/catalogue/documents/nothing.pdf").status_code == 404
    assert not PreparedFile.objects.exists()


def test_the_access_export_pdf_is_made_by_the_worker(client, world, queued):
    dpo = world.users[Role.DPO]
    person = world.file.household.members.get(relationship="reference").person
    rights = privacy_services.open_rights_request(
        actor=dpo, casefile_id=world.file.pk, person_name=person.birth_name, kind="access"
    )
    release_every_note(rights)
    _fresh(client, dpo)
    file = _asked(client.get(reverse("access_export_pdf", args=[rights.pk])))
    _waits(client, file)
    exported = AuditEvent.objects.filter(action=Action.EXPORT, household_id=world.file.household_id)
    assert not exported.exists()
    _run_the_worker(file)
    pdf = _download(client, file)
    assert pdf.content.startswith(b"%PDF")
    assert f'filename="export-acces-demande-{rights.pk}.pdf"' in pdf["Content-Disposition"]
    assert exported.get().actor_id == dpo.pk  # the selector's event, written by the worker
    # Kept encrypted: the person's name is not in the stored row.
    assert person.birth_name.encode() not in bytes(PreparedFile.objects.get().sealed)


def test_the_audit_extract_is_written_by_the_worker(client, world, queued):
    dpo = world.users[Role.DPO]
    worker = world.users[Role.SOCIAL_WORKER]
    _fresh(client, dpo)
    today = timezone.localdate()
    form = {
        "since": (today - timedelta(days=1)).isoformat(),
        "until": today.isoformat(),
        "reason": "Plainte du 3 mars",
        "subject": "agent",
    }
    refused = client.post("/audit/extract/", {**form, "username": "personne"})
    assert refused.status_code == 200 and not PreparedFile.objects.exists()
    file = _asked(client.post("/audit/extract/", {**form, "username": worker.username}))
    _waits(client, file)
    assert not AuditEvent.objects.filter(object_kind="audit_extract_agent").exists()
    _run_the_worker(file)
    csv_file = _download(client, file)
    assert csv_file["Content-Type"].startswith("text/csv")
    assert csv_file.content.decode("utf-8-sig").startswith("Date et heure;")
    event = AuditEvent.objects.get(object_kind="audit_extract_agent")
    assert (event.actor_id, event.reason, event.object_id) == (
        dpo.pk,
        "Plainte du 3 mars",
        str(worker.pk),
    )
