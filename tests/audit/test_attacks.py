"""Each way someone with write access to the database (but not the audit key) could try
to rewrite history, and verify_audit naming the first bad event. Runs on SQLite and
PostgreSQL (`make test-postgres PYTEST_ARGS=tests/audit`)."""

import hashlib
import hmac
import json
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from lien.audit.chain import seal_payload
from lien.audit.database_guard import WINDOW_TABLE, install_guard
from lien.audit.models import AuditCheckpoint, AuditSeal

from .conftest import logins, tamper

pytestmark = pytest.mark.django_db


def _caught(pattern: str) -> None:
    with pytest.raises(CommandError, match=r"Audit log NOT intact: ") as refused:
        call_command("verify_audit")
    assert re.search(pattern, str(refused.value)), str(refused.value)


def _seal(event) -> AuditSeal:
    return AuditSeal.objects.get(event_id=event.pk)


def test_update_an_event(world):
    events = logins(world)
    tamper("UPDATE audit_auditevent SET reason = %s WHERE id = %s", ["rewritten", events[2].pk])
    _caught(rf"event {events[2].pk} \(seal 3\) its content was changed")


def test_update_an_event_and_its_digest(world):
    """The digest is a MAC of the content: a plain hash of the new content does not fit."""
    events = logins(world)
    tamper("UPDATE audit_auditevent SET reason = 'x' WHERE id = %s", [events[2].pk])
    forged = hashlib.sha256(b"x").hexdigest()
    tamper("UPDATE audit_auditseal SET digest = %s WHERE seq = 3", [forged])
    _caught(rf"event {events[2].pk} \(seal 3\) has a seal that does not verify")


def test_delete_an_event_and_its_seal(world):
    events = logins(world)
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    tamper("DELETE FROM audit_auditseal WHERE seq = 2")
    _caught(rf"event {events[2].pk} \(seal 3\) follows seal 1: seal 2 was removed")


def test_delete_an_event_leaving_its_seal(world):
    events = logins(world)
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    _caught(rf"event {events[1].pk} \(seal 2\) was removed")


def test_delete_a_range_and_renumber_the_seals(world):
    events = logins(world, 6)
    tamper("DELETE FROM audit_auditevent WHERE id IN (%s, %s)", [events[1].pk, events[2].pk])
    tamper("DELETE FROM audit_auditseal WHERE seq IN (2, 3)")
    tamper("UPDATE audit_auditseal SET seq = seq - 2 WHERE seq > 3")
    _caught(rf"event {events[3].pk} \(seal 2\) does not follow the seal before it")


def test_truncate_the_end_is_caught_by_the_anchor(world, anchor_file):
    events = logins(world, 5)
    call_command("anchor_audit")
    for event in events[3:]:
        tamper("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    tamper("DELETE FROM audit_auditseal WHERE seq > 3")
    _caught(
        rf"event {events[4].pk} \(seal 5\) is missing: the chain ends at seal 3, but the "
        r"anchor written .* recorded seal 5"
    )


def test_truncate_the_end_is_caught_with_a_head_recorded_elsewhere(world, capsys):
    events = logins(world)
    head = _seal(events[-1]).mac
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[-1].pk])
    tamper("DELETE FROM audit_auditseal WHERE seq = 5")
    call_command("verify_audit")  # without an anchor, a shortened chain looks intact
    with pytest.raises(CommandError, match=r"no longer in\s+the chain"):
        call_command("verify_audit", expect_head=head)


def test_insert_an_event_with_a_forged_seal_in_the_middle(world):
    """Making room for it means renumbering and relinking the seals after it: without the
    key, the first relinked seal gives it away."""
    events = logins(world, 4)
    fake_key = b"the attacker's guess at the key, which is not in the database"
    tamper("UPDATE audit_auditseal SET seq = seq + 100 WHERE seq >= 3")
    tamper("UPDATE audit_auditseal SET seq = seq - 99 WHERE seq >= 100")
    tamper(
        "INSERT INTO audit_auditevent (at, actor_roles, action, object_kind, object_id, reason, "
        "request_id, previous_hash, hash) VALUES (%s, '', 'view', 'casefile', '1', '', '', '', '')",
        [events[1].at],
    )
    previous = _seal(events[1])
    inserted = _max_event_id()
    mac = _forge(fake_key, 3, inserted, previous.mac, previous.key_id, previous.sealed_at, "0" * 64)
    tamper(
        "INSERT INTO audit_auditseal (seq, event_id, previous, digest, key_id, sealed_at, mac) "
        "VALUES (3, %s, %s, %s, %s, %s, %s)",
        [inserted, previous.mac, "0" * 64, previous.key_id, previous.sealed_at, mac],
    )
    tamper("UPDATE audit_auditseal SET previous = %s WHERE seq = 4", [mac])
    _caught(rf"event {inserted} \(seal 3\) has a seal that does not verify")


def test_insert_an_event_outside_the_queue(world):
    logins(world, 2)
    tamper(
        "INSERT INTO audit_auditevent (at, actor_roles, action, object_kind, object_id, reason, "
        "request_id, previous_hash, hash) VALUES (%s, '', 'view', 'casefile', '1', '', '', '', '')",
        [timezone.now()],
    )
    _caught(rf"event {_max_event_id()} is in no seal and not waiting to be sealed")


