"""Paper grids: typed only for a paper-based office and year, by its manager; every value
a count, every total right within and across tables; versioned, corrected or withdrawn
with a reason, each change audited; counted in addition to the record, never instead."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone, translation

from lien.accounts.roles import Role
from lien.audit.models import AuditEvent
from lien.offices.models import RecordKeeping
from lien.stats.compute import count_grid, empty_matrix
from lien.stats.definitions import load_grid
from lien.stats.disclosure import linear_table
from lien.stats.models import PaperGrid, PaperGridVersion, VersionKind, YearKey
from lien.stats.paper.cells import address
from lien.stats.paper.checks import shared_margin_faults
from lien.stats.paper.typed import typed_grid_values
from lien.stats.selectors import published_grid
from lien.stats.services import record_event
from lien.web.paper_grids import type_paper_grid, withdraw_paper_grid

from ..factories import OfficeFactory, member
from .paper_helpers import grand_total, households, mark, paper_based, typed_values

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_french():
    """Messages and audit reasons are written in the language of the act: French here,
    whatever an earlier test left active."""
    with translation.override("fr"):
        yield


YEAR = 2024
PEOPLE = households(40)


@pytest.fixture
def paper_office():
    office = OfficeFactory()
    paper_based(office)
    return office, member(Role.MANAGER, office)


def _type(office, manager, grid="population", values=None, year=YEAR, reason=""):
    return type_paper_grid(
        actor=manager,
        grid_code=grid,
        year=year,
        office_id=office.pk,
        values=values if values is not None else typed_values(grid, PEOPLE),
        reason=reason,
    )


def _refused(call) -> str:
    with pytest.raises(ValidationError) as caught:
        call()
    return "\n".join(caught.value.messages)


def _nothing_saved():
    assert not PaperGrid.objects.exists()
    assert not PaperGridVersion.objects.exists()
    assert not AuditEvent.objects.filter(object_kind="paper_grid").exists()


# Checks ---------------------------------------------------------------------------


def test_grids_counted_from_households_are_saved_both(paper_office):
    office, manager = paper_office
    _type(office, manager, "activity")
    version = _type(office, manager, "population")
    assert version.number == 1 and version.kind == VersionKind.TYPED
    assert version.values["type_by_age"]["T|T"] == len(PEOPLE)
    assert version.typed_by == manager


def test_a_total_that_does_not_add_up_is_refused_naming_the_cell(paper_office):
    office, manager = paper_office
    values = typed_values("population", PEOPLE)
    row = int(values["type_by_age"]["single|T"])
    values["type_by_age"]["single|T"] = str(row + 1)
    messages = _refused(lambda: _type(office, manager, values=values))
    assert (
        "tableau « Type de ménage selon l'âge de la personne de référence », "
        "ligne « Personne seule », colonne « Total » : "
        f"le total saisi est {row + 1} mais ses cases font {row}."
    ) in messages
    _nothing_saved()


def _move_one(values: dict, table: str, source: str, target: str) -> None:
    """Moves one household from one interior cell to another of the same column, and
    fixes the table's own row totals: the table adds up, its row margin has changed."""
    cells = values[table]
    row_from, row_to = source.split("|")[0], target.split("|")[0]
    assert int(cells[source]) > 0
    for key, step in ((source, -1), (target, +1), (f"{row_from}|T", -1), (f"{row_to}|T", +1)):
        cells[key] = str(int(cells[key]) + step)


def test_margins_shared_within_a_grid_must_agree(paper_office):
    office, manager = paper_office
    values = typed_values("population", PEOPLE)
    source = next(k for k, n in values["type_by_age"].items() if "T" not in k and int(n) > 0)
    row, column = source.split("|")
    other_row = next(r for r in load_grid("population").table("type_by_age").row_values if r != row)
    _move_one(values, "type_by_age", source, f"{other_row}|{column}")
    messages = _refused(lambda: _type(office, manager, values=values))
    # The household type of type_by_age (rows) and of housing_by_type (columns) differ.
    assert "tableau « Logement selon le type de ménage », ligne « Total »" in messages
    assert "comptent les mêmes ménages et doivent être égales" in messages
    _nothing_saved()


