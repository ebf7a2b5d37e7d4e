"""The keyed audit chain: sealing after commit, verify_audit, key rotation, pruning with
its checkpoint, the controlled rewrite path. The attacks are in test_attacks.py."""

import itertools
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from lien.audit import keys
from lien.audit.chain import GENESIS, verify
from lien.audit.maintenance import ChainBrokenError, prune, rewrite_events
from lien.audit.models import (
    Action,
    AuditCheckpoint,
    AuditEvent,
    AuditRedaction,
    AuditSeal,
    PendingSeal,
)

from .conftest import logins, tamper

pytestmark = pytest.mark.django_db


def test_events_wait_in_the_queue_until_sealed_then_chain_in_commit_order(world):
    events = logins(world, sealed=False)
    assert PendingSeal.objects.count() == 5 and not AuditSeal.objects.exists()
    verdict = verify()
    assert verdict.intact and verdict.checked == 0 and verdict.waiting == 5
    call_command("seal_audit")
    assert not PendingSeal.objects.exists()
    seals = list(AuditSeal.objects.order_by("seq"))
    assert [s.seq for s in seals] == [1, 2, 3, 4, 5]
    assert [s.event_id for s in seals] == [e.pk for e in events]
    assert seals[0].previous == GENESIS
    for before, after in itertools.pairwise(seals):
        assert after.previous == before.mac
    assert {s.key_id for s in seals} == {keys.current_key_id()}


def test_verify_audit_passes_on_an_intact_log_and_reports_what_waits(world, capsys):
    logins(world)
    logins(world, 2, sealed=False)
    call_command("verify_audit")
    out = capsys.readouterr().out
    assert "Audit log intact: 5 events, head seal 5" in out
    assert "2 events waiting to be sealed" in out


def test_the_sealer_runs_after_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        logins(world, 3, sealed=False)
    # Registered once for the transaction, and it sealed all three.
    assert len(callbacks) == 1
    assert AuditSeal.objects.count() == 3 and not PendingSeal.objects.exists()


def test_a_rolled_back_act_leaves_neither_event_nor_queue_entry(world):
    from django.db import transaction

    with transaction.atomic():
        logins(world, 2, sealed=False)
        transaction.set_rollback(True)
    assert not AuditEvent.objects.exists() and not PendingSeal.objects.exists()


def test_a_rotated_key_still_verifies_what_the_former_key_sealed(world, settings):
    logins(world, 2)
    former = settings.LIEN_AUDIT_KEY
    settings.LIEN_AUDIT_KEY = "a-new-audit-key-after-a-rotation-0123456789"
    settings.LIEN_AUDIT_OLD_KEYS = [former]
    logins(world, 2)
    assert len(set(AuditSeal.objects.values_list("key_id", flat=True))) == 2
    assert verify().intact
    # Without the former key, its seals can no longer be checked: said, not ignored.
    settings.LIEN_AUDIT_OLD_KEYS = []
    verdict = verify()
    assert not verdict.intact and verdict.bad_seq == 1
    assert "LIEN_AUDIT_OLD_KEYS" in verdict.problem


def test_a_former_key_cannot_seal_after_the_new_one(world, settings):
    """A leaked former key does not let anyone extend the chain: once a newer key sealed,
    a seal by an older one is refused."""
    former = settings.LIEN_AUDIT_KEY
    logins(world, 1)
    settings.LIEN_AUDIT_KEY = "a-new-audit-key-after-a-rotation-0123456789"
    logins(world, 1)
    settings.LIEN_AUDIT_KEY, settings.LIEN_AUDIT_OLD_KEYS = former, [settings.LIEN_AUDIT_KEY]
    logins(world, 1)
    verdict = verify()
    assert not verdict.intact and verdict.bad_seq == 3
    assert "former key" in verdict.problem