def test_insert_a_backdated_event_through_the_queue(world):
    """Queued like a real one, it is sealed, but after events dated later: written after
    the fact."""
    logins(world, 2)
    tamper(
        "INSERT INTO audit_auditevent (at, actor_roles, action, object_kind, object_id, reason, "
        "request_id, previous_hash, hash) VALUES (%s, '', 'view', 'casefile', '1', '', '', '', '')",
        [timezone.now() - timedelta(days=30)],
    )
    tamper("INSERT INTO audit_pendingseal (event_id) VALUES (%s)", [_max_event_id()])
    from lien.audit.sealer import seal_pending

    seal_pending()
    _caught(rf"event {_max_event_id()} \(seal 3\) is dated .* written after the fact")


def test_rewrite_and_recompute_the_chain_without_the_key(world):
    """Every digest and MAC recomputed from the changed event on, with a guessed key and
    the real key ids: the first recomputed seal does not verify."""
    events = logins(world)
    tamper("UPDATE audit_auditevent SET reason = 'x' WHERE id = %s", [events[1].pk])
    fake_key = b"a key that is not LIEN_AUDIT_KEY"
    seals = list(AuditSeal.objects.order_by("seq"))
    previous = seals[0].mac
    for seal in seals[1:]:
        digest = hmac.new(fake_key, str(seal.event_id).encode(), hashlib.sha256).hexdigest()
        mac = _forge(
            fake_key, seal.seq, seal.event_id, previous, seal.key_id, seal.sealed_at, digest
        )
        tamper(
            "UPDATE audit_auditseal SET previous = %s, digest = %s, mac = %s WHERE seq = %s",
            [previous, digest, mac, seal.seq],
        )
        previous = mac
    _caught(rf"event {events[1].pk} \(seal 2\) has a seal that does not verify")


def test_forge_a_pruning_checkpoint(world):
    """Delete the start of the log and leave a checkpoint that says it was pruned: the
    checkpoint's MAC cannot be made without the key."""
    events = logins(world)
    anchor = _seal(events[1]).mac
    tamper("DELETE FROM audit_auditevent WHERE id IN (%s, %s)", [events[0].pk, events[1].pk])
    tamper("DELETE FROM audit_auditseal WHERE seq <= 2")
    forged = AuditCheckpoint(
        kind="prune",
        last_pruned_seq=2,
        last_pruned_id=events[1].pk,
        pruned_count=2,
        anchor_hash=anchor,
        created_at=timezone.now(),
        key_id=_seal(events[2]).key_id,
        mac=hashlib.sha256(b"a guess").hexdigest(),
    )
    AuditCheckpoint.objects.bulk_create([forged])  # bypasses the model, as SQL would
    checkpoint = AuditCheckpoint.objects.get()
    _caught(rf"checkpoint {checkpoint.pk} \(prune\) does not verify with the audit key")


def test_change_a_genuine_checkpoint(world):
    from lien.audit.maintenance import prune

    events = logins(world)
    checkpoint = prune(cutoff=events[1].at + timedelta(milliseconds=1))
    tamper("UPDATE audit_auditcheckpoint SET pruned_count = 1 WHERE id = %s", [checkpoint.pk])
    _caught(rf"checkpoint {checkpoint.pk} \(prune\) does not verify")


def test_forge_a_redaction(world):
    events = logins(world)
    tamper("UPDATE audit_auditevent SET reason = 'x' WHERE id = %s", [events[2].pk])
    seal = _seal(events[2])
    tamper(
        "INSERT INTO audit_auditredaction (event_id, seal_seq, digest_before, digest_after, "
        "checkpoint_id, key_id, mac) VALUES (%s, 3, %s, %s, 1, %s, %s)",
        [events[2].pk, seal.digest, "0" * 64, seal.key_id, "0" * 64],
    )
    _caught(rf"event {events[2].pk} \(seal 3\) has a redaction that does not verify")


def test_open_the_maintenance_window_with_one_row(world):
    """The old attack: one committed row in the window table turns the triggers off. On
    SQLite anyone with the file can do it (and more); the chain still catches what follows.
    On PostgreSQL the application role cannot (test_database_roles.py); the owner can, and
    is caught the same way."""
    if connection.vendor == "sqlite":
        install_guard()
    events = logins(world)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {WINDOW_TABLE} (purpose) VALUES ('attack')")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET reason = 'x' WHERE id = %s", [events[0].pk])
        cursor.execute(f"DELETE FROM {WINDOW_TABLE}")
    _caught(rf"event {events[0].pk} \(seal 1\) its content was changed")


def _max_event_id() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM audit_auditevent")
        return cursor.fetchone()[0]


def _forge(key: bytes, seq, event_id, previous, kid, sealed_at, digest) -> str:
    data = json.dumps(
        ["seal", *seal_payload(seq, event_id, previous, kid, sealed_at, digest)],
        separators=(",", ":"),
    )
    return hmac.new(key, data.encode(), hashlib.sha256).hexdigest()