def test_margins_shared_with_the_other_grid_must_agree(paper_office):
    office, manager = paper_office
    _type(office, manager, "activity")
    other_people = households(40, seed=2)  # the same number, not the same households
    messages = _refused(
        lambda: _type(office, manager, values=typed_values("population", other_people))
    )
    assert "Grille annuelle d'activité, tableau « Âge de la personne de référence »" in messages
    assert not PaperGrid.objects.filter(grid="population").exists()
    assert PaperGridVersion.objects.count() == 1  # the activity grid alone


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12,5", "« 12,5 » n'est pas un nombre entier"),
        ("abc", "« abc » n'est pas un nombre"),
        ("-2", "« -2 » est négatif"),
        ("", "vide. Tapez 0 là où il n'y a personne."),
    ],
)
def test_a_value_that_is_not_a_count_is_refused(paper_office, typed, expected):
    office, manager = paper_office
    values = typed_values("population", PEOPLE)
    values["housing_by_type"]["owner|couple-no-child"] = typed
    messages = _refused(lambda: _type(office, manager, values=values))
    assert "ligne « Propriétaire », colonne « Couple sans enfant » : " + expected in messages
    _nothing_saved()


def test_thousands_may_be_spaced_as_in_french(paper_office):
    office, manager = paper_office
    values = typed_values("population", PEOPLE)
    spaced = {
        table: {key: f"{int(n) * 1000:,}".replace(",", "\u202f") for key, n in cells.items()}
        for table, cells in values.items()
    }
    version = _type(office, manager, values=spaced)
    assert version.values["type_by_age"]["T|T"] == len(PEOPLE) * 1000


def test_grids_computed_from_the_record_agree_on_their_shared_margins():
    """The rule checked on typed grids holds on computed ones: it is the grids' own."""
    office = OfficeFactory()
    for i, person in enumerate(households(60, seed=3)):
        situation = dict(person)
        if i % 7 == 0:
            situation["housing"] = ""  # not recorded
        record_event(
            kind="visit",
            day=date(YEAR, 1 + i % 12, 3),
            office_id=office.pk,
            household_id=i,
            situation=situation,
        )
    grids = []
    for code in ("activity", "population"):
        grid = load_grid(code)
        counts = count_grid(grid, YEAR, [office.pk])
        values = {
            table.code: {
                address(table, p): n
                for p, n in linear_table(
                    counts[table.code].get(office.pk, empty_matrix(table))
                ).values.items()
            }
            for table in grid.tables
        }
        grids.append((grid, values))
    assert shared_margin_faults(grids, "population") == []
    assert shared_margin_faults(grids, "activity") == []


# Who, which office, which year --------------------------------------------------------


def test_a_computerised_office_takes_no_paper_grid():
    office = OfficeFactory()  # no change recorded: computerised
    manager = member(Role.MANAGER, office)
    messages = _refused(lambda: _type(office, manager))
    assert "a utilisé Lien toute l'année 2024" in messages
    assert "registre statistique" in messages
    _nothing_saved()


@time_machine.travel(date(2027, 6, 1), tick=False)
def test_an_office_moving_to_lien_takes_paper_grids_for_its_paper_years_only():
    office = OfficeFactory()
    mark(office, RecordKeeping.COMPUTERISED, date(2026, 3, 1))  # paper before
    manager = member(Role.MANAGER, office)
    assert _type(office, manager, year=2025).number == 1
    assert _type(office, manager, year=2026).number == 1  # January and February on paper
    assert "toute l'année 2027" in _refused(lambda: _type(office, manager, year=2027))


def test_only_the_offices_manager_types_it(paper_office):
    office, _manager = paper_office
    for someone in (
        member(Role.STATISTICIAN, office),
        member(Role.MANAGER, OfficeFactory()),
        member(Role.SOCIAL_WORKER, office),
    ):
        with pytest.raises(Http404):
            _type(office, someone)
    _nothing_saved()


def test_a_closed_year_or_a_year_to_come_takes_no_grid(paper_office):
    office, manager = paper_office
    YearKey.objects.create(year=YEAR, key=None, closed=True)
    assert "sont closes" in _refused(lambda: _type(office, manager))
    assert "n'a pas commencé" in _refused(
        lambda: _type(office, manager, year=timezone.localdate().year + 1)
    )
    _nothing_saved()


# Versions, withdrawal, audit --------------------------------------------------------------


def test_a_grid_is_corrected_with_a_reason_as_a_new_version(paper_office):
    office, manager = paper_office
    first = _type(office, manager)
    corrected_values = typed_values("population", households(41))
    assert "Indiquez le motif" in _refused(lambda: _type(office, manager, values=corrected_values))
    second = _type(office, manager, values=corrected_values, reason="Une case mal recopiée")
    assert (second.number, second.kind, second.reason) == (2, "corrected", "Une case mal recopiée")
    assert typed_grid_values(grid_code="population", year=YEAR, office_ids=[office.pk]) == {
        office.pk: second.values
    }
    first.refresh_from_db()
    assert first.values["type_by_age"]["T|T"] == 40  # the old version is kept as it was
    same = _refused(lambda: _type(office, manager, values=corrected_values, reason="encore"))
    assert "Rien ne diffère de la version 2" in same
    assert PaperGridVersion.objects.count() == 2


