"""The typed figures: the one place where the figures of paper grids are read.

Publication and disclosure control read a year's paper grids through `typed_grid_values`
and nothing else, so that one rule holds everywhere: a grid counts only in its current
version (not withdrawn), and only for a year in which its office was paper-based (see
`lien.offices.models.offices_paper_based_in`). A typed grid adds the months an office
kept on paper to what the statistical record holds for it; it never replaces the record.
"""

from dataclasses import dataclass

from django.http import Http404

from lien.offices.models import Office, offices_paper_based_in

from ..definitions import TOTAL, Grid, Table, grid_codes, load_grid
from ..models import PaperGrid, PaperGridVersion, VersionKind

# {table code: {"row|column": count}}, margins included.
TypedValues = dict[str, dict[str, int]]


def address(table: Table, position) -> str:
    """The key of a cell or margin: "row|column", "T" standing for a total."""
    r, c = position
    row = TOTAL if r == TOTAL else table.row_values[r]
    column = TOTAL if c == TOTAL else table.column_values[c]
    return f"{row}|{column}"


def current_versions(*, grid_codes, year: int, office_ids) -> dict[tuple[str, int], PaperGridVersion]:
    """{(grid code, office id): last version} of the paper grids of these offices for
    the year, whatever the office's record keeping, withdrawn ones included."""
    latest: dict[tuple[str, int], PaperGridVersion] = {}
    versions = (
        PaperGridVersion.objects.filter(
            paper_grid__grid__in=list(grid_codes),
            paper_grid__year=year,
            paper_grid__office_id__in=list(office_ids),
        )
        .select_related("paper_grid")
        .order_by("paper_grid_id", "number")
    )
    for version in versions:
        latest[(version.paper_grid.grid, version.paper_grid.office_id)] = version
    return latest


def typed_grid_values(*, grid_code: str, year: int, office_ids) -> dict[int, TypedValues]:
    """{office id: typed values} of the grid for the year: the current version of each
    office's paper grid, for the offices that were paper-based that year; withdrawn
    grids and grids of computerised years are left out."""
    office_ids = list(office_ids)
    paper_based = offices_paper_based_in(year, office_ids)
    return {
        office_id: version.values
        for (_grid, office_id), version in current_versions(
            grid_codes=[grid_code], year=year, office_ids=paper_based
        ).items()
        if version.kind != VersionKind.WITHDRAWN
    }


def paper_matrix(table: Table, values: TypedValues) -> list[list[int]]:
    """The interior cells of one table of a typed grid as a matrix."""
    typed = values.get(table.code) or {}
    return [
        [int(typed.get(address(table, (r, c)), 0)) for c in range(len(table.column_values))]
        for r in range(len(table.row_values))
    ]


@dataclass
class PaperGridState:
    """Where a paper grid stands, for the list of paper grids: no figure in it."""

    grid: Grid
    office: Office
    year: int
    current: PaperGridVersion
    counted: bool  # current, not withdrawn, and the office was paper-based that year


def paper_grids_of(*, office_ids) -> list[PaperGridState]:
    """The paper grids of these offices (those whose paper grids the actor may see),
    newest year first, each with its current version."""
    office_ids = list(office_ids)
    papers = (
        PaperGrid.objects.filter(office_id__in=office_ids)
        .select_related("office")
        .order_by("-year", "office__name", "grid")
    )
    states = []
    paper_based: dict[int, frozenset[int]] = {}
    for paper in papers:
        current = paper.versions.order_by("-number").select_related("typed_by").first()
        if current is None or paper.grid not in grid_codes():
            continue
        if paper.year not in paper_based:
            paper_based[paper.year] = offices_paper_based_in(paper.year, office_ids)
        counted = current.kind != VersionKind.WITHDRAWN and paper.office_id in paper_based[paper.year]
        states.append(PaperGridState(load_grid(paper.grid), paper.office, paper.year, current, counted))
    return states


def paper_grid_history(*, office_ids, grid_code: str, office_id: int, year: int) -> list[PaperGridVersion]:
    """Every version of the office's paper grid, oldest first, for the history page (which
    shows who, when, what kind of change and why; never the figures). An office outside
    `office_ids` answers like a missing one."""
    if office_id not in set(office_ids):
        raise Http404
    return list(
        PaperGridVersion.objects.filter(
            paper_grid__grid=grid_code, paper_grid__office_id=office_id, paper_grid__year=year
        )
        .select_related("typed_by")
        .order_by("number")
    )
