"""Anchors outside the database: written by anchor_audit, each line under the key, every
one checked by verify_audit; a restore from backup recorded as such."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lien.audit.chain import CONTENT_FIELDS, GENESIS, event_digest, seal_mac, verify
from lien.audit.models import AuditEvent, AuditSeal
from lien.audit.sealer import event_values

from .conftest import logins, tamper

pytestmark = pytest.mark.django_db


def test_anchor_audit_seals_what_waits_and_appends_the_head(world, anchor_file, capsys):
    call_command("anchor_audit")  # an empty log: the genesis
    events = logins(world, 3, sealed=False)
    call_command("anchor_audit")
    lines = [json.loads(line) for line in anchor_file.read_text().splitlines()]
    assert [(a["seq"], a["mac"]) for a in lines] == [
        (0, GENESIS),
        (3, AuditSeal.objects.get(seq=3).mac),
    ]
    assert lines[1]["event"] == events[-1].pk and lines[1]["line_mac"]
    verdict = verify()
    assert verdict.intact and verdict.anchors_checked == 2
    call_command("verify_audit")
    assert "2 anchors checked" in capsys.readouterr().out


def test_a_forged_anchor_line_is_refused(world, anchor_file):
    logins(world, 2)
    call_command("anchor_audit")
    line = json.loads(anchor_file.read_text())
    line["seq"] = 1  # someone trying to excuse a truncation
    anchor_file.write_text(json.dumps(line) + "\n")
    with pytest.raises(CommandError, match=r"line 1 of the anchor file .* is not a valid anchor"):
        call_command("verify_audit")


def test_an_anchor_catches_a_chain_rewritten_with_the_key(world, anchor_file):
    """Even with the key, rewriting an anchored stretch shows against the anchor."""
    events = logins(world, 3)
    call_command("anchor_audit")
    # A rewrite with the key: seal 3 resealed over a changed event.
    tamper("UPDATE audit_auditevent SET reason = 'x' WHERE id = %s", [events[2].pk])
    seal = AuditSeal.objects.get(seq=3)
    row = AuditEvent.objects.filter(pk=events[2].pk).values_list("id", *CONTENT_FIELDS).get()
    digest = event_digest(event_values(row), seal.key_id)
    mac = seal_mac(3, seal.event_id, seal.previous, seal.key_id, seal.sealed_at, digest)
    tamper("UPDATE audit_auditseal SET digest = %s, mac = %s WHERE seq = 3", [digest, mac])
    verdict = verify()
    assert not verdict.intact and verdict.bad_seq == 3
    assert "differs from the anchor written" in verdict.problem


def test_a_restore_is_recorded_and_the_lost_anchors_named(world, anchor_file, capsys):
    events = logins(world, 3)
    call_command("anchor_audit")
    # The database goes back to a backup made after the first event.
    for event in events[1:]:
        tamper("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    tamper("DELETE FROM audit_auditseal WHERE seq > 1")
    assert not verify().intact  # until the restore is recorded
    call_command("anchor_audit", restored=True)
    call_command("verify_audit")
    out = capsys.readouterr().out
    assert "Audit log intact: 1 events" in out
    assert "1 anchors name events lost in a restore from backup" in out
    # New events after the restore are anchored and checked as usual.
    logins(world, 1)
    call_command("anchor_audit")
    assert verify().intact


def test_without_an_anchor_file_verify_audit_says_so(world, anchor_file, capsys):
    logins(world, 1)
    call_command("verify_audit")
    assert "no anchor file yet" in capsys.readouterr().out
