"""The events written before the audit key (an unkeyed SHA-256 chain) are adopted into
the keyed chain once: by migration 0006, or `seal_audit --adopt-former-events` after
restoring an archive made before the key. What their old chain showed is kept under the
key and printed by verify_audit."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from lien.audit.chain import GENESIS, legacy_digest, verify
from lien.audit.models import Action, AuditCheckpoint, AuditEvent, AuditSeal

from .conftest import logins, tamper

pytestmark = pytest.mark.django_db


def _former_events(n: int) -> list[AuditEvent]:
    """Events as Lien wrote them before the key: chained by SHA-256, never queued."""
    events = AuditEvent.objects.bulk_create(
        AuditEvent(at=timezone.now(), action=Action.LOGIN, reason=f"before the key {i}")
        for i in range(n)
    )
    events = list(AuditEvent.objects.order_by("id"))
    previous = GENESIS
    for event in events:
        event.hash = legacy_digest(event, previous)
        tamper(
            "UPDATE audit_auditevent SET previous_hash = %s, hash = %s WHERE id = %s",
            [previous, event.hash, event.pk],
        )
        previous = event.hash
    return events


def test_former_events_are_adopted_with_the_verdict_of_their_chain(world, capsys):
    events = _former_events(3)
    assert not verify().intact  # outside the keyed chain, not queued
    call_command("seal_audit", adopt_former_events=True)
    checkpoint = AuditCheckpoint.objects.get(kind="adopt")
    assert checkpoint.event_count == 3
    assert checkpoint.reason == f"former chain intact: 3 events, head {events[-1].hash}"
    assert list(AuditSeal.objects.order_by("seq").values_list("event_id", flat=True)) == [
        e.pk for e in events
    ]
    logins(world, 2)  # the keyed chain goes on
    call_command("verify_audit")
    out = capsys.readouterr().out
    assert "Audit log intact: 5 events" in out
    assert "keyed chain started on" in out and "former chain intact" in out


def test_a_former_chain_already_broken_is_recorded_under_the_key(world, capsys):
    events = _former_events(3)
    tamper("UPDATE audit_auditevent SET reason = 'x' WHERE id = %s", [events[1].pk])
    call_command("seal_audit", adopt_former_events=True)
    call_command("verify_audit")
    out = capsys.readouterr().out
    assert f"former chain broken at event {events[1].pk}: its content was changed" in out


def test_adoption_is_refused_once_the_keyed_chain_has_begun(world):
    logins(world, 1)
    _former_events(1)
    with pytest.raises(CommandError, match="the keyed chain has begun"):
        call_command("seal_audit", adopt_former_events=True)
