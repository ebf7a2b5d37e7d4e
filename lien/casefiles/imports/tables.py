"""Turns an uploaded file into a table of text cells, or refuses it with one sentence
that says why (`UnreadableFile`): a file that is not a CSV text or an XLSX workbook,
a CSV row that cannot be parsed, a workbook that does not open.

Every cell comes out as text, as the person typed it: spreadsheet programs store
numbers as numbers and drop their leading zeros, so a numeric XLSX cell whose format
shows leading zeros (`00000`, `0000000000`) gets them back, and a date cell becomes an
ISO date. Only a whole number without such a format stays an `int`: whether it lost a
zero (a French phone number or postal code) is decided by the reader of the columns,
which knows what each column holds.
"""

import codecs
import csv
import io
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from django.utils.formats import number_format
from django.utils.translation import gettext as _

SEPARATORS = (";", ",", "\t")
# Characters no text file has outside a cell that holds them by mistake: their presence
# in a header that is not recognised means the file is not text at all.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")
# The first bytes of the files a manager is most likely to upload by mistake.
_BINARY_SIGNATURES = (
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    b"%PDF",
    b"\xd0\xcf\x11\xe0",  # an old Excel (.xls) or Word file, or an encrypted workbook
)
_ZIP = b"PK\x03\x04"  # XLSX, ODS and DOCX are zip archives
_ZERO_PADDED = re.compile(r"^0+$")


class UnreadableFile(Exception):
    """The file is not a CSV or XLSX table that can be read, with the required columns."""


def read_table(name: str, content: bytes, recognised: Callable[[list[str]], int]) -> list[list]:
    """The file's rows, each a list of cells: text, None for an empty XLSX cell, or an
    int for a whole number in an XLSX cell.
    `recognised` counts the known column names in a header row: it chooses the CSV
    separator, and tells a CSV text from a file that is not text."""
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        return _xlsx(content)
    if suffix == ".csv":
        return _csv(content, recognised)
    raise UnreadableFile(_("The file must be a CSV or XLSX spreadsheet."))


def _not_text() -> UnreadableFile:
    return UnreadableFile(
        _("This file is not a CSV text: save the spreadsheet as CSV (UTF-8) or as XLSX.")
    )


def _csv(content: bytes, recognised: Callable[[list[str]], int]) -> list[list[str]]:
    if content.startswith(_ZIP):
        raise UnreadableFile(
            _("This file is a workbook named .csv: give it the .xlsx extension, or save it as CSV.")
        )
    if content.startswith(_BINARY_SIGNATURES):
        raise _not_text()
    text = _decode(content)
    if not text.strip():
        return []
    separator = _separator(text, recognised)
    if separator is None:
        if CONTROL_CHARACTERS.search(text[:4096]):
            raise _not_text()
        separator = ";"  # the header is read as it is, and its missing columns named
    table: list[list[str]] = []
    try:
        # newline="": a line break inside a quoted cell stays in the cell, and a lone
        # carriage return ends a line, as the csv module expects.
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=separator):
            table.append(row)
    except csv.Error as error:
        if str(error).startswith("field larger"):
            raise UnreadableFile(
                _(
                    "Line %(line)s cannot be read: a cell is longer than %(limit)s characters "
                    "(is a quotation mark left open?)."
                )
                % {
                    "line": len(table) + 1,
                    "limit": number_format(csv.field_size_limit(), force_grouping=True),
                }
            ) from None
        raise UnreadableFile(
            _("Line %(line)s cannot be read as CSV.") % {"line": len(table) + 1}
        ) from None
    return table


def _decode(content: bytes) -> str:
    """UTF-8 (with or without the mark Excel writes), UTF-16 when it starts with its mark
    (Excel's "Unicode text"), otherwise Windows' Western encoding (Excel's "CSV")."""
    try:
        if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return content.decode("utf-16")
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # The five bytes cp1252 leaves undefined become U+FFFD, which the header check
        # or the row check then refuses.
        return content.decode("cp1252", errors="replace")


def _separator(text: str, recognised: Callable[[list[str]], int]) -> str | None:
    """The separator that splits the first line into the most known column names
    (None when no separator finds any). Decided on the whole first line, however long:
    a sample of the file (csv.Sniffer) is misled by a long line full of commas."""
    best, best_count = None, 0
    for separator in SEPARATORS:
        try:
            header = next(csv.reader(io.StringIO(text, newline=""), delimiter=separator), [])
        except csv.Error:
            continue
        count = recognised(header)
        if count > best_count:
            best, best_count = separator, count
    return best


def _xlsx(content: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
        raise UnreadableFile(_("The file is not a readable XLSX spreadsheet.")) from error
    try:
        sheet = workbook.worksheets[0]
        return [[_xlsx_text(cell) for cell in row] for row in sheet.iter_rows()]
    except Exception as error:  # a damaged sheet inside a workbook that opened
        raise UnreadableFile(_("The file is not a readable XLSX spreadsheet.")) from error
    finally:
        workbook.close()


def _xlsx_text(cell) -> str | int | None:
    value = cell.value
    if value is None or type(value) is str:
        return value
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if type(value) is int:
        # A number shown with leading zeros (format "00000"): the zeros are what was typed.
        shown = getattr(cell, "number_format", "") or ""
        if _ZERO_PADDED.match(shown):
            return str(value).zfill(len(shown))
        return value
    return str(value)
