"""No clear copy of the data ever sits on disk: neither while a backup is written nor
while it is restored, so a backup or restore killed at any moment leaves nothing readable
(the archive being written is encrypted from its first byte, and removed on failure)."""

import io
import tarfile
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lien.backup import archive, dataset
from lien.backup.management.commands import restore as restore_command
from lien.casefiles.models import Person

from .test_backup_restore import _snapshot

pytestmark = pytest.mark.django_db(transaction=True)

MARKER = "Zéphyrine-Quillebeuf"


@pytest.fixture(autouse=True)
def key(monkeypatch):
    monkeypatch.setenv(archive.KEY_ENV, archive.generate_key())


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """Every temporary file goes under one folder, which the tests read through."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return tmp_path


def _clear_copies(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and MARKER.encode("utf-8") in p.read_bytes()]


def test_nothing_readable_on_disk_while_a_backup_runs(world, scratch, monkeypatch, settings):
    settings.MEDIA_ROOT = scratch / "media"
    Person.objects.filter(pk=world.file.reference_person.pk).update(birth_name=MARKER)
    seen = []
    dumped = []
    serialise = dataset.serialise

    def look_thenserialise(rows):
        seen.append(_clear_copies(scratch))
        batch = serialise(rows)
        dumped.append(MARKER.encode("utf-8") in batch)
        return batch

    monkeypatch.setattr(dataset, "serialise", look_thenserialise)
    call_command("backup", output=str(scratch / "lien.backup"))
    assert any(dumped), "the marker is in the data: the scan looks for something real"
    assert len(seen) > 5 and all(found == [] for found in seen)
    assert _clear_copies(scratch) == []


def test_a_failed_backup_leaves_no_file(world, scratch, monkeypatch):
    def fail(rows):
        raise OSError("disk full")

    monkeypatch.setattr(dataset, "serialise", fail)
    with pytest.raises(OSError, match="disk full"):
        call_command("backup", output=str(scratch / "lien.backup"))
    assert list(scratch.glob("lien.backup*")) == []


def test_nothing_readable_on_disk_while_a_restore_runs(world, scratch, monkeypatch, settings):
    settings.MEDIA_ROOT = scratch / "media"
    Person.objects.filter(pk=world.file.reference_person.pk).update(birth_name=MARKER)
    call_command("backup", output=str(scratch / "lien.backup"))
    call_command("flush", interactive=False, verbosity=0)
    seen = []
    read_bundle = restore_command.read_bundle

    def look_while_reading(*args):
        for batch in read_bundle(*args):
            seen.append(_clear_copies(scratch))
            yield batch

    monkeypatch.setattr(restore_command, "read_bundle", look_while_reading)
    call_command("restore", str(scratch / "lien.backup"), stdout=io.StringIO())
    assert seen and all(found == [] for found in seen)
    assert Person.objects.filter(birth_name=MARKER).exists()


def test_a_restore_that_fails_takes_its_files_away(world, scratch, settings):
    """The uploaded files come after the rows: a restore refused on its last part has
    already extracted some; they go, as the rows do."""
    settings.MEDIA_ROOT = scratch / "media"
    for number in range(3):
        document = scratch / "media" / "documents" / f"piece-{number}.pdf"
        document.parent.mkdir(parents=True, exist_ok=True)
        document.write_bytes(b"%PDF-1.7 " + bytes(range(256)) * 4000)  # ~1 MiB each
    call_command("backup", output=str(scratch / "lien.backup"))
    path = scratch / "lien.backup"
    path.write_bytes(path.read_bytes()[:-30])
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = scratch / "restored"
    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("restore", str(path))
    assert not Person.objects.exists()
    assert [p for p in (scratch / "restored").rglob("*") if p.is_file()] == []


def test_an_archive_of_the_first_format_still_restores(world, scratch, settings):
    """Archives written before the stream format hold the rows as one data.json."""
    settings.MEDIA_ROOT = scratch / "media"
    before = _snapshot()
    dump = io.StringIO()
    call_command("dumpdata", exclude=dataset.EXCLUDED, natural_foreign=True, stdout=dump)
    data = dump.getvalue().encode("utf-8")
    bundle = io.BytesIO()
    with tarfile.open(fileobj=bundle, mode="w") as tar:
        member = tarfile.TarInfo("data.json")
        member.size = len(data)
        tar.addfile(member, io.BytesIO(data))
    bundle.seek(0)
    meta = {
        "format": 1,
        "created_at": "2026-01-05T10:00:00+00:00",
        "database": "sqlite",
        "migrations": dataset.applied_migrations(),
        "media_files": 0,
    }
    with (scratch / "former.backup").open("wb") as out:
        archive.write(out, bundle, archive.load_key(None), meta)
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(scratch / "former.backup"), stdout=io.StringIO())
    assert _snapshot() == before