def test_pruning_keeps_the_rest_verifiable_through_a_keyed_checkpoint(world, capsys):
    with time_machine.travel(timezone.now() - timedelta(days=200)):
        old = logins(world, 3)
    kept = logins(world, 2)
    call_command("prune_audit")
    assert "3 événements" in capsys.readouterr().out
    assert AuditEvent.objects.count() == 5  # dry run
    call_command("prune_audit", wet_run=True)
    checkpoint = AuditCheckpoint.objects.get(kind="prune")
    assert checkpoint.pruned_count == 3 and checkpoint.last_pruned_seq == 3
    assert checkpoint.mac and checkpoint.key_id == keys.current_key_id()
    assert not AuditEvent.objects.filter(pk__in=[e.pk for e in old]).exists()
    assert not AuditSeal.objects.filter(seq__lte=3).exists()
    assert AuditSeal.objects.get(event_id=kept[0].pk).previous == checkpoint.anchor_hash
    pruned = AuditEvent.objects.get(action=Action.PRUNED)
    assert (
        pruned.object_id == str(checkpoint.pk)
        and AuditSeal.objects.filter(event_id=pruned.pk).exists()
    )
    assert verify().intact
    call_command("verify_audit")


def test_the_controlled_rewrite_keeps_the_seals_and_is_on_record(world):
    events = logins(world)
    seals_before = list(AuditSeal.objects.order_by("seq").values_list("mac", flat=True))

    def anonymise(event):
        event.household_id = None
        event.reason = ""

    checkpoint = rewrite_events(
        event_ids=[events[1].pk, events[3].pk], change=anonymise, reason="erasure request 12"
    )
    verdict = verify()
    assert verdict.intact, verdict.message
    assert AuditEvent.objects.get(pk=events[1].pk).reason == ""
    assert checkpoint.kind == "rewrite" and checkpoint.rewritten_from_id == events[1].pk
    assert AuditRedaction.objects.filter(checkpoint_id=checkpoint.pk).count() == 2
    # The chain's MACs, hence every anchor taken before, are unchanged.
    seals_after = list(AuditSeal.objects.order_by("seq").values_list("mac", flat=True))
    assert seals_after[:5] == seals_before
    rewritten = AuditEvent.objects.get(action=Action.REWRITTEN)
    assert rewritten.object_id == str(checkpoint.pk) and rewritten.result_count == 2
    # A second rewrite of the same event follows the first redaction.
    rewrite_events(
        event_ids=[events[1].pk], change=lambda e: setattr(e, "object_id", "x"), reason="again"
    )
    assert verify().intact


def test_the_rewrite_refuses_to_redact_a_tampered_event(world):
    """Redacting it would launder the change."""
    events = logins(world)
    tamper("UPDATE audit_auditevent SET reason = 'x' WHERE id = %s", [events[3].pk])
    with pytest.raises(ChainBrokenError) as refused:
        rewrite_events(
            event_ids=[events[1].pk, events[3].pk], change=lambda e: None, reason="erasure"
        )
    assert refused.value.args[0] == events[3].pk
    assert not AuditRedaction.objects.exists()  # rolled back


def test_a_tampered_event_outside_the_rewrite_stays_visible(world):
    events = logins(world)
    tamper("UPDATE audit_auditevent SET reason = 'x' WHERE id = %s", [events[0].pk])

    def forget(event):
        event.reason = ""

    rewrite_events(event_ids=[events[2].pk], change=forget, reason="erasure")
    verdict = verify()
    assert not verdict.intact and verdict.bad_event_id == events[0].pk


def test_pruning_refuses_a_broken_chain(world):
    events = logins(world)
    tamper("UPDATE audit_auditevent SET reason = 'x' WHERE id = %s", [events[0].pk])
    with pytest.raises(CommandError, match="Refused"):
        call_command("prune_audit", wet_run=True)
    assert AuditEvent.objects.filter(pk=events[0].pk).exists()


def test_prune_seals_what_waits_first_and_never_prunes_it(world):
    with time_machine.travel(timezone.now() - timedelta(days=200)):
        logins(world, 2)
        logins(world, 1, sealed=False)
    checkpoint = prune(cutoff=timezone.now() - timedelta(days=100))
    assert checkpoint.pruned_count == 3
    assert verify().intact
