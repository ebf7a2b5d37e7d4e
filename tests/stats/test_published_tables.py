"""Statistics computed once: every grid stored as published per scope and year by the
task, pages reading it (the last publication, dated, while the year is published again),
tally changes appended by writers and folded by the task, the years from a small table."""

from datetime import date
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from lien.accounts.roles import Role
from lien.background.models import Job, JobStatus
from lien.stats import selectors, tally
from lien.stats.definitions import load_grid
from lien.stats.models import GridCell, GridCellDelta, Publication, StatYear
from lien.stats.publication import publish_year
from lien.stats.services import record_event
from lien.web.paper_grids import type_paper_grid

from ..factories import OfficeFactory, member
from .paper_helpers import households, paper_based, typed_values

pytestmark = pytest.mark.django_db
YEAR = 2024
SITUATION = {"household_status": "new", "household_type": "single"}


def _households(office, count, start=0):
    for i in range(start, start + count):
        record_event(
            kind="visit",
            day=date(YEAR, 3, 1),
            office_id=office.pk,
            household_id=i,
            situation=SITUATION,
        )


def _grid(offices, office):
    return selectors.published_grid(
        office_ids={o.pk for o in offices}, grid_code="activity", year=YEAR, office_id=office.pk
    )


def _new_households(published) -> list:
    return [row.cells[0].value for row in published.tables[0].rows]


def test_writers_append_changes_and_the_task_folds_them_into_the_cells():
    office = OfficeFactory()
    _households(office, 7)
    grid = load_grid("activity")
    # No writer updated a shared cell: each appended its changes.
    assert not GridCell.objects.exists()
    assert GridCellDelta.objects.exists()
    before = tally.kept_counts(grid, YEAR, [office.pk])
    assert before is not None
    assert tally.pending_changes(YEAR)
    assert tally.fold(YEAR) > 0
    assert not GridCellDelta.objects.exists() and not tally.pending_changes(YEAR)
    assert tally.kept_counts(grid, YEAR, [office.pk]) == before
    # Changes after the fold add to the folded cells.
    _households(office, 2, start=100)
    after = tally.kept_counts(grid, YEAR, [office.pk])
    table = grid.tables[0].code
    assert sum(map(sum, after[table][office.pk])) == sum(map(sum, before[table][office.pk])) + 2


def test_the_task_stores_every_grid_for_every_scope_with_the_suppression_applied():
    small, large = OfficeFactory(), OfficeFactory()
    _households(small, 3)
    _households(large, 40, start=100)
    publish_year(YEAR)
    scopes = set(Publication.objects.filter(year=YEAR).values_list("grid", "scope"))
    assert ("activity", str(small.pk)) in scopes and ("activity", "all") in scopes
    stored = Publication.objects.get(grid="activity", scope=str(small.pk), year=YEAR)
    first_table = load_grid("activity").tables[0].code
    assert None in stored.tables[first_table].values()  # 3 new households: withheld
    # A page reads the stored row: no linear programme, no count of the cells.
    with (
        mock.patch("lien.stats.protection.linprog", side_effect=AssertionError("solved")),
        CaptureQueriesContext(connection) as captured,
    ):
        shown = _grid([small, large], small)
    assert _new_households(shown)[0] is None
    assert not any('"stats_gridcell"' in q["sql"] for q in captured)
    assert shown.published_at == stored.published_at and not shown.updating


def test_while_the_year_is_published_again_the_page_shows_the_last_publication_dated():
    small, large = OfficeFactory(), OfficeFactory()
    _households(small, 3)
    _households(large, 40, start=100)
    offices = [small, large]
    first = _grid(offices, small)
    assert _new_households(first)[0] is None
    _households(small, 5, start=50)  # 8 new households now, not yet published
    queued = Job(kind="stats_protection", subject=str(YEAR), status=JobStatus.QUEUED)
    with mock.patch.object(selectors, "request_protection", return_value=queued) as asked:
        shown = _grid(offices, small)
    asked.assert_called_once_with(YEAR)
    assert shown.updating
    assert shown.published_at == first.published_at
    assert _new_households(shown) == _new_households(first)
    # Once the task has run, the new figures are shown.
    publish_year(YEAR)
    assert _new_households(_grid(offices, small))[0] == 8


def test_the_page_says_when_the_figures_were_published_and_that_new_ones_are_coming(client):
    office = OfficeFactory()
    _households(office, 12)
    manager = member(Role.MANAGER, office)
    client.force_login(manager)
    url = f"/statistics/?grid=activity&office={office.code}&year={YEAR}"
    with translation.override("fr"):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        assert "Publié le" in page
        _households(office, 1, start=500)
        queued = Job(kind="stats_protection", subject=str(YEAR), status=JobStatus.QUEUED)
        with mock.patch.object(selectors, "request_protection", return_value=queued):
            page = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "en cours de publication" in page
    assert "en cours de calcul" not in page


def test_the_years_offered_come_from_the_small_table_not_the_events():
    office = OfficeFactory()
    _households(office, 2)
    assert StatYear.objects.filter(year=YEAR, office=office).count() == 1
    with CaptureQueriesContext(connection) as captured:
        years = selectors.years_with_statistics(office_ids=[office.pk])
    assert years == [YEAR]
    assert not any("stats_statevent" in q["sql"] for q in captured)


def test_a_typed_paper_grid_has_the_year_published_again_at_once(
    django_capture_on_commit_callbacks,
):
    office = OfficeFactory()
    paper_based(office)
    manager = member(Role.MANAGER, office)
    with (
        mock.patch("lien.stats.tasks.request_protection") as asked,
        django_capture_on_commit_callbacks(execute=True),
        translation.override("fr"),
    ):
        type_paper_grid(
            actor=manager,
            grid_code="population",
            year=YEAR,
            office_id=office.pk,
            values=typed_values("population", households(40)),
            reason="",
        )
    asked.assert_called_once_with(YEAR)
