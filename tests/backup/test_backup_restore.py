"""Backup and restore: the round trip gives the same data; a wrong key, an altered or a
truncated archive, and a database that is not empty are refused."""

import io
import json
import os
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lien.audit.models import AuditEvent
from lien.backup import archive
from lien.backup.dataset import EXCLUDED
from lien.casefiles.files import selectors as file_selectors
from lien.casefiles.models import Household
from lien.casefiles.notes import services as note_services
from lien.casefiles.notes.crypto import unseal

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def empty_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "no-media"


@pytest.fixture
def key(monkeypatch):
    value = archive.generate_key()
    monkeypatch.setenv(archive.KEY_ENV, value)
    return value


def _snapshot() -> list:
    out = io.StringIO()
    call_command("dumpdata", exclude=EXCLUDED, natural_foreign=True, stdout=out)
    rows = json.loads(out.getvalue())
    for row in rows:
        # A note is dumped sealed, and each seal is randomised: compare what it says.
        if row["model"] == "casefiles.note":
            row["fields"]["text"] = unseal(row["fields"]["text"])
    return sorted(rows, key=lambda o: (o["model"], str(o["pk"])))


def _lived_in(world):
    worker = world.users["social_worker"]
    note_services.write_note(actor=worker, casefile_id=world.file.pk, text="Suivi : « accents » ✓")
    file_selectors.file_page_for(actor=worker, pk=world.file.pk)


def test_the_round_trip_gives_the_same_data(world, key, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "documents" / "2026").mkdir(parents=True)
    document = tmp_path / "media" / "documents" / "2026" / "avis-impot.pdf"
    document.write_bytes(b"%PDF-1.7 fictitious document")
    _lived_in(world)
    before = _snapshot()
    assert len(before) > 30 and AuditEvent.objects.count() >= 2
    path = tmp_path / "lien.backup"
    call_command("backup", output=str(path))
    assert b"accents" not in path.read_bytes()  # encrypted
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(CommandError, match="media folder"):
        call_command("restore", str(path))
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    out = io.StringIO()
    call_command("restore", str(path), stdout=out)
    assert "Audit log: intact" in out.getvalue()
    assert _snapshot() == before
    restored = tmp_path / "restored-media" / "documents" / "2026" / "avis-impot.pdf"
    assert restored.read_bytes() == b"%PDF-1.7 fictitious document"
    call_command("verify_audit")
    # The restored database keeps working: new rows get fresh ids, the chain goes on.
    _lived_in(world)
    call_command("verify_audit")


def test_the_restored_audit_chain_verifies_with_its_seals(world, key, tmp_path, settings):
    """Sealed events, events still waiting to be sealed, a pruning checkpoint: all come back
    and verify under the same audit key."""
    from lien.audit.maintenance import prune
    from lien.audit.models import AuditSeal
    from lien.audit.sealer import seal_pending
    from lien.audit.verification import verify

    _lived_in(world)
    seal_pending()
    first_kept = AuditEvent.objects.order_by("id")[1]
    prune(cutoff=first_kept.at)
    settings.LIEN_AUDIT_SEALER = "periodic"
    _lived_in(world)  # these wait to be sealed
    settings.LIEN_AUDIT_SEALER = "after-commit"
    before = verify()
    assert before.intact, before.message
    sealed, waiting = AuditSeal.objects.count(), before.waiting
    assert sealed and waiting
    path = tmp_path / "lien.backup"
    call_command("backup", output=str(path))
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(path), stdout=io.StringIO())
    verdict = verify()
    assert verdict.intact, verdict.message
    assert (verdict.checked, verdict.waiting) == (sealed, waiting)
    seal_pending()
    assert verify().intact


def test_restore_refuses_a_database_that_is_not_empty(world, key, tmp_path):
    path = tmp_path / "lien.backup"
    call_command("backup", output=str(path))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(path))


def test_restore_refuses_a_wrong_key(world, key, tmp_path, monkeypatch):
    path = tmp_path / "lien.backup"
    call_command("backup", output=str(path))
    call_command("flush", interactive=False, verbosity=0)
    monkeypatch.setenv(archive.KEY_ENV, archive.generate_key())
    with pytest.raises(CommandError, match="another key"):
        call_command("restore", str(path))


@pytest.mark.parametrize("damage", ["flip", "truncate"])
def test_restore_refuses_an_altered_archive_and_restores_nothing(world, key, tmp_path, damage):
    path = tmp_path / "lien.backup"
    call_command("backup", output=str(path))
    data = bytearray(path.read_bytes())
    if damage == "flip":
        data[-40] ^= 0x01
    else:
        data = data[:-30]
    path.write_bytes(bytes(data))
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("restore", str(path))
    assert not AuditEvent.objects.exists()


def test_a_key_file_kept_apart_works(world, tmp_path, monkeypatch):
    monkeypatch.delenv(archive.KEY_ENV, raising=False)
    with pytest.raises(CommandError, match="No backup key"):
        call_command("backup", output=str(tmp_path / "x"))
    key_file = tmp_path / "keys" / "lien.key"
    key_file.parent.mkdir()
    out = io.StringIO()
    call_command("backup", generate_key=True, stdout=out)
    key_file.write_text(out.getvalue())
    call_command("backup", output=str(tmp_path / "lien.backup"), key_file=str(key_file))
    assert (tmp_path / "lien.backup").stat().st_size > 100


def test_large_data_spans_several_authenticated_chunks(key):
    source = io.BytesIO(os.urandom(3 * archive.CHUNK))  # random: does not compress
    sealed = io.BytesIO()
    archive.write(sealed, source, archive.load_key(None), {"format": 1})
    sealed.seek(0)
    assert b"".join(archive.read(sealed, archive.load_key(None))) == source.getvalue()


def test_timestamps_come_back_to_the_microsecond(world, key, tmp_path, settings):
    """Django's own JSON encoder cuts times to the millisecond; a restore must not."""
    settings.MEDIA_ROOT = tmp_path / "media"
    exact = datetime(2026, 3, 4, 10, 11, 12, 345678, tzinfo=UTC)
    Household.objects.filter(pk=world.file.household_id).update(created_at=exact)
    before = _snapshot()
    assert "2026-03-04T10:11:12.345678Z" in json.dumps(before)
    path = tmp_path / "lien.backup"
    call_command("backup", output=str(path))
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    call_command("restore", str(path), stdout=io.StringIO())
    assert _snapshot() == before
    assert Household.objects.get(pk=world.file.household_id).created_at == exact
