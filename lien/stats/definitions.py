"""Grids as data: a YAML file per grid, read and checked here.

A grid is a list of tables; a table counts distinct households or events of some kinds
of the statistical record, cut by a row field and optionally a column field, each with
its declared categories. A definition that does not hold is refused with the table and
cell at fault named.

A grid has versions, each in force from a year on: the file shipped in grids/ is the
version in force until a statistician saves one in the grid editor (`GridVersion`, valid
from a year not published yet). A year is always read with the version in force that
year: `grid_codes(year)`, `load_grid(code, year)`.
"""

import hashlib
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Final

import yaml
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lien.base.yaml_loading import load_yaml

from .models import DIMENSIONS, GridVersion, Kind

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
    # Of the definition's text: changes whenever the definition does, so that tallies
    # and protections decided for another version are not reused for this one.
    digest: str = ""

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
        raw = load_yaml(text)
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
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    return Grid(code=code, labels=labels, tables=tables, digest=digest)


def shipped_codes() -> list[str]:
    return sorted(path.stem for path in GRID_DIR.glob("*.yaml"))


@cache
def shipped_text(code: str) -> str:
    if code not in shipped_codes():
        raise LookupError(code)
    return (GRID_DIR / f"{code}.yaml").read_text(encoding="utf-8")


def grid_codes(year: int | None = None) -> list[str]:
    """The grids in force in `year` (shipped, or saved from that year or before), or
    every grid known when no year is given."""
    stored = GridVersion.objects.all()
    if year is not None:
        stored = stored.filter(valid_from__lte=year)
    return sorted(set(shipped_codes()) | set(stored.values_list("grid", flat=True)))


def version_in_force(code: str, year: int | None) -> GridVersion | None:
    """The saved version of the grid in force in `year` (the newest when no year is
    given), or None when the shipped file is."""
    versions = GridVersion.objects.filter(grid=code)
    if year is not None:
        versions = versions.filter(valid_from__lte=year)
    return versions.order_by("-valid_from").first()


def definition_text(code: str, year: int | None = None) -> str:
    """The YAML of the grid in force in `year`. Without a year, the shipped file when
    there is one (read without the database: the grids' words on pages and in tests),
    else the newest saved version."""
    if year is None and code in shipped_codes():
        return shipped_text(code)
    version = version_in_force(code, year)
    if version is not None:
        return version.definition
    return shipped_text(code)  # raises LookupError for an unknown grid


@lru_cache(maxsize=64)
def _parsed(text: str) -> Grid:
    return parse_grid(text)


def load_grid(code: str, year: int | None = None) -> Grid:
    """A grid by its code, as in force in `year` (definition_text). The Grid keeps both
    languages' labels and picks one when read, so one parse serves every request."""
    return _parsed(definition_text(code, year))


def fingerprint(code: str, year: int | None = None) -> str:
    """Changes whenever the grid's definition in force does: tallies kept for an older
    definition are not used for the new one."""
    return load_grid(code, year).digest
