"""A letter from its template and its data: the text, then a tagged PDF (PDF/UA-1) or an
OpenDocument text. A refusal always ends with the routes and time to appeal, whatever its
template says: a decision notified without them leaves the time to appeal open (Code de
justice administrative, R421-5)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from lien.base import documents

from ..reports.rendering import pdf_of
from .models import LetterKind, LetterTemplate
from .placeholders import PATTERN


def appeal_routes() -> str:
    return _(
        "Routes of appeal: you may contest this decision within two months of receiving "
        "it, by a recours gracieux addressed to the Président du Conseil départemental, "
        "or by a recours contentieux before the tribunal administratif. A recours gracieux "
        "made within two months extends the time of the recours contentieux."
    )


@dataclass(frozen=True)
class LetterText:
    subject: str
    recipient: list[str]
    paragraphs: list[str]
    sender: str


def fill(text: str, data: dict[str, str]) -> str:
    """Each placeholder replaced by its value; the template was checked when saved, so a
    name without a value (a situation item left empty) becomes nothing."""
    return PATTERN.sub(lambda match: data.get(match.group(1), ""), text)


def letter_text(template: LetterTemplate, data: dict[str, str]) -> LetterText:
    body = fill(template.body, data)
    paragraphs = [p.strip() for p in body.replace("\r\n", "\n").split("\n\n") if p.strip()]
    if template.kind == LetterKind.DECISION_REFUSED:
        paragraphs.append(appeal_routes())
    recipient = [line for line in (data["nom"], *data["adresse"].split("\n")) if line]
    return LetterText(
        subject=fill(template.subject, data),
        recipient=recipient,
        paragraphs=paragraphs,
        sender=data["service"],
    )


def as_pdf(text: LetterText, date_line: str) -> bytes:
    return pdf_of("casefiles/letters/letter_pdf.html", {"letter": text, "date_line": date_line})


def as_odt(text: LetterText, date_line: str) -> bytes:
    blocks: list[documents.Block] = [
        *(documents.Paragraph(line) for line in (text.sender, *text.recipient, date_line)),
        documents.Heading(text.subject),
    ]
    for paragraph in text.paragraphs:
        blocks += [documents.Paragraph(paragraph), documents.Paragraph("")]
    return documents.odt_of(blocks)
