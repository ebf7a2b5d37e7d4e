"""The notes' text is encrypted at rest, readable as plaintext in Python, and re-encrypted
with a new key by `manage.py rotate_notes_key`."""

import importlib
from io import StringIO
from types import SimpleNamespace

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from lien.accounts.roles import Role
from lien.audit.models import AuditEvent
from lien.casefiles.models import Note
from lien.casefiles.notes import crypto
from lien.casefiles.notes import services as note_services

SECRET = "Monsieur évoque une dette de jeu auprès de son frère."


def _raw(note) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM casefiles_note WHERE id = %s", [note.pk])
        return cursor.fetchone()[0]


def _write(world, text=SECRET):
    worker = world.users[Role.SOCIAL_WORKER]
    return note_services.write_note(actor=worker, casefile_id=world.file.pk, text=text)


def test_the_column_holds_no_plaintext(world):
    note = _write(world)
    stored = _raw(note)
    assert stored.startswith(crypto.current_prefix())
    assert "dette" not in stored and "frère".encode().hex() not in stored
    assert Note.objects.get(pk=note.pk).text == SECRET  # plaintext in Python
    note_services.edit_note(actor=note.author, note_id=note.pk, text="Corrigé : dette réglée.")
    assert "réglée" not in _raw(note)
    assert Note.objects.get(pk=note.pk).text == "Corrigé : dette réglée."


def test_two_seals_of_the_same_text_differ(world):
    assert _raw(_write(world)) != _raw(_write(world))


def test_a_note_sealed_with_an_unlisted_key_refuses_to_be_read(world, settings):
    note = _write(world)
    settings.LIEN_NOTES_KEY = Fernet.generate_key().decode()
    with pytest.raises(crypto.UnreadableNote):
        Note.objects.get(pk=note.pk)


def test_the_migration_seals_the_rows_written_in_clear(world):
    note = _write(world)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE casefiles_note SET text = %s WHERE id = %s", [SECRET, note.pk])
    migration = importlib.import_module("lien.casefiles.migrations.0006_note_encryption_and_access")
    editor = SimpleNamespace(connection=connection)  # all the function uses of it
    migration.seal_existing_notes(None, editor)
    sealed = _raw(note)
    assert SECRET not in sealed and sealed.startswith(crypto.PREFIX)
    migration.seal_existing_notes(None, editor)
    assert _raw(note) == sealed  # run again: nothing sealed twice
    assert Note.objects.get(pk=note.pk).text == SECRET


def test_rotation_re_encrypts_every_note_once_audited(world, settings):
    notes = [_write(world, f"Note {i}.") for i in range(5)]
    old_key = settings.LIEN_NOTES_KEY
    old_id = crypto.key_id(old_key)
    settings.LIEN_NOTES_KEY = Fernet.generate_key().decode()
    settings.LIEN_NOTES_OLD_KEYS = [old_key]
    new_id = crypto.key_id(settings.LIEN_NOTES_KEY)
    total = Note.objects.count()  # the world's own notes too

    out = StringIO()
    call_command("rotate_notes_key", stdout=out)
    assert f"sealed with {old_id}: {total}" in out.getvalue()
    assert f"{total} notes seraient rechiffrées" in out.getvalue()
    assert all(_raw(n).startswith(f"{crypto.PREFIX}{old_id}:") for n in notes)  # unchanged
    assert not AuditEvent.objects.filter(object_kind="notes_key").exists()

    out = StringIO()
    call_command("rotate_notes_key", "--wet-run", "--batch-size", "2", stdout=out)
    assert f"re-encrypted: {total}" in out.getvalue()
    assert all(_raw(n).startswith(f"{crypto.PREFIX}{new_id}:") for n in notes)
    call_command("rotate_notes_key", "--wet-run", stdout=StringIO())  # idempotent
    [event] = AuditEvent.objects.filter(object_kind="notes_key")
    assert event.result_count == total and event.object_id == new_id

    settings.LIEN_NOTES_OLD_KEYS = []  # the former key can now be dropped
    assert [Note.objects.get(pk=n.pk).text for n in notes] == [f"Note {i}." for i in range(5)]


def test_a_dump_and_so_a_backup_holds_the_notes_sealed(world, tmp_path):
    note = _write(world)
    out = StringIO()
    call_command("dumpdata", "casefiles.note", stdout=out)
    assert "dette de jeu" not in out.getvalue() and crypto.PREFIX in out.getvalue()
    Note.objects.all().delete()
    dump = tmp_path / "notes.json"
    dump.write_text(out.getvalue())
    call_command("loaddata", str(dump), verbosity=0)
    assert Note.objects.get(pk=note.pk).text == SECRET
