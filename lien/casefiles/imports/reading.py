"""Reads a CSV or XLSX file of households and validates every row before anything is
written. One row per person; rows of one household share its `foyer` label, and each
household has exactly one reference person, whose row may give the date its file was
opened (`ouvert_le`, for files carried over from paper).

Columns (first row, in any order; only `foyer`, `lien`, `nom_naissance` and `prenoms`
are required): foyer, lien, nom_naissance, nom_usage, prenoms, date_naissance, sexe,
telephone, courriel, adresse, code_postal, commune, ouvert_le.
"""

import re
import time
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from ..households.services import PersonData
from ..models import Relationship, Sex
from ..search_key import normalise
from .tables import CONTROL_CHARACTERS, UnreadableFile, read_table

__all__ = ["COLUMNS", "ImportPlan", "UnreadableFile", "plan_import", "read_rows"]

COLUMNS = {
    "foyer": "household",
    "lien": "relationship",
    "nom_naissance": "birth_name",
    "nom_usage": "usage_name",
    "prenoms": "first_names",
    "date_naissance": "birth_date",
    "sexe": "sex",
    "telephone": "phone",
    "courriel": "email",
    "adresse": "address",
    "code_postal": "postal_code",
    "commune": "town",
    "ouvert_le": "opened_on",
}
REQUIRED = ("foyer", "lien", "nom_naissance", "prenoms")
RELATIONSHIPS = {
    "reference": Relationship.REFERENCE,
    "personne de reference": Relationship.REFERENCE,
    "partner": Relationship.PARTNER,
    "conjoint": Relationship.PARTNER,
    "child": Relationship.CHILD,
    "enfant": Relationship.CHILD,
    "relative": Relationship.RELATIVE,
    "parent": Relationship.RELATIVE,
    "other": Relationship.OTHER,
    "autre": Relationship.OTHER,
}
LIMITS = {"birth_name": 100, "usage_name": 100, "first_names": 150, "phone": 20}
LIMITS |= {"address": 250, "town": 120, "email": 254}
# The columns with a length limit, in the order of COLUMNS (the order of the messages).
_LIMITED = [(column, LIMITS[name]) for column, name in COLUMNS.items() if name in LIMITS]
_POSTAL = re.compile(r"^\d{5}$")
_LINE_BREAKS = re.compile(r"[\t\r\n]+")
_SPACES = " \u00a0\u202f"  # spaces, and the no-break spaces of French typing
# How many digits are left of a French phone number and postal code that a spreadsheet
# program read as a number, dropping its leading zero (0601020304, 01000).
_ZERO_DROPPED = {"telephone": 9, "code_postal": 4}


@dataclass
class ImportedHousehold:
    label: str
    opened_on: date | None
    members: list[tuple[PersonData, str | None]] = field(default_factory=list)  # reference first


@dataclass
class RowError:
    line: int
    reason: str


@dataclass
class ImportPlan:
    households: list[ImportedHousehold]
    errors: list[RowError]
    rows: int

    @property
    def persons(self) -> int:
        return sum(len(h.members) for h in self.households)


