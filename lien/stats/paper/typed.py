"""The typed figures: the one place where the figures of paper grids are read.

Publication and disclosure control read a year's paper grids through `typed_grid_values`
and nothing else, so that one rule holds everywhere: a grid counts only in its current
version (not withdrawn), and only for a year in which its office was paper-based (see
`lien.offices.record_keeping`). A typed grid adds the months an office kept on paper to
what the statistical record holds for it; it never replaces the record.
"""

from collections.abc import Iterable

from lien.offices.record_keeping import offices_paper_based_in

from ..models import PaperGridVersion, VersionKind

# {table code: {"row|column": count}}, margins included (see cells.address).
TypedValues = dict[str, dict[str, int]]


def typed_grid_values(
    *, grid_code: str, year: int, office_ids: Iterable[int]
) -> dict[int, TypedValues]:
    """{office id: typed values} of the grid for the year: the current version of each
    office's paper grid, for the offices that were paper-based that year; withdrawn
    grids and grids of computerised years are left out."""
    paper_based = offices_paper_based_in(year, list(office_ids))
    return {
        office_id: version.values
        for (_grid, office_id), version in current_versions(
            grid_codes=[grid_code], year=year, office_ids=paper_based
        ).items()
        if version.kind != VersionKind.WITHDRAWN
    }


def current_versions(
    *, grid_codes: Iterable[str], year: int, office_ids: Iterable[int]
) -> dict[tuple[str, int], PaperGridVersion]:
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
