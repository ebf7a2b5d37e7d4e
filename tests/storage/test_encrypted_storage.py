"""Documents are kept encrypted in the database: nothing in clear at rest, the key
rotates like the notes' key, an upload rolled back leaves nothing, the erasure of a file
and a backup reach the bytes with the rows, and former clear files are moved in."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction

from lien.accounts.roles import Role
from lien.audit.models import Action, AuditEvent
from lien.backup import archive
from lien.casefiles.documents import services
from lien.casefiles.models import Document
from lien.privacy.retention_engine import anonymise_file_now
from lien.storage import crypto
from lien.storage.models import StoredFile

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7 avis d'imposition de la famille " + bytes(range(256)) * 8


def _attach(world) -> Document:
    return services.attach_document(
        actor=world.users[Role.SECRETARY],
        casefile_id=world.file.pk,
        kind="resources",
        uploaded=SimpleUploadedFile("avis.pdf", PDF, content_type="application/pdf"),
    )


def test_the_bytes_are_encrypted_and_read_back(world):
    document = _attach(world)
    stored = StoredFile.objects.get(name=document.file.name)
    assert b"avis d'imposition" not in bytes(stored.sealed)
    assert stored.size == len(PDF) and stored.key_id == crypto.current_key_id()
    with Document.objects.get(pk=document.pk).file.open("rb") as handle:
        assert handle.read() == PDF


def test_a_former_key_still_reads_and_an_unknown_one_is_named(world, settings):
    document = _attach(world)
    former = settings.LIEN_DOCUMENTS_KEY
    settings.LIEN_DOCUMENTS_KEY = Fernet.generate_key().decode()
    settings.LIEN_DOCUMENTS_OLD_KEYS = [former]
    with document.file.storage.open(document.file.name) as handle:
        assert handle.read() == PDF
    settings.LIEN_DOCUMENTS_OLD_KEYS = []
    with pytest.raises(crypto.UnreadableFile, match="LIEN_DOCUMENTS_OLD_KEYS"):
        document.file.storage.open(document.file.name)


def test_an_upload_rolled_back_leaves_no_bytes(world):
    with pytest.raises(RuntimeError), transaction.atomic():
        _attach(world)
        raise RuntimeError("the page failed after the upload")
    assert not Document.objects.exists() and not StoredFile.objects.exists()


def test_the_erasure_of_a_file_erases_its_documents_bytes(
    world, django_capture_on_commit_callbacks
):
    document = _attach(world)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        anonymise_file_now(world.file.pk)
    assert not Document.objects.filter(pk=document.pk).exists()
    assert not StoredFile.objects.filter(name=document.file.name).exists()


@pytest.mark.django_db(transaction=True)
def test_a_backup_carries_the_documents(world, tmp_path, monkeypatch, settings):
    monkeypatch.setenv(archive.KEY_ENV, archive.generate_key())
    settings.MEDIA_ROOT = tmp_path / "media"
    document = _attach(world)
    call_command("backup", output=str(tmp_path / "lien.backup"))
    assert b"avis d'imposition" not in (tmp_path / "lien.backup").read_bytes()
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(tmp_path / "lien.backup"), stdout=io.StringIO())
    with Document.objects.get(pk=document.pk).file.open("rb") as handle:
        assert handle.read() == PDF


def test_former_clear_files_are_moved_in_and_removed(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    clear = tmp_path / "media" / "documents" / "2025" / "06" / "ab12.pdf"
    clear.parent.mkdir(parents=True)
    clear.write_bytes(PDF)
    document = Document.objects.create(
        casefile=world.file,
        kind="resources",
        file="documents/2025/06/ab12.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=world.users[Role.SECRETARY],
    )
    with document.file.open("rb") as handle:  # read from the disk meanwhile
        assert handle.read() == PDF
    out = io.StringIO()
    call_command("store_documents_encrypted", stdout=out)
    assert clear.exists() and not StoredFile.objects.exists()
    assert not AuditEvent.objects.filter(object_kind="documents_storage").exists()
    call_command("store_documents_encrypted", "--wet-run", stdout=out)
    assert not clear.exists()
    moved = AuditEvent.objects.get(object_kind="documents_storage")
    assert (moved.action, moved.result_count) == (Action.UPDATE, 1)
    call_command("store_documents_encrypted", "--wet-run", stdout=out)  # nothing left: no event
    assert AuditEvent.objects.filter(object_kind="documents_storage").count() == 1
    assert b"avis" not in bytes(StoredFile.objects.get(name=document.file.name).sealed)
    with Document.objects.get(pk=document.pk).file.open("rb") as handle:
        assert handle.read() == PDF
