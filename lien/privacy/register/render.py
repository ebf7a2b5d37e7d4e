"""Turns a generated document into HTML or a tagged PDF (PDF/UA-1, for screen readers)."""

from pathlib import Path

from django.http import HttpRequest
from django.template.loader import render_to_string

from lien.base import documents
from lien.catalog.models import Status

from .document import build_register

STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "catalog" / "register.css"
TEMPLATES = {"register": "catalog/register/register.html", "dpia": "catalog/register/dpia.html"}


def render_html(
    document: str = "register", *, web: bool = False, request: HttpRequest | None = None
) -> str:
    return render_to_string(
        TEMPLATES[document],
        # The enum the items' table compares with: a PDF is rendered without a request,
        # so without the pages' context processors.
        {"doc": build_register(), "web": web, "kind": document, "ItemStatus": Status},
        request,
    )


def render_pdf(document: str = "register") -> bytes:
    return documents.pdf_of(
        TEMPLATES[document],
        {"doc": build_register(), "web": False, "kind": document, "ItemStatus": Status},
        stylesheet=STYLESHEET,
    )
