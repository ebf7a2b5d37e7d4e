"""Reads of the paper grids for their pages: where each stands, and its history. Who
typed, corrected or withdrew a grid, when and why; never the figures, which are published
only through the grids, after disclosure control (`typed.typed_grid_values`)."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.http import Http404

from lien.offices.models import Office
from lien.offices.record_keeping import offices_paper_based_in

from ..definitions import Grid, grid_codes, load_grid
from ..models import PaperGridVersion, VersionKind


@dataclass
class PaperGridState:
    """Where a paper grid stands, for the list of paper grids: no figure in it."""

    grid: Grid
    office: Office
    year: int
    current: PaperGridVersion
    counted: bool  # current, not withdrawn, and the office was paper-based that year


def paper_grids_of(*, office_ids: Iterable[int]) -> list[PaperGridState]:
    """The paper grids of these offices (those whose paper grids the actor may see),
    newest year first, each with its current version."""
    office_ids = list(office_ids)
    versions = (
        PaperGridVersion.objects.filter(
            paper_grid__office_id__in=office_ids, paper_grid__grid__in=grid_codes()
        )
        .select_related("paper_grid__office")
        .order_by("paper_grid_id", "number")
    )
    current = {version.paper_grid_id: version for version in versions}
    papers = sorted(
        (version.paper_grid for version in current.values()),
        key=lambda paper: (-paper.year, paper.office.name, paper.grid),
    )
    paper_based = {
        year: offices_paper_based_in(year, office_ids) for year in {p.year for p in papers}
    }
    return [
        PaperGridState(
            grid=load_grid(paper.grid, paper.year),
            office=paper.office,
            year=paper.year,
            current=current[paper.pk],
            counted=current[paper.pk].kind != VersionKind.WITHDRAWN
            and paper.office_id in paper_based[paper.year],
        )
        for paper in papers
    ]


def paper_grid_history(
    *, office_ids: Iterable[int], grid_code: str, office_id: int, year: int
) -> list[PaperGridVersion]:
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
