"""A copy of the social report as a tagged PDF (PDF/UA-1, for screen readers), like the
register of processing and the access export."""

from pathlib import Path

from django.template.loader import render_to_string

STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "casefiles" / "documents.css"


def pdf_of(template: str, context: dict) -> bytes:
    from weasyprint import CSS, HTML  # heavy: imported only when a PDF is asked for

    html = render_to_string(template, context)
    pdf: bytes = HTML(string=html).write_pdf(
        stylesheets=[CSS(filename=str(STYLESHEET))], pdf_variant="pdf/ua-1"
    )
    return pdf