def test_a_grid_is_withdrawn_with_a_reason_and_typed_again(paper_office):
    office, manager = paper_office
    _type(office, manager)

    def withdraw(reason):
        return withdraw_paper_grid(
            actor=manager, grid_code="population", year=YEAR, office_id=office.pk, reason=reason
        )

    assert "Indiquez le motif" in _refused(lambda: withdraw("  "))
    withdrawn = withdraw("Grille de la mauvaise année")
    assert (withdrawn.number, withdrawn.kind, withdrawn.values) == (2, "withdrawn", {})
    assert typed_grid_values(grid_code="population", year=YEAR, office_ids=[office.pk]) == {}
    assert "aucune grille saisie à retirer" in _refused(lambda: withdraw("encore"))
    again = _type(office, manager, reason="La bonne grille")
    assert (again.number, again.kind) == (3, "typed")


def test_every_change_is_audited_and_a_refusal_is_not(paper_office):
    office, manager = paper_office
    _type(office, manager)
    _type(office, manager, values=typed_values("population", households(41)), reason="Erreur")
    withdraw_paper_grid(
        actor=manager, grid_code="population", year=YEAR, office_id=office.pk, reason="Doublon"
    )
    _refused(lambda: _type(office, manager, values={}, reason="vide"))
    events = AuditEvent.objects.filter(object_kind="paper_grid").order_by("id")
    assert [(e.action, e.object_id, e.office_id, e.actor_id) for e in events] == [
        ("create", f"population:{YEAR}:v1", office.pk, manager.pk),
        ("update", f"population:{YEAR}:v2", office.pk, manager.pk),
        ("delete", f"population:{YEAR}:v3", office.pk, manager.pk),
    ]
    assert events[1].reason.endswith("corrigée (version 2) : Erreur")
    assert events[2].reason.endswith("retirée (version 3) : Doublon")


def test_a_version_is_never_changed_nor_deleted(paper_office):
    office, manager = paper_office
    version = _type(office, manager)
    version.reason = "réécrit"
    with pytest.raises(ValueError):
        version.save()
    with pytest.raises(ValueError):
        version.delete()


# Counting ----------------------------------------------------------------------------


def _visits(office, households_count: int, month: int = 5):
    for household_id in range(households_count):
        record_event(
            kind="visit",
            day=date(YEAR, month, 2),
            office_id=office.pk,
            household_id=household_id + office.pk * 1000,
            situation={"household_status": "new", "housing": "owner"},
        )


def _households_received(published) -> int:
    table = next(t for t in published.tables if t.table.code == "households")
    return table.rows[-1].cells[0].value


def test_a_typed_grid_adds_to_the_record_and_never_replaces_it():
    computed, moving = OfficeFactory(name="A"), OfficeFactory(name="B")
    mark(moving, RecordKeeping.COMPUTERISED, date(YEAR, 3, 1))
    _visits(computed, 7)
    _visits(moving, 9)  # recorded in Lien from March
    values = typed_values("activity", PEOPLE)  # January and February, on paper
    _type(moving, member(Role.MANAGER, moving), "activity", values)
    published = published_grid(office_ids={computed.pk, moving.pk}, grid_code="activity", year=YEAR)
    assert _households_received(published) == 7 + 9 + grand_total(values, "households")
    assert [(s.office.name, s.computed, s.typed) for s in published.sources] == [
        ("A", True, False),
        ("B", True, True),
    ]


def test_a_grid_left_on_an_office_later_marked_computerised_no_longer_counts(paper_office):
    office, manager = paper_office
    _visits(office, 6)
    _type(office, manager, "activity")
    office.record_keeping_changes.all().delete()  # the administrator corrects: it used Lien
    published = published_grid(office_ids={office.pk}, grid_code="activity", year=YEAR)
    assert _households_received(published) == 6
    assert [(s.computed, s.typed) for s in published.sources] == [(True, False)]


def test_a_withdrawn_grid_no_longer_counts(paper_office):
    office, manager = paper_office
    values = typed_values("activity", PEOPLE)
    _type(office, manager, "activity", values)
    published = published_grid(office_ids={office.pk}, grid_code="activity", year=YEAR)
    assert _households_received(published) == grand_total(values, "households")
    withdraw_paper_grid(
        actor=manager, grid_code="activity", year=YEAR, office_id=office.pk, reason="Erreur"
    )
    published = published_grid(office_ids={office.pk}, grid_code="activity", year=YEAR)
    assert _households_received(published) == 0
    assert [(s.computed, s.typed) for s in published.sources] == [(False, False)]
