"""The privacy documents that can take more than a second, built by the task worker as
prepared files (lien/storage/prepared.py), like the statistics exports: the register of
processing and the DPIA inputs as tagged PDF, and the access export of a rights request
as PDF. The page that asks redirects to the prepared file's page, which shows the
progress and offers the download to the agent who asked, and to no one else.

Each builder runs in the worker with the rights of the agent as they are then, through
the same selector as the page (which records its audit event): a right removed while the
file waited is a refusal, not a file."""

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied

from lien.accounts.models import User
from lien.base.documents import pdf_of
from lien.storage import prepared
from lien.storage.models import PreparedFile

from . import selectors
from .export import Export
from .register import selectors as register_selectors

REGISTER_PDF = "register_pdf"
ACCESS_EXPORT_PDF = "access_export_pdf"
EXPORT_CSS = Path(__file__).resolve().parent / "static" / "privacy" / "export.css"


def _asker(file: PreparedFile) -> User:
    user = User.objects.filter(pk=file.requested_by_id, is_active=True).first()
    if user is None:
        raise PermissionDenied
    return user


def build_register_pdf(file: PreparedFile) -> bytes:
    pdf = register_selectors.generated_document_for(
        actor=_asker(file), kind=file.parameters["kind"], fmt="pdf"
    )
    assert isinstance(pdf, bytes)
    return pdf


def ask_register_pdf(*, user: User, kind: str) -> PreparedFile:
    if kind not in register_selectors.DOCUMENT_KINDS:
        raise ValueError(kind)
    return prepared.ask(
        kind=REGISTER_PDF,
        requested_by_id=user.pk,
        parameters={"kind": kind},
        file_name=f"{kind}.pdf",
        content_type="application/pdf",
    )


def export_table(export: Export) -> list[dict[str, Any]]:
    """The export's sections with each record as (label, value) pairs, for the PDF."""
    return [
        {
            **section,
            "rows": [
                [(f["label"], record[f["name"]]) for f in section["fields"]]
                for record in section["records"]
            ],
        }
        for section in export["sections"]
    ]


def access_export_pdf(export: Export) -> bytes:
    return pdf_of(
        "privacy/access_export.html",
        {"export": export, "sections": export_table(export)},
        stylesheet=EXPORT_CSS,
    )


def build_access_export_pdf(file: PreparedFile) -> bytes:
    _rights, export = selectors.access_export_for(
        actor=_asker(file), request_id=file.parameters["request_id"]
    )
    return access_export_pdf(export)


def ask_access_export_pdf(*, user: User, request_id: int) -> PreparedFile:
    return prepared.ask(
        kind=ACCESS_EXPORT_PDF,
        requested_by_id=user.pk,
        parameters={"request_id": request_id},
        file_name=f"export-acces-demande-{request_id}.pdf",
        content_type="application/pdf",
    )


BUILDERS = {REGISTER_PDF: build_register_pdf, ACCESS_EXPORT_PDF: build_access_export_pdf}
