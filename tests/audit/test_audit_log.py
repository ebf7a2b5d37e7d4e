import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404

from lien.audit.models import Action, AppendOnlyError, AuditEvent
from lien.audit.services import record
from lien.casefiles.files import selectors as file_selectors
from lien.casefiles.files import services as file_services
from lien.casefiles.notes import services as note_services

pytestmark = pytest.mark.django_db


def test_viewing_a_file_leaves_one_view_event(world):
    worker = world.users["social_worker"]
    file_selectors.file_page_for(actor=worker, pk=world.file.pk)
    events = list(AuditEvent.objects.filter(action=Action.VIEW))
    assert len(events) == 1
    event = events[0]
    assert (event.actor, event.object_kind, event.object_id) == (
        worker,
        "casefile",
        str(world.file.pk),
    )
    assert (event.office_id, event.household_id) == (world.office.pk, world.file.household_id)
    assert event.actor_roles == "social_worker"


def test_a_refused_view_leaves_no_view_event(world):
    with pytest.raises(Http404):
        file_selectors.casefile_for(actor=world.users["social_worker"], pk=world.other_file.pk)
    assert not AuditEvent.objects.filter(action=Action.VIEW).exists()


def test_every_write_leaves_its_event_in_the_same_transaction(world):
    worker = world.users["social_worker"]
    before = AuditEvent.objects.count()
    note = note_services.write_note(actor=worker, casefile_id=world.file.pk, text="Point d'étape.")
    file_services.close_casefile(actor=worker, casefile_id=world.file.pk, reason="goals_met")
    events = list(AuditEvent.objects.order_by("id")[before:])
    assert [(e.action, e.object_kind) for e in events] == [
        (Action.CREATE, "note"),
        (Action.UPDATE, "casefile"),
    ]
    assert events[0].object_id == str(note.pk)


def test_a_failed_write_leaves_neither_change_nor_event(world):
    worker = world.users["social_worker"]
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        note_services.write_note(actor=worker, casefile_id=world.file.pk, text="   ")
    assert AuditEvent.objects.count() == before
    assert world.file.notes.count() == 1


def test_audit_events_cannot_be_changed_or_deleted_through_the_orm(world):
    event = record(actor=world.users["dpo"], action=Action.LOGIN)
    event.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_update([event], ["reason"])
    assert AuditEvent.objects.get(pk=event.pk).reason == ""


def test_events_survive_in_the_database(world):
    record(actor=world.users["dpo"], action=Action.LOGIN)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM audit_auditevent WHERE action = %s", [Action.LOGIN])
        assert cursor.fetchone()[0] == 1


def test_login_logout_and_failed_login_are_audited(client, world):
    user = world.users["secretary"]
    client.post("/login/", {"username": user.username, "password": "wrong"})
    client.post("/login/", {"username": user.username, "password": "test-password-123"})
    client.post("/logout/")
    actions = list(AuditEvent.objects.order_by("id").values_list("action", "actor"))
    assert actions == [
        (Action.LOGIN_FAILED, None),
        (Action.LOGIN, user.pk),
        (Action.LOGOUT, user.pk),
    ]


def test_the_dpo_reads_every_event_others_only_their_own(client, world):
    worker = world.users["social_worker"]
    file_selectors.casefile_for(actor=worker, pk=world.file.pk)
    record(actor=world.users["secretary"], action=Action.LOGIN)
    client.force_login(world.users["dpo"])
    page = client.get("/audit/").content.decode()
    assert str(worker) in page and str(world.users["secretary"]) in page
    client.force_login(world.users["secretary"])
    page = client.get("/audit/").content.decode()
    assert str(worker) not in page
