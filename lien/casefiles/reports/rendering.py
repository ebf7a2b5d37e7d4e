"""A copy of the social report as a tagged PDF (PDF/UA-1, for screen readers), like the
register of processing and the access export (lien.base.documents makes every PDF)."""

from pathlib import Path

from lien.base import documents

STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "casefiles" / "documents.css"


def pdf_of(template: str, context: dict) -> bytes:
    return documents.pdf_of(template, context, stylesheet=STYLESHEET)
