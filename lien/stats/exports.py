"""A published grid as CSV, XLSX, ODS, JSON or tagged PDF. Only published values leave:
suppressed cells are written "s", as in French public statistics."""

import csv
import io
import json

from django.utils.translation import gettext as _

from lien.base.documents import pdf_of
from lien.spreadsheet_safety import safe_row

from .published import Cell
from .selectors import PublishedGrid

# A line of an export: text, or a published count.
Line = list[str | int]

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "pdf": "application/pdf",
    "json": "application/json",
}


def sources_line(published: PublishedGrid) -> str:
    computed = [s.office.name for s in published.sources if s.computed]
    typed = [s.office.name for s in published.sources if s.typed]
    missing = [s.office.name for s in published.sources if not s.computed and not s.typed]
    line = _("Computed from Lien: %(offices)s.") % {"offices": ", ".join(computed) or "-"}
    if typed:
        line += " " + _("Typed from paper grids: %(offices)s.") % {"offices": ", ".join(typed)}
    if missing:
        line += " " + _("Paper grid not typed: %(offices)s.") % {"offices": ", ".join(missing)}
    return line


def _header(published: PublishedGrid) -> list[Line]:
    return [
        [published.grid.title],
        [published.scope_label, str(published.year)],
        [sources_line(published)],
        [_("“s”: withheld by statistical secrecy.")],
    ]


def _cell(cell: Cell) -> str | int:
    return "s" if cell.value is None else cell.value


def rows(published: PublishedGrid) -> list[Line]:
    """The grid as plain rows: a title line, a header line and the rows of each table."""
    out = _header(published)
    for table in published.tables:
        out.append([])
        out.append([table.title])
        out.append(["", *table.columns])
        out.extend([row.label, *map(_cell, row.cells)] for row in table.rows)
    return out


def to_csv(published: PublishedGrid) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(map(safe_row, rows(published)))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM lets Excel read UTF-8


def to_xlsx(published: PublishedGrid) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = published.grid.code[:31]
    for row in rows(published):
        sheet.append(safe_row(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_ods(published: PublishedGrid) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    sheet = Table(name=published.grid.code)
    for row in rows(published):
        table_row = TableRow()
        for value in safe_row(row):
            if isinstance(value, int):
                cell = TableCell(valuetype="float", value=value)
            else:
                cell = TableCell(valuetype="string")
            cell.addElement(P(text=str(value)))
            table_row.addElement(cell)
        sheet.addElement(table_row)
    document.spreadsheet.addElement(sheet)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def to_json(published: PublishedGrid) -> bytes:
    data = {
        "grid": published.grid.code,
        "year": published.year,
        "scope": published.office.code if published.office else "all",
        "sources": [{"office": s.office.code, "typed": s.typed} for s in published.sources],
        "tables": [
            {
                "code": t.table.code,
                "title": t.title,
                "threshold": t.threshold,
                "columns": t.columns,
                "rows": [{"label": r.label, "cells": list(map(_cell, r.cells))} for r in t.rows],
            }
            for t in published.tables
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def to_pdf(published: PublishedGrid) -> bytes:
    """A tagged PDF (PDF/UA), so that a screen reader reads the tables as tables."""
    return pdf_of(
        "stats/grid_pdf.html", {"published": published, "sources": sources_line(published)}
    )


def export(published: PublishedGrid, fmt: str) -> bytes:
    return {"csv": to_csv, "xlsx": to_xlsx, "ods": to_ods, "pdf": to_pdf, "json": to_json}[fmt](
        published
    )
