"""The activity grid computed from the statistical record, on a demo seeded through the
case-file services, against counts recomputed independently from the case files."""

from collections import Counter, defaultdict
from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from lien.casefiles.concerns.models import ChildProtectionConcern
from lien.casefiles.concerns.services import STATISTICAL_CODE as CONCERN_CODE
from lien.casefiles.models import AidRequest, CaseFile, Intervention, Problem, SituationValue, Visit
from lien.offices.models import Office
from lien.stats.compute import count_grid
from lien.stats.definitions import grid_codes, load_grid
from lien.stats.selectors import published_grid
from lien.stats.tally import kept_counts, rebuild

pytestmark = pytest.mark.django_db


def _received(year):
    """{office id: {household id}} of households with any counted event in the year."""
    received = defaultdict(set)
    for model, office, household, day in (
        (CaseFile, "office_id", "household_id", "opened_on"),
        (CaseFile, "office_id", "household_id", "closed_on"),
        (Problem, "casefile__office_id", "casefile__household_id", "opened_on"),
        (Intervention, "casefile__office_id", "casefile__household_id", "occurred_on"),
        (AidRequest, "casefile__office_id", "casefile__household_id", "decided_on"),
        # A concern sent to the CRIP is counted as an intervention, and nothing more.
        (ChildProtectionConcern, "casefile__office_id", "casefile__household_id", "sent_on"),
    ):
        for office_id, household_id in model.objects.filter(**{f"{day}__year": year}).values_list(
            office, household
        ):
            received[office_id].add(household_id)
    for office_id, household_id, at in Visit.objects.values_list(
        "casefile__office_id", "casefile__household_id", "occurred_at"
    ):
        if timezone.localdate(at).year == year:
            received[office_id].add(household_id)
    return received


def _expected(year):
    """The grid's tables, counted from the case files by other means than the record."""
    received = _received(year)
    expected = defaultdict(Counter)  # table → Counter((office, row, column))
    first_day = date(year, 1, 1)
    for office_id, households in received.items():
        for household_id in households:
            known = CaseFile.objects.filter(
                household_id=household_id, office_id=office_id, opened_on__lt=first_day
            ).exists()
            expected["households"][(office_id, "known" if known else "new", "T")] += 1
            housing = (
                SituationValue.objects.filter(
                    casefile__household_id=household_id,
                    casefile__office_id=office_id,
                    item__code="housing-status",
                    superseded_at__isnull=True,
                )
                .values_list("value", flat=True)
                .first()
            )
            expected["housing"][(office_id, housing or "", "T")] += 1  # the catalogue's codes
    problem_households = set(
        Problem.objects.filter(opened_on__year=year).values_list(
            "casefile__office_id", "item__code", "casefile__household_id"
        )
    )
    for office_id, code, _household in problem_households:
        expected["problems"][(office_id, code, "T")] += 1
    for office_id, code in Intervention.objects.filter(occurred_on__year=year).values_list(
        "casefile__office_id", "item__code"
    ):
        expected["interventions"][(office_id, code, "T")] += 1
    for (office_id,) in ChildProtectionConcern.objects.filter(sent_on__year=year).values_list(
        "casefile__office_id"
    ):
        expected["interventions"][(office_id, CONCERN_CODE, "T")] += 1
    for office_id, code, status in AidRequest.objects.filter(decided_on__year=year).values_list(
        "casefile__office_id", "aid_type__code", "status"
    ):
        expected["aid_decisions"][(office_id, code, status)] += 1
    return expected


def test_the_activity_grid_matches_the_case_files_up_to_suppression():
    call_command("seed_demo", households=80, stdout=open("/dev/null", "w"))  # noqa: SIM115
    grid = load_grid("activity")
    offices = list(Office.objects.all())
    year = timezone.localdate().year
    for counted_year in (year - 1, year):
        computed = count_grid(grid, counted_year, [o.pk for o in offices])
        expected = _expected(counted_year)
        for code, counts in expected.items():
            table = grid.table(code)
            for office in offices:
                matrix = computed[code].get(office.pk)
                for r, row in enumerate(table.row_values):
                    for c, column in enumerate(table.column_values):
                        got = matrix[r][c] if matrix else 0
                        want = counts[(office.pk, row, column)]
                        assert got == want, (counted_year, code, office.code, row, column)
        # Published for the département: every value shown is the true one.
        published = published_grid(
            office_ids={o.pk for o in offices}, grid_code="activity", year=counted_year
        )
        for table in published.tables:
            if table.table.code not in expected:
                continue
            counts = expected[table.table.code]
            for r, row in enumerate(table.table.row_values):
                for c, column in enumerate(table.table.column_values):
                    cell = table.rows[r].cells[c]
                    true = sum(n for (_o, rr, cc), n in counts.items() if (rr, cc) == (row, column))
                    assert cell.value in (None, true)
    # And something was published at all, with the demo's few households.
    shown = [cell.value for t in published.tables for row in t.rows for cell in row.cells]
    assert any(v for v in shown if v)


def _nonzero(counts):
    return {
        table: {office: matrix for office, matrix in by_office.items() if any(map(any, matrix))}
        for table, by_office in counts.items()
    }


def test_the_cells_kept_at_source_equal_the_counts_from_the_events():
    call_command("seed_demo", households=60, stdout=open("/dev/null", "w"))  # noqa: SIM115
    offices = [o.pk for o in Office.objects.all()]
    year = timezone.localdate().year
    for counted_year in (year - 2, year - 1, year):
        for code in grid_codes():
            grid = load_grid(code)
            from_events = _nonzero(count_grid(grid, counted_year, offices))
            kept = kept_counts(grid, counted_year, offices)
            if kept is None:  # a year the demo recorded nothing in keeps no cells at all
                assert counted_year != year and not any(from_events.values()), (code, counted_year)
                continue
            assert _nonzero(kept) == from_events, (code, counted_year)
            rebuild(counted_year)
            assert _nonzero(kept_counts(grid, counted_year, offices)) == from_events
