"""The attacker against a whole year of statistics: every grid, office and the
département, pages, exports and trends, with one office's grids typed from paper (the
attacker knows every cell of them). It fails if any withheld small count can be
narrowed to an interval that does not contain [0, threshold] (the protection of
docs/statistics-protection.md)."""

import uuid
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from lien.accounts.roles import Role
from lien.offices.models import Office
from lien.stats import tally
from lien.stats.compute import count_grid
from lien.stats.definitions import grid_codes, load_grid
from lien.stats.disclosure import linear_table, suppress
from lien.stats.grid_versions import DeclaredAxis, DeclaredCategory, DeclaredTable, grid_with_table
from lien.stats.models import GridVersion, StatEvent
from lien.stats.paper.cells import address
from lien.stats.towns import OUTSIDE, SMALL, TOWNS_GRID
from lien.web.paper_grids import type_paper_grid

from ..factories import OfficeFactory, member
from .attacker import attack, seen, truth
from .paper_helpers import paper_based

YEAR = 2025
ACTIVITY, POPULATION = load_grid("activity"), load_grid("population")
# The towns a household may live in, as the record holds them (lien/stats/towns.py): two
# big towns by their code, the small ones together, outside, not recorded.
TOWNS = ["93008", "93048", SMALL, OUTSIDE, ""]


def _declare_town_table(year: int) -> None:
    """The town table among the year's publications, as the grid editor saves it."""
    table = DeclaredTable(
        title="Ménages reçus par commune de résidence",
        kinds=["situation"],
        measure="households",
        rows=DeclaredAxis("town", [DeclaredCategory(t, t or "-", t or "-") for t in TOWNS]),
        columns=DeclaredAxis(
            "household_status",
            [
                DeclaredCategory("new", "Nouveaux", "New"),
                DeclaredCategory("known", "Connus", "Known"),
            ],
        ),
    )
    definition = grid_with_table(TOWNS_GRID, table, new_title="Communes")
    GridVersion.objects.create(grid=TOWNS_GRID, number=1, valid_from=year, definition=definition)


def _values(table_code: str, grid=ACTIVITY) -> list[str]:
    return grid.table(table_code).row_values


def _event(office, token, kind, month=1, **dimensions):
    return StatEvent(
        kind=kind, year=YEAR, month=month, office=office, household_token=token, **dimensions
    )


households = st.lists(
    st.fixed_dictionaries(
        {
            "household_status": st.sampled_from(["new", "known"]),
            "town": st.sampled_from(TOWNS),
            "household_type": st.sampled_from(_values("composition")[:4]),
            "age_band": st.sampled_from(_values("age")[1:5]),
            "housing": st.sampled_from(_values("housing")[:4]),
            "resources": st.sampled_from(_values("resources")[:4]),
            "events": st.lists(
                st.one_of(
                    st.tuples(st.sampled_from(["visit", "file_opened", "file_closed"])),
                    st.tuples(st.just("problem_opened"), st.sampled_from(_values("problems")[:4])),
                    st.tuples(
                        st.just("intervention"),
                        st.sampled_from(_values("interventions")[3:6]),
                        st.integers(1, 3),
                    ),
                    st.tuples(
                        st.just("aid_decision"),
                        st.sampled_from(_values("aid_decisions")[:3]),
                        st.sampled_from(["granted", "refused"]),
                        st.sampled_from(_values("aid_amounts")[:3]),
                    ),
                ),
                min_size=1,
                max_size=3,
            ),
        }
    ),
    max_size=12,
)


def _write(office, generated) -> None:
    """A household's situation and events, as the statistical record holds them."""
    rows = []
    for household in generated:
        token = uuid.uuid4().hex
        situation = {k: v for k, v in household.items() if k != "events"}
        rows.append(_event(office, token, "situation", **situation))
        for event in household["events"]:
            kind, *rest = event
            if kind == "problem_opened":
                rows.append(_event(office, token, kind, problem_family=rest[0]))
            elif kind == "intervention":
                rows.append(_event(office, token, kind, month=rest[1], intervention_type=rest[0]))
            elif kind == "aid_decision":
                aid, decision, band = rest
                amount = band if decision == "granted" else ""
                rows.append(
                    _event(office, token, kind, aid_type=aid, decision=decision, amount_band=amount)
                )
            else:
                rows.append(_event(office, token, kind))
    StatEvent.objects.bulk_create(rows)


def _type_from_paper(office, year: int) -> None:
    """The office's grids typed from paper, adding up within and across tables: counted
    from the office's events, which are then removed (a paper office has none), typed by
    its manager as the paper-grid page does."""
    paper_based(office)
    manager = member(Role.MANAGER, office)
    for code in grid_codes(year):
        grid = load_grid(code, year)
        counted = count_grid(grid, year, [office.pk])
        values = {}
        for table in grid.tables:
            matrix = counted[table.code].get(office.pk) or [
                [0] * len(table.column_values) for _ in table.row_values
            ]
            values[table.code] = {
                address(table, position): str(n)
                for position, n in linear_table(matrix).values.items()
            }
        type_paper_grid(
            actor=manager,
            grid_code=code,
            year=year,
            office_id=office.pk,
            values=values,
        )
    StatEvent.objects.filter(office=office, year=year).delete()
    tally.rebuild(year)  # the kept counts follow the events removed


def _assert_protected(year: int) -> int:
    found = attack(year, seen(year), truth(year))
    assert not found.narrowed, found.narrowed[:5]
    return found.checked


class HypothesisDepartement(TestCase):
    @settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        computed=st.lists(households, min_size=2, max_size=3),
        typed=households.filter(bool),
    )
    def test_no_withheld_small_count_is_narrowed(self, computed, typed):
        _declare_town_table(YEAR)
        for generated in computed:
            _write(OfficeFactory(), generated)
        paper_office = OfficeFactory()
        _write(paper_office, typed)
        _type_from_paper(paper_office, YEAR)
        tally.rebuild(YEAR)
        _assert_protected(YEAR)


def _table_by_table(true: dict) -> dict:
    """What the table-by-table suppression (disclosure.suppress) publishes."""
    by_table = defaultdict(dict)
    for (grid_code, scope, table_code, position), (count, _known) in true.items():
        by_table[(grid_code, scope, table_code)][position] = count
    shown = {}
    for (grid_code, scope, table_code), values in by_table.items():
        table = load_grid(grid_code).table(table_code)
        matrix = [
            [values[(r, c)] for c in range(len(table.column_values))]
            for r in range(len(table.row_values))
        ]
        linear, withheld = suppress(matrix, table.threshold)
        for position in linear.values:
            count = None if position in withheld else values[position]
            shown[(grid_code, scope, table_code, position)] = count
    return shown


@pytest.mark.django_db
def test_the_demo_with_a_paper_office_resists_the_attacker():
    call_command("seed_demo", households=40, stdout=open("/dev/null", "w"))  # noqa: SIM115
    year = timezone.localdate().year
    paper_office = Office.objects.order_by("pk").last()
    _type_from_paper(paper_office, year)
    true = truth(year)
    # The demo's town table is among the publications the attacker reads.
    assert {key[0] for key in true} >= {"activity", "population", TOWNS_GRID}
    # The attacker has teeth: against the table-by-table suppression it narrows counts.
    assert attack(year, _table_by_table(true), true).narrowed
    assert _assert_protected(year) > 0
