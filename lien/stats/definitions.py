"""Grids as data: a YAML file per grid, read and checked here.

A grid is a list of tables; a table counts distinct households or events of some kinds
of the statistical record, cut by a row field and optionally a column field, each with
its declared categories. A département changes a grid by editing its YAML: no code. A
definition that does not hold is refused with the table and cell at fault named.
"""

import hashlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Final

import yaml
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import DIMENSIONS, Kind

GRID_DIR = Path(__file__).parent / "grids"
MEASURES = ("households", "events")
TOTAL: Final = "T"  # the key of a margin in a cell address


class GridDefinitionError(ValueError):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))


# {language code: label}: each grid, table and category has a French and an English one.
Labels = dict[str, str]


def _label(labels: Labels) -> str:
    language = (get_language() or "fr")[:2]
    return labels.get(language) or labels.get("fr") or ""


@dataclass(frozen=True)
class Category:
    value: str
    labels: Labels

    @property
    def label(self) -> str:
        return _label(self.labels)


@dataclass(frozen=True)
class Axis:
    field: str
    categories: tuple[Category, ...]


@dataclass(frozen=True)
class Table:
    code: str
    labels: Labels
    measure: str
    kinds: tuple[str, ...]
    rows: Axis
    columns: Axis | None
    filters: dict[str, list[str]] = field(default_factory=dict)  # field → values kept
    sensitive: bool = False

    @property
    def title(self) -> str:
        return _label(self.labels)

    @property
    def threshold(self) -> int:
        if self.sensitive:
            return getattr(settings, "LIEN_STATS_SENSITIVE_THRESHOLD", 11)
        return getattr(settings, "LIEN_STATS_THRESHOLD", 5)

    @property
    def row_values(self) -> list[str]:
        return [c.value for c in self.rows.categories]

    @property
    def column_values(self) -> list[str]:
        return [c.value for c in self.columns.categories] if self.columns else [TOTAL]

    def row_label(self, value: str) -> str:
        return next((c.label for c in self.rows.categories if c.value == value), _("Total"))

    def column_label(self, value: str) -> str:
        if self.columns is None or value == TOTAL:
            return _("Households") if self.measure == "households" else _("Events")
        return next(c.label for c in self.columns.categories if c.value == value)


@dataclass(frozen=True)
class Grid:
    code: str
    labels: Labels
    tables: tuple[Table, ...]

    @property
    def title(self) -> str:
        return _label(self.labels)

    def table(self, code: str) -> Table:
        return next(t for t in self.tables if t.code == code)


def _labels(raw: object, where: str, errors: list[str]) -> Labels:
    if not isinstance(raw, dict) or not raw.get("fr") or not raw.get("en"):
        errors.append(_("%(where)s: a French and an English label are needed.") % {"where": where})
        return {}
    return {"fr": str(raw["fr"]), "en": str(raw["en"])}


def _axis(raw: object, where: str, errors: list[str]) -> Axis | None:
    if not isinstance(raw, dict):
        errors.append(_("%(where)s: declare a field and its categories.") % {"where": where})
        return None
    name = raw.get("field")
    if name not in DIMENSIONS:
        errors.append(
            _("%(where)s: unknown field %(field)r; the record has %(fields)s.")
            % {"where": where, "field": name, "fields": ", ".join(DIMENSIONS)}
        )
    categories: list[Category] = []
    seen: set[str] = set()
    for raw_category in raw.get("categories") or []:
        value = str((raw_category or {}).get("value", ""))
        cell = _("%(where)s, category %(value)r") % {"where": where, "value": value}
        if value in seen or value == TOTAL:
            errors.append(_("%(cell)s: declared twice or reserved.") % {"cell": cell})
        seen.add(value)
        categories.append(Category(value, _labels(raw_category, cell, errors)))
    if not categories:
        errors.append(_("%(where)s: no category.") % {"where": where})
    return Axis(str(name), tuple(categories))


def _table(raw: dict[str, Any], errors: list[str], codes: set[str]) -> Table | None:
    code = str((raw or {}).get("code", ""))
    where = _("table %(code)r") % {"code": code}
    if not code or code in codes:
        errors.append(_("%(where)s: a table needs a code of its own.") % {"where": where})
    codes.add(code)
    measure = raw.get("measure")
    if measure not in MEASURES:
        errors.append(
            _("%(where)s: the measure must be households or events, not %(measure)r.")
            % {"where": where, "measure": measure}
        )
    kinds = tuple(raw.get("kinds") or ())
    bad_kinds = [k for k in kinds if k not in Kind.values]
    if not kinds or bad_kinds:
        errors.append(
            _("%(where)s: unknown or missing kinds of event %(kinds)s.")
            % {"where": where, "kinds": ", ".join(map(str, bad_kinds)) or "-"}
        )
    filters = raw.get("filters") or {}
    for name, values in filters.items():
        if name not in DIMENSIONS or not isinstance(values, list) or not values:
            errors.append(
                _("%(where)s: the filter on %(field)r must list values of a field of the record.")
                % {"where": where, "field": name}
            )
    rows = _axis(raw.get("rows"), _("%(where)s, rows") % {"where": where}, errors)
    columns = None
    if raw.get("columns") is not None:
        columns = _axis(raw["columns"], _("%(where)s, columns") % {"where": where}, errors)
        if rows and columns and rows.field == columns.field:
            errors.append(_("%(where)s: rows and columns cut the same field.") % {"where": where})
    if rows is None:
        return None  # _axis has said why in `errors`
    return Table(
        code=code,
        labels=_labels(raw.get("title"), where, errors),
        measure=str(measure),
        kinds=kinds,
        rows=rows,
        columns=columns,
        filters={k: [str(v) for v in vs] for k, vs in filters.items() if isinstance(vs, list)},
        sensitive=bool(raw.get("sensitive", False)),
    )


def parse_grid(text: str) -> Grid:
    """Reads a grid definition; raises GridDefinitionError listing every fault."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise GridDefinitionError([str(error)]) from None
    if not isinstance(raw, dict):
        raise GridDefinitionError([_("A grid is a mapping with a code, a title and tables.")])
    errors: list[str] = []
    code = str(raw.get("code", ""))
    if not code:
        errors.append(_("The grid has no code."))
    labels = _labels(raw.get("title"), _("grid %(code)r") % {"code": code}, errors)
    codes: set[str] = set()
    read = tuple(_table(t, errors, codes) for t in raw.get("tables") or [])
    if not read:
        errors.append(_("The grid has no table."))
    if errors:
        raise GridDefinitionError(errors)
    # Without errors every table was read: none is None.
    tables = tuple(table for table in read if table is not None)
    return Grid(code=code, labels=labels, tables=tables)


def grid_codes() -> list[str]:
    return sorted(path.stem for path in GRID_DIR.glob("*.yaml"))


@cache
def _load_text(code: str) -> str:
    path = GRID_DIR / f"{code}.yaml"
    if code not in grid_codes():
        raise LookupError(code)
    return path.read_text(encoding="utf-8")


@cache
def load_grid(code: str) -> Grid:
    """A shipped grid by its code (the YAML file's name). The Grid keeps both languages'
    labels and picks one when read, so one parse serves every request."""
    return parse_grid(_load_text(code))


def fingerprint(code: str) -> str:
    """Changes whenever the grid's definition does: tallies kept for an older
    definition are not used for the new one."""
    return hashlib.sha256(_load_text(code).encode()).hexdigest()[:16]
