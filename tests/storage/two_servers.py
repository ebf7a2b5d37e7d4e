"""Run twice by test_two_servers.py, as two application servers that share one database
(a SQLite file) and nothing else: each has its own MEDIA_ROOT. `upload` attaches a
document and prints its id and its reader's id; `download DOC USER` fetches it through
the download page and prints the SHA-256 of what it got."""

import hashlib
import os
import sys

import django


def main(database: str, media: str, step: str, *args: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    django.setup()
    from django.conf import settings

    settings.MEDIA_ROOT = media
    if step == "upload":
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from lien.accounts.roles import Role
        from lien.casefiles.documents.services import attach_document
        from tests.factories import CaseFileFactory, OfficeFactory, member

        office = OfficeFactory()
        secretary = member(Role.SECRETARY, office)
        casefile = CaseFileFactory(office=office)
        document = attach_document(
            actor=secretary,
            casefile_id=casefile.pk,
            kind="resources",
            uploaded=SimpleUploadedFile("avis.pdf", b"%PDF-1.7 " + bytes(range(256)) * 64),
        )
        print(document.pk, secretary.pk)
        return
    from django.test import Client
    from django.urls import reverse

    from lien.accounts.models import User

    document_id, user_id = args
    client = Client()
    client.force_login(User.objects.get(pk=user_id))
    response = client.get(reverse("download_document", args=[document_id]))
    body = b"".join(response.streaming_content)
    print(response.status_code, hashlib.sha256(body).hexdigest())


if __name__ == "__main__":
    main(*sys.argv[1:])
