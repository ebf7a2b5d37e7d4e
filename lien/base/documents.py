"""Documents made for people to keep or pass on: a tagged PDF (PDF/UA-1, so that a screen
reader reads headings and tables as such) from an HTML template, and an OpenDocument
text from a list of blocks. Letters, social reports, statistics exports and the annual
report all go through here: one way to make a PDF, one way to make an ODT."""

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string


def pdf_of(template: str, context: dict, *, stylesheet: Path | None = None) -> bytes:
    from weasyprint import CSS, HTML  # heavy: imported only when a PDF is asked for

    html = render_to_string(template, context)
    base_url = str(stylesheet.parent) if stylesheet else None
    pdf: bytes = HTML(string=html, base_url=base_url).write_pdf(
        stylesheets=[CSS(filename=str(stylesheet))] if stylesheet else None,
        pdf_variant="pdf/ua-1",
    )
    return pdf


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str  # a line break starts a new paragraph of the document


@dataclass(frozen=True)
class TableBlock:
    """A table with its header row, so that a screen reader names each column."""

    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    caption: str = ""
    name: str = "table"


@dataclass(frozen=True)
class Picture:
    """An SVG drawing with its text alternative (svg:title and svg:desc of its frame)."""

    svg: str
    alt: str
    width_cm: float = 16
    height_cm: float = 8


Block = Heading | Paragraph | TableBlock | Picture


def odt_of(blocks: Iterable[Block]) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableHeaderRows, TableRow
    from odf.text import H, P

    document = OpenDocumentText()
    for number, block in enumerate(blocks):
        if isinstance(block, Heading):
            document.text.addElement(H(outlinelevel=block.level, text=block.text))
        elif isinstance(block, Paragraph):
            for line in block.text.split("\n"):
                document.text.addElement(P(text=line))
        elif isinstance(block, Picture):
            document.text.addElement(_picture(document, block, number))
        else:
            if block.caption:
                document.text.addElement(P(text=block.caption))
            table = Table(name=f"{block.name}-{number}")
            table.addElement(TableColumn(numbercolumnsrepeated=len(block.header)))
            header = TableHeaderRows()
            header.addElement(_row(TableRow, TableCell, P, block.header))
            table.addElement(header)
            for values in block.rows:
                table.addElement(_row(TableRow, TableCell, P, values))
            document.text.addElement(table)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def _picture(document, picture: Picture, number: int):
    from odf.draw import Frame, Image
    from odf.svg import Desc, Title
    from odf.text import P

    href = document.addPicture(
        f"Pictures/drawing-{number}.svg", "image/svg+xml", picture.svg.encode()
    )
    frame = Frame(
        width=f"{picture.width_cm}cm",
        height=f"{picture.height_cm}cm",
        anchortype="as-char",
        name=f"drawing-{number}",
    )
    frame.addElement(Image(href=href))
    frame.addElement(Title(text=picture.alt))
    frame.addElement(Desc(text=picture.alt))
    paragraph = P()
    paragraph.addElement(frame)
    return paragraph


def _row(row_class, cell_class, paragraph_class, values: Sequence[str]):
    row = row_class()
    for value in values:
        cell = cell_class(valuetype="string")
        cell.addElement(paragraph_class(text=value))
        row.addElement(cell)
    return row
