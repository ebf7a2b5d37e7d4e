"""Documents: type judged on content, size limit, stored encrypted in the database with a
random name, sent only through the view that checks the policy."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lien.accounts.roles import Role
from lien.audit.models import Action, AuditEvent
from lien.casefiles.documents import services
from lien.casefiles.documents.validation import MAX_DOCUMENT_SIZE
from lien.casefiles.models import Document
from lien.storage.models import StoredFile

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_a_png_is_stored_encrypted_in_the_database_under_a_random_name(world):
    document = services.attach_document(
        actor=world.users[Role.SECRETARY],
        casefile_id=world.file.pk,
        kind="identity",
        uploaded=upload("carte-identite-DUPONT.png", PNG, "image/png"),
        person_id=world.file.reference_person.pk,
    )
    stored = StoredFile.objects.get(name=document.file.name)
    assert PNG not in bytes(stored.sealed) and b"PNG" not in bytes(stored.sealed)
    assert not Path(settings.MEDIA_ROOT).exists() or not any(
        Path(settings.MEDIA_ROOT).rglob("*.png")
    )
    assert "DUPONT" not in document.file.name and document.file.name.endswith(".png")
    with document.file.open("rb") as handle:
        assert handle.read() == PNG
    assert document.content_type == "image/png" and document.size == len(PNG)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("scan.pdf", b"MZ\x90\x00 this is a Windows executable"),  # renamed .exe
        ("page.html", b"<html><script>alert(1)</script></html>"),
        ("empty.pdf", b""),
    ],
)
def test_content_that_is_not_pdf_jpeg_or_png_is_refused(world, name, content):
    with pytest.raises(ValidationError) as refused:
        services.attach_document(
            actor=world.users[Role.SECRETARY],
            casefile_id=world.file.pk,
            kind="identity",
            uploaded=upload(name, content),
        )
    assert "file" in refused.value.error_dict
    assert not Document.objects.exists()


def test_a_file_over_the_limit_is_refused(world):
    big = upload("big.pdf", b"%PDF-" + b"0" * MAX_DOCUMENT_SIZE)
    with pytest.raises(ValidationError):
        services.attach_document(
            actor=world.users[Role.SECRETARY],
            casefile_id=world.file.pk,
            kind="identity",
            uploaded=big,
        )


def test_the_form_shows_the_refusal_next_to_the_file_field(client, world):
    client.force_login(world.users[Role.SECRETARY])
    response = client.post(
        f"/files/{world.file.pk}/documents/new/",
        {"kind": "identity", "file": upload("scan.pdf", b"not a pdf")},
    )
    text = response.content.decode()
    assert "Seuls les fichiers PDF, JPEG et PNG sont acceptés." in text
    assert 'id="id_file-errors"' in text


def test_download_goes_through_the_policy_and_is_audited(client, world):
    client.force_login(world.users[Role.SECRETARY])
    client.post(
        f"/files/{world.file.pk}/documents/new/",
        {"kind": "resources", "file": upload("avis.pdf", b"%PDF-1.7 avis")},
    )
    document = Document.objects.get()
    response = client.get(f"/documents/{document.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 avis"
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert AuditEvent.objects.filter(action=Action.EXPORT, object_kind="document").exists()
    for role in (Role.MANAGER, Role.STATISTICIAN, Role.DPO):
        client.force_login(world.users[role])
        assert client.get(f"/documents/{document.pk}/").status_code == 404
    client.force_login(world.other_worker)
    assert client.get(f"/documents/{document.pk}/").status_code == 404


def test_media_is_not_served_by_url():
    assert not getattr(settings, "MEDIA_URL", "").strip("/")