def read_rows(name: str, content: bytes) -> list[tuple[int, dict[str, str]]]:
    """(line number in the file, {column: text}) for every non-empty row. Raises
    UnreadableFile, with one sentence saying why, for a file that cannot be read, that
    lacks a required column or that has no row below its header."""
    table = read_table(name, content, _known_columns)
    if not table:
        raise UnreadableFile(_("The file is empty."))
    header = [_column_name(cell) for cell in table[0]]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise UnreadableFile(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    wanted = [(i, column) for i, column in enumerate(header) if column in COLUMNS]
    numeric = [(i, column) for i, column in wanted if column in _ZERO_DROPPED]
    rows = []
    for line, cells in enumerate(table[1:], start=2):
        width = len(cells)
        values = {column: _text(cells[i]) if i < width else "" for i, column in wanted}
        if any(values.values()):
            for i, column in numeric:
                if i < width and type(cells[i]) is int:
                    values[column] = _leading_zero(column, values[column])
            rows.append((line, values))
    if not rows:
        raise UnreadableFile(_("The file has no row below its header: no household to import."))
    return rows


def _column_name(cell: str | None) -> str:
    return normalise(cell or "").replace(" ", "_")


def _known_columns(header: list[str]) -> int:
    return sum(1 for cell in header if _column_name(cell) in COLUMNS)


def _text(value: str | int | None) -> str:
    """A cell as stored: a line break or a tab inside it (a cell typed on several lines)
    becomes a space; other control characters stay, for the row check to refuse."""
    if type(value) is not str:
        return "" if value is None else str(value)
    if "\n" in value or "\r" in value or "\t" in value:
        value = _LINE_BREAKS.sub(" ", value)
    return value.strip(_SPACES)


def _leading_zero(column: str, digits: str) -> str:
    """A whole number in an XLSX phone or postal code cell: the zero the spreadsheet
    program dropped comes back (601020304 → 0601020304, 1000 → 01000). Text, and a CSV,
    are kept as typed: there a short postal code may as well be a typo."""
    return "0" + digits if len(digits) == _ZERO_DROPPED[column] and digits.isdigit() else digits


@lru_cache(maxsize=65536)  # a file repeats its dates (one opening day, many birth dates)
def _date(text: str) -> date:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            # A calendar date, no time of day: time.strptime parses it as datetime's
            # would, without building a naive datetime.
            return date(*time.strptime(text, pattern)[:3])
        except ValueError:
            continue
    raise ValueError(text)


@lru_cache(maxsize=256)  # a file says "enfant" or "référence" thousands of times
def _relationship(text: str) -> str | None:
    return RELATIONSHIPS.get(normalise(text))


def _control_characters(values: dict[str, str], problems: list[str]) -> None:
    """A null byte or an invisible control character is refused, its column named:
    PostgreSQL cannot store a null byte, and the others corrupt what is shown."""
    if not CONTROL_CHARACTERS.search("".join(values.values())):
        return  # the usual row: one search, not one per cell
    for column, value in values.items():
        if CONTROL_CHARACTERS.search(value):
            problems.append(
                _(
                    "%(column)s holds a character that is not text (a null byte, an "
                    "invisible control character or a letter in an unknown encoding)."
                )
                % {"column": column}
            )


def _person(values: dict[str, str], problems: list[str], today: date) -> PersonData:
    for column, limit in _LIMITED:
        if len(values.get(column, "")) > limit:
            problems.append(
                _("%(column)s is longer than %(limit)s characters.")
                % {"column": column, "limit": limit}
            )
    if not values.get("nom_naissance"):
        problems.append(_("the birth name is missing."))
    if not values.get("prenoms"):
        problems.append(_("the first names are missing."))
    birth_date = None
    if values.get("date_naissance"):
        try:
            birth_date = _date(values["date_naissance"])
        except ValueError:
            problems.append(_("the birth date is not a date (DD/MM/YYYY)."))
        else:
            if birth_date > today:
                problems.append(_("the birth date is in the future."))
    sex = values.get("sexe", "").upper()[:1]
    if values.get("sexe") and sex not in Sex.values:
        problems.append(_("the sex must be F or M."))
    if values.get("code_postal") and not _POSTAL.match(values["code_postal"]):
        problems.append(_("the postal code must have 5 digits."))
    if values.get("courriel"):
        try:
            validate_email(values["courriel"])
        except ValidationError:
            problems.append(_("the e-mail address is not valid."))
    return PersonData(
        birth_name=values.get("nom_naissance", ""),
        usage_name=values.get("nom_usage", ""),
        first_names=values.get("prenoms", ""),
        birth_date=birth_date,
        sex=sex,
        phone=values.get("telephone", ""),
        email=values.get("courriel", ""),
        address=values.get("adresse", ""),
        postal_code=values.get("code_postal", ""),
        town=values.get("commune", ""),
    )


def plan_import(rows: list[tuple[int, dict[str, str]]]) -> ImportPlan:
    """Validates every row and every household; a household with a bad row is left out
    whole, and each of its bad rows is named with its line and reasons."""
    errors: list[RowError] = []
    by_label: dict[str, list[tuple[int, PersonData, str | None, date | None]]] = {}
    bad_labels: set[str] = set()
    today = timezone.localdate()
    for line, values in rows:
        problems: list[str] = []
        _control_characters(values, problems)
        label = values.get("foyer", "")
        if not label:
            problems.append(_("the household (foyer) is missing."))
        relationship = _relationship(values.get("lien", ""))
        if relationship is None:
            problems.append(
                _("the relationship must be one of: %(choices)s.")
                % {"choices": "référence, conjoint, enfant, parent, autre"}
            )
        person = _person(values, problems, today)
        opened_on = None
        if values.get("ouvert_le"):
            try:
                opened_on = _date(values["ouvert_le"])
            except ValueError:
                problems.append(_("the opening date is not a date (DD/MM/YYYY)."))
            else:
                if opened_on > today:
                    problems.append(_("the opening date is in the future."))
        if problems:
            errors.append(RowError(line, " ; ".join(problems)))
            bad_labels.add(label)
            continue
        by_label.setdefault(label, []).append((line, person, relationship, opened_on))
    households = []
    for label, members in by_label.items():
        references = [m for m in members if m[2] == Relationship.REFERENCE]
        if len(references) != 1:
            reason = (
                _("household %(label)s has no reference person.")
                if not references
                else _("household %(label)s has more than one reference person.")
            ) % {"label": label}
            errors.extend(RowError(line, reason) for line, *_rest in members)
            continue
        if label in bad_labels:
            continue  # its bad rows are named already
        reference = references[0]
        others = [m for m in members if m is not reference]
        households.append(
            ImportedHousehold(
                label=label,
                opened_on=reference[3],
                members=[(reference[1], reference[2])] + [(m[1], m[2]) for m in others],
            )
        )
    errors.sort(key=lambda error: error.line)
    return ImportPlan(households=households, errors=errors, rows=len(rows))
