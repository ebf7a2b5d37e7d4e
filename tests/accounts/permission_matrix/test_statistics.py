"""The permission matrix of the statistics: the published tables and trends, and the
paper grids of the offices that keep their records on paper."""

import pytest
from django.utils import timezone

from lien.accounts.roles import Role
from lien.stats import selectors as stats_selectors
from lien.stats import services as stats_services
from lien.stats.definitions import load_grid
from lien.stats.models import PaperGrid, PaperGridVersion, VersionKind
from lien.stats.paper import selectors as paper_selectors
from lien.stats.paper import services as paper_services
from lien.stats.paper.cells import address, positions
from lien.web.statistics_access import (
    paper_grid_history_office_ids,
    paper_grid_office_ids,
    statistics_office_ids,
)

from .matrix import MGR, NONE, STAT, SW, check, paper_based


def _zero_grid(code: str) -> dict:
    grid = load_grid(code)
    return {t.code: {address(t, p): "0" for p in positions(t)} for t in grid.tables}


def _typed_paper_grid(target) -> PaperGrid:
    """A population grid of 2020 typed for the target's (paper-based) office."""
    paper = PaperGrid.objects.create(grid="population", year=2020, office=paper_based(target))
    PaperGridVersion.objects.create(
        paper_grid=paper, number=1, kind=VersionKind.TYPED, values=_zero_grid("population")
    )
    return paper


def _no_audit(**event) -> None:
    """The audit writer the web layer passes (lien.web.paper_grids); not under test here."""


def _stats_year(target) -> int:
    """Puts one event in the target office's record, and returns its year."""
    day = timezone.localdate()
    stats_services.record_event(
        kind="visit", day=day, office_id=target.office.pk, household_id=target.file.household_id
    )
    return day.year


STATISTICS_RULES = {
    # Statistics: the web layer passes the offices the actor may see (statistics_access).
    "stats.selectors.published_grid": (
        lambda a, t: (
            stats_selectors.published_grid(
                office_ids=statistics_office_ids(a),
                grid_code="activity",
                year=_stats_year(t),
                office_id=t.office.pk,
            )
            is not None
        ),
        {SW, MGR, STAT},
        {STAT},
    ),
    "stats.selectors.grid_trends": (
        lambda a, t: bool(
            stats_selectors.grid_trends(
                office_ids=statistics_office_ids(a),
                grid_code="activity",
                years=[_stats_year(t)],
                office_id=t.office.pk,
            )
        ),
        {SW, MGR, STAT},
        {STAT},
    ),
    "stats.selectors.years_with_statistics": (
        lambda a, t: (
            _stats_year(t)
            in stats_selectors.years_with_statistics(
                office_ids=statistics_office_ids(a) & {t.office.pk}
            )
        ),
        {SW, MGR, STAT},
        {STAT},
    ),
    # Paper grids: typed, corrected and withdrawn by the office's manager only (not the
    # statistician, who holds every published table: docs/access-policy.md#paper-grids);
    # their list and history (no figure) read by the statisticians and the manager.
    "stats.paper.services.type_paper_grid": (
        lambda a, t: (
            paper_services.type_paper_grid(
                actor=a,
                allowed_office_ids=paper_grid_office_ids(a),
                grid_code="population",
                year=2020,
                office_id=paper_based(t).pk,
                values=_zero_grid("population"),
                audit=_no_audit,
            )
            is not None
        ),
        {MGR},
        NONE,
    ),
    "stats.paper.services.withdraw_paper_grid": (
        lambda a, t: (
            paper_services.withdraw_paper_grid(
                actor=a,
                allowed_office_ids=paper_grid_office_ids(a),
                grid_code="population",
                year=2020,
                office_id=_typed_paper_grid(t).office_id,
                reason="Erreur de saisie",
                audit=_no_audit,
            )
            is not None
        ),
        {MGR},
        NONE,
    ),
    "stats.paper.selectors.paper_grids_of": (
        lambda a, t: (
            _typed_paper_grid(t).pk
            in {
                s.current.paper_grid_id
                for s in paper_selectors.paper_grids_of(office_ids=paper_grid_history_office_ids(a))
            }
        ),
        {MGR, STAT},
        {STAT},
    ),
    "stats.paper.selectors.paper_grid_history": (
        lambda a, t: paper_selectors.paper_grid_history(
            office_ids=paper_grid_history_office_ids(a),
            grid_code="population",
            office_id=_typed_paper_grid(t).office_id,
            year=2020,
        ),
        {MGR, STAT},
        {STAT},
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("scope", ["own", "other"])
@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("name", sorted(STATISTICS_RULES))
def test_matrix(world, name, role, scope):
    check(world, STATISTICS_RULES, name, role, scope)
