"""The tamper-evident audit log: the hash chain, verify_audit, the database guard,
pruning with its checkpoint, and the controlled rewrite path."""

import itertools
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from lien.audit.chain import GENESIS, verify
from lien.audit.maintenance import (
    ChainBrokenError,
    install_guard,
    maintenance_window,
    prune,
    revoke_changes_from,
    rewrite_events,
)
from lien.audit.models import Action, AuditCheckpoint, AuditEvent
from lien.audit.services import record

pytestmark = pytest.mark.django_db


def _events(world, n=5):
    return [
        record(actor=world.users["dpo"], action=Action.LOGIN, reason=f"event {i}") for i in range(n)
    ]


def _raw(sql, params=()):
    """Plain SQL, as someone with database access would type it. Inside the maintenance
    window, so that the test plays a database administrator who bypasses the guard."""
    with maintenance_window("test"), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_each_event_carries_the_hash_of_the_previous_one(world):
    events = _events(world)
    first = AuditEvent.objects.order_by("id").first()
    assert first.previous_hash == GENESIS
    for before, after in itertools.pairwise(events):
        assert after.previous_hash == before.hash
        assert len(after.hash) == 64


def test_verify_audit_passes_on_an_intact_log(world, capsys):
    _events(world)
    call_command("verify_audit")
    assert "Audit log intact" in capsys.readouterr().out


def test_verify_audit_names_an_event_changed_with_plain_sql(world):
    events = _events(world)
    _raw("UPDATE audit_auditevent SET reason = %s WHERE id = %s", ["rewritten", events[2].pk])
    with pytest.raises(CommandError, match=f"event {events[2].pk} its content was changed"):
        call_command("verify_audit")


def test_verify_audit_names_the_event_after_a_removed_one(world):
    events = _events(world)
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    with pytest.raises(CommandError, match=f"event {events[2].pk} does not follow"):
        call_command("verify_audit")


def test_verify_audit_catches_an_inserted_event(world):
    events = _events(world)
    # A forger copies the hash fields of a real event onto a new row placed before the
    # next one: the chain's links no longer match.
    _raw(
        "UPDATE audit_auditevent SET previous_hash = %s, hash = %s WHERE id = %s",
        [events[1].previous_hash, events[1].hash, events[2].pk],
    )
    with pytest.raises(CommandError, match="NOT intact"):
        call_command("verify_audit")


def test_a_removed_tail_is_caught_with_the_head_recorded_earlier(world, capsys):
    events = _events(world)
    call_command("verify_audit")
    head = capsys.readouterr().out.split("head ")[1].strip(" .\n")
    assert head == events[-1].hash
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [events[-1].pk])
    call_command("verify_audit")  # alone, a shortened chain looks intact
    with pytest.raises(CommandError, match=r"no\s+longer in the chain"):
        call_command("verify_audit", expect_head=head)


