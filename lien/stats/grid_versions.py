"""Grid versions saved from the grid editor: a table declared from the record's
dimensions, added to a grid, in force from a year on.

The editor (lien/web/grid_editor*.py) knows the catalogue and the access policy; this
module knows neither. It builds the new definition (the grid in force plus the declared
table, as YAML: the same text a shipped file holds, read by the same `parse_grid`),
counts a preview of the table, and saves the version. A version is only saved for a
year no publication exists for yet, so that a published year keeps, for good, the grid
it was published with.
"""

import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.base.yaml_loading import load_yaml

from .compute import add, count_grid, empty_matrix
from .definitions import (
    MEASURES,
    Grid,
    GridDefinitionError,
    Table,
    parse_grid,
    shipped_text,
    version_in_force,
)
from .disclosure import LinearTable, suppress
from .models import DIMENSIONS, GridVersion, Kind, Publication, YearKey
from .published import PublishedTable, publish_table


@dataclass(frozen=True)
class DeclaredCategory:
    value: str
    fr: str
    en: str


@dataclass(frozen=True)
class DeclaredAxis:
    field: str
    categories: Sequence[DeclaredCategory]


@dataclass(frozen=True)
class DeclaredTable:
    """A table as the statistician declares it: what it counts (kinds of event and the
    measure), its rows and its optional columns, each a dimension with its categories."""

    title: str
    kinds: Sequence[str]
    measure: str
    rows: DeclaredAxis
    columns: DeclaredAxis | None = None


class Audit(Protocol):
    """Writes the audit event of the saved version, in the service's transaction."""

    def __call__(self, *, object_id: str) -> object: ...


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40] or "table"


def _axis(axis: DeclaredAxis) -> dict[str, Any]:
    return {
        "field": axis.field,
        "categories": [{"value": c.value, "fr": c.fr, "en": c.en} for c in axis.categories],
    }


def first_open_year() -> int:
    """The first year a new version may be in force from: after every year already
    published (a published year keeps its grid) or closed, and not before this year."""
    published = Publication.objects.aggregate(last=Max("year"))["last"]
    closed = YearKey.objects.filter(closed=True).aggregate(last=Max("year"))["last"]
    return max(timezone.localdate().year, (published or 0) + 1, (closed or 0) + 1)


def newest_definition(grid_code: str) -> str | None:
    """The YAML of the grid's newest version (saved, else shipped), None for a new grid."""
    version = version_in_force(grid_code, None)
    if version is not None:
        return version.definition
    try:
        return shipped_text(grid_code)
    except LookupError:
        return None


def _base(grid_code: str, new_title: str) -> dict[str, Any]:
    text = newest_definition(grid_code)
    if text is None:
        return {"code": grid_code, "title": {"fr": new_title, "en": new_title}, "tables": []}
    return dict(load_yaml(text))


def grid_with_table(grid_code: str, table: DeclaredTable, *, new_title: str = "") -> str:
    """The YAML of the grid's newest definition with the declared table added. Raises
    ValidationError, in words, when the declaration does not make a table."""
    faults = []
    if not table.title.strip():
        faults.append(_("Give the table a title."))
    if table.measure not in MEASURES or not table.kinds:
        faults.append(_("Say what the table counts."))
    if any(k not in Kind.values for k in table.kinds):
        faults.append(_("Say what the table counts."))
    for axis in (table.rows, table.columns):
        if axis is not None and (axis.field not in DIMENSIONS or not axis.categories):
            faults.append(_("Choose the rows and columns among the dimensions offered."))
    if table.columns is not None and table.columns.field == table.rows.field:
        faults.append(_("The rows and the columns cut the same dimension: choose two."))
    if not re.fullmatch(r"[a-z][a-z0-9_-]{0,39}", grid_code):
        faults.append(_("Choose the grid among those offered."))
    if faults:
        raise ValidationError(sorted(set(faults)))
    raw = _base(grid_code, new_title or table.title)
    codes = {str(t.get("code")) for t in raw.get("tables") or []}
    code, n = _slug(table.title), 2
    while code in codes:
        code, n = f"{_slug(table.title)[:36]}-{n}", n + 1
    declared: dict[str, Any] = {
        "code": code,
        "title": {"fr": table.title.strip(), "en": table.title.strip()},
        "measure": table.measure,
        "kinds": [str(kind) for kind in table.kinds],
        "rows": _axis(table.rows),
    }
    if table.columns is not None:
        declared["columns"] = _axis(table.columns)
    raw["tables"] = [*(raw.get("tables") or []), declared]
    text = yaml.safe_dump(raw, allow_unicode=True, sort_keys=False)
    try:
        parse_grid(text)
    except GridDefinitionError as error:
        raise ValidationError(error.errors) from None
    return text


@dataclass(frozen=True)
class Preview:
    """The declared table counted on a year's record for some offices, with the cells
    its own suppression withholds (the year's joint protection may withhold more)."""

    table: Table
    withheld: frozenset[tuple[Any, Any]]
    values: dict[tuple[Any, Any], int]


def preview_table(*, office_ids: Collection[int], grid_definition: str, year: int) -> Preview:
    """The last table of the definition, counted for the offices and suppressed by
    itself. Counts only after suppression leave this function through `values`."""
    grid: Grid = parse_grid(grid_definition)
    table = grid.tables[-1]
    counted = count_grid(Grid(grid.code, grid.labels, (table,)), year, office_ids)
    total = empty_matrix(table)
    for matrix in counted[table.code].values():
        total = add(total, matrix)
    linear, withheld = suppress(total, table.threshold)
    shown = {p: v for p, v in linear.values.items() if p not in withheld}
    return Preview(table, frozenset(withheld), shown)


@transaction.atomic
def save_grid_version(
    *, saved_by_id: int, grid_code: str, definition: str, valid_from: int, audit: Audit
) -> GridVersion:
    """Saves the definition as the grid's new version in force from `valid_from`.
    Refused, with the reason in words, for a year already published or closed, or a
    definition that does not hold."""
    first = first_open_year()
    if valid_from < first:
        raise ValidationError(
            _(
                "A new version can only be in force from %(year)s on: the years before are "
                "published or closed, and keep the grid they were published with."
            )
            % {"year": first},
            code="year",
        )
    try:
        grid = parse_grid(definition)
    except GridDefinitionError as error:
        raise ValidationError(error.errors) from None
    if grid.code != grid_code:
        raise ValidationError(_("Choose the grid among those offered."))
    # Locks the grid's versions: two saves at once cannot both take number n + 1.
    versions = GridVersion.objects.select_for_update().filter(grid=grid_code)
    if versions.filter(valid_from=valid_from).exists():
        raise ValidationError(
            _("This grid already has a version in force from %(year)s.") % {"year": valid_from},
            code="year",
        )
    number = (versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = GridVersion.objects.create(
        grid=grid_code,
        number=number,
        valid_from=valid_from,
        definition=definition,
        saved_by_id=saved_by_id,
    )
    audit(object_id=f"{grid_code}:{number}")
    return version


def published_preview(preview: Preview) -> PublishedTable:
    """The preview as a page shows a table: its withheld cells as "s"."""
    values = {**dict.fromkeys(preview.withheld, 0), **preview.values}
    return publish_table(preview.table, LinearTable(values, []), set(preview.withheld))
