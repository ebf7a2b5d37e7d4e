"""Spreadsheet exports (CSV, XLSX, ODS) never carry a live formula.

A spreadsheet program runs a cell that starts with `=`, `+`, `-` or `@` as a formula
(and may drop a leading tab or line break before looking): a name, a reason or a
label typed as `=HYPERLINK(...)` or `=cmd|...` would run on the computer of whoever
opens the export ("CSV injection", or formula injection). Every export writes its cells
through `neutralise`, which does what OWASP recommends: such a text cell is prefixed
with a single quote, which spreadsheet programs take as "this is text".

What cannot hold a formula is left as it is: numbers (a negative count stays a number,
and so a numeric cell), dates, empty cells, and a text that is a plain decimal number
("-3", "-12,5", "+4"). A text that already starts with quotes followed by one of those
characters gets one more quote, so that `restore` gives back exactly what was written:
an export that is read back (the catalogue's) restores each cell.

Imported by every app that exports (stats included): it imports nothing of Lien.
"""

import re
from collections.abc import Iterable

from django.utils.functional import Promise

# OWASP's list, and the line feed: XML (XLSX, ODS) stores a carriage return as a line
# feed, which must then read back, and be quoted, the same.
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def neutralise(value):
    """The value as a spreadsheet cell can safely hold it (see the module's docstring)."""
    if isinstance(value, Promise):  # a label translated lazily
        value = str(value)
    if not isinstance(value, str) or not value:
        return value
    first = value[0]
    if first in TRIGGERS:
        return value if _PLAIN_NUMBER.fullmatch(value) else "'" + value
    if first == "'" and value.lstrip("'")[:1] in TRIGGERS:
        return "'" + value
    return value


def safe_row(cells: Iterable) -> list:
    """A row of cells, each neutralised."""
    return [neutralise(cell) for cell in cells]


def restore(value):
    """What `neutralise` was given, from what it returned (for an export read back)."""
    if isinstance(value, str) and value[:1] == "'" and value.lstrip("'")[:1] in TRIGGERS:
        return value[1:]
    return value