def test_the_database_refuses_plain_update_and_delete(world):
    if connection.vendor == "sqlite":
        install_guard()  # the test settings leave it out on SQLite (see config/settings/test.py)
    event = record(actor=world.users["dpo"], action=Action.LOGIN)
    for sql in (
        "UPDATE audit_auditevent SET reason = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk, reason="").exists()


def test_pruning_keeps_the_rest_verifiable_through_a_checkpoint(world, capsys):
    if connection.vendor == "sqlite":
        install_guard()
    with time_machine.travel(timezone.now() - timedelta(days=200)):
        old = _events(world, 3)
    kept = _events(world, 2)
    call_command("prune_audit")
    assert "3 events" in capsys.readouterr().out
    assert AuditEvent.objects.count() == 5  # dry run
    call_command("prune_audit", wet_run=True)
    checkpoint = AuditCheckpoint.objects.get(kind="prune")
    assert checkpoint.pruned_count == 3
    assert not AuditEvent.objects.filter(pk__in=[e.pk for e in old]).exists()
    assert AuditEvent.objects.get(pk=kept[0].pk).previous_hash == checkpoint.anchor_hash
    assert AuditEvent.objects.filter(action=Action.PRUNED, result_count=3).exists()
    assert verify().intact
    call_command("verify_audit")


def test_an_event_slipped_in_before_the_checkpoint_is_caught(world):
    events = _events(world, 3)
    prune(cutoff=events[1].at + timedelta(microseconds=1))
    _raw(
        "INSERT INTO audit_auditevent (id, at, actor_roles, action, object_kind, object_id, "
        "reason, request_id, previous_hash, hash) VALUES (%s, %s, '', 'login', '', '', '', '', '', '')",
        [events[0].pk, timezone.now()],
    )
    verdict = verify()
    assert not verdict.intact and verdict.bad_event_id == events[0].pk


def test_the_controlled_rewrite_keeps_the_chain_intact_and_on_record(world):
    events = _events(world)

    def anonymise(event):
        event.household_id = None
        event.reason = ""

    checkpoint = rewrite_events(
        event_ids=[events[1].pk, events[3].pk], change=anonymise, reason="erasure request 12"
    )
    assert verify().intact
    assert AuditEvent.objects.get(pk=events[1].pk).reason == ""
    assert checkpoint.kind == "rewrite" and checkpoint.rewritten_from_id == events[1].pk
    assert checkpoint.previous_head == events[-1].hash != checkpoint.new_head


def test_pruning_refuses_a_broken_chain(world):
    events = _events(world)
    _raw("UPDATE audit_auditevent SET reason = 'x' WHERE id = %s", [events[0].pk])
    with pytest.raises(CommandError, match="Refused"):
        call_command("prune_audit", wet_run=True)
    assert AuditEvent.objects.filter(pk=events[0].pk).exists()


def test_postgresql_revokes_changes_from_the_application_role(world):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL roles")
    event = record(actor=world.users["dpo"], action=Action.LOGIN)
    with connection.cursor() as cursor:
        cursor.execute("CREATE ROLE lien_app_test NOLOGIN")
        cursor.execute("GRANT USAGE ON SCHEMA public TO lien_app_test")
        revoke_changes_from(cursor, "lien_app_test")
        cursor.execute("SET ROLE lien_app_test")
        try:
            cursor.execute("SELECT count(*) FROM audit_auditevent")
            assert cursor.fetchone()[0] >= 1
            for sql in (
                "UPDATE audit_auditevent SET reason = 'x' WHERE id = %s",
                "DELETE FROM audit_auditevent WHERE id = %s",
            ):
                with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
                    cursor.execute(sql, [event.pk])
            with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
                cursor.execute("TRUNCATE audit_auditevent")
        finally:
            cursor.execute("RESET ROLE")


def test_the_rewrite_refuses_to_rehash_a_tampered_event(world):
    """The stretch it re-hashes is checked first: re-hashing would launder a change."""
    events = _events(world)
    _raw("UPDATE audit_auditevent SET reason = 'x' WHERE id = %s", [events[3].pk])
    with pytest.raises(ChainBrokenError) as refused:
        rewrite_events(event_ids=[events[1].pk], change=lambda e: None, reason="erasure")
    assert refused.value.args[0] == events[3].pk
    assert AuditEvent.objects.get(pk=events[1].pk).hash == events[1].hash  # rolled back


def test_a_tampered_event_before_the_rewritten_stretch_stays_visible(world):
    events = _events(world)
    _raw("UPDATE audit_auditevent SET reason = 'x' WHERE id = %s", [events[0].pk])

    def forget(event):
        event.reason = ""

    rewrite_events(event_ids=[events[2].pk], change=forget, reason="erasure")
    verdict = verify()
    assert not verdict.intact and verdict.bad_event_id == events[0].pk


def test_a_rewrite_in_small_chunks_gives_the_same_chain(world):
    events = _events(world, 7)

    def forget(event):
        event.reason = ""

    with transaction.atomic():
        rewrite_events(event_ids=[events[1].pk, events[5].pk], change=forget, reason="one pass")
        whole = list(AuditEvent.objects.order_by("id").values_list("reason", "hash"))
        transaction.set_rollback(True)
    rewrite_events(
        event_ids=[events[1].pk, events[5].pk], change=forget, reason="chunks", chunk_size=2
    )
    assert verify().intact
    assert list(AuditEvent.objects.order_by("id").values_list("reason", "hash")) == whole
    assert AuditEvent.objects.get(pk=events[5].pk).reason == ""
