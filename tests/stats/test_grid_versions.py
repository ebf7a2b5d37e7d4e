"""Grid versions: a year is read with the version in force that year, a new version is
saved only for a year not published yet, a declared table is checked and previewed with
its suppression."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lien.stats.definitions import load_grid, shipped_text
from lien.stats.grid_versions import (
    DeclaredAxis,
    DeclaredCategory,
    DeclaredTable,
    first_open_year,
    grid_with_table,
    preview_table,
    save_grid_version,
)
from lien.stats.models import GridVersion, Publication
from lien.stats.selectors import published_grid
from lien.stats.services import record_event

from ..factories import OfficeFactory

pytestmark = pytest.mark.django_db
STATUS = DeclaredAxis(
    "household_status",
    [DeclaredCategory("new", "Nouveaux", "New"), DeclaredCategory("known", "Connus", "Known")],
)
SEX = DeclaredAxis(
    "reference_sex",
    [DeclaredCategory("F", "Femme", "Woman"), DeclaredCategory("M", "Homme", "Man")],
)
BY_SEX = DeclaredTable(
    title="Ménages par sexe de la personne de référence",
    kinds=["situation"],
    measure="households",
    rows=SEX,
    columns=STATUS,
)


def _households(office, year: int, n: int, sex: str, status: str = "new") -> None:
    first = office.pk * 1000 + (500 if sex == "M" else 0) + (200 if status == "known" else 0)
    for i in range(n):
        record_event(
            kind="visit",
            day=date(year, 3, 1),
            office_id=office.pk,
            household_id=first + i,
            situation={"household_status": status, "reference_sex": sex},
        )


def _no_audit(**_event) -> None:
    """The audit writer lien.web.grid_editor passes; the view test checks the event."""


def test_a_year_is_read_with_the_version_in_force_that_year():
    office = OfficeFactory()
    _households(office, 2023, 6, "F")
    _households(office, 2024, 6, "F")
    definition = grid_with_table("activity", BY_SEX)
    GridVersion.objects.create(grid="activity", number=1, valid_from=2024, definition=definition)
    shipped = [t.code for t in load_grid("activity").tables]
    assert [t.code for t in load_grid("activity", 2023).tables] == shipped
    assert [t.code for t in load_grid("activity", 2024).tables] == [*shipped, BY_SEX_CODE]
    assert [t.code for t in load_grid("activity", 2030).tables][-1] == BY_SEX_CODE
    kept = published_grid(
        office_ids={office.pk}, grid_code="activity", year=2023, office_id=office.pk
    )
    assert [t.table.code for t in kept.tables] == shipped
    newer = published_grid(
        office_ids={office.pk}, grid_code="activity", year=2024, office_id=office.pk
    )
    by_sex = newer.tables[-1]
    assert by_sex.table.code == BY_SEX_CODE
    assert by_sex.rows[0].cells[0].value == 6  # women, new


BY_SEX_CODE = "menages-par-sexe-de-la-personne-de-refer"  # cut at 40 characters


def test_a_version_is_saved_only_for_a_year_not_published():
    this_year = timezone.localdate().year
    Publication.objects.create(
        grid="activity", scope="all", year=this_year, tables={}, published_at=timezone.now()
    )
    assert first_open_year() == this_year + 1
    definition = grid_with_table("activity", BY_SEX)
    with pytest.raises(ValidationError, match=str(this_year + 1)):
        save_grid_version(
            saved_by_id=None,
            grid_code="activity",
            definition=definition,
            valid_from=this_year,
            audit=_no_audit,
        )
    assert not GridVersion.objects.exists()
    first = save_grid_version(
        saved_by_id=None,
        grid_code="activity",
        definition=definition,
        valid_from=this_year + 1,
        audit=_no_audit,
    )
    second = save_grid_version(
        saved_by_id=None,
        grid_code="activity",
        definition=shipped_text("activity"),
        valid_from=this_year + 2,
        audit=_no_audit,
    )
    assert (first.number, second.number) == (1, 2)
    with pytest.raises(ValidationError, match=str(this_year + 2)):
        save_grid_version(
            saved_by_id=None,
            grid_code="activity",
            definition=definition,
            valid_from=this_year + 2,
            audit=_no_audit,
        )
    # The version is never changed in place.
    with pytest.raises(ValueError):
        first.save()


def test_a_declaration_that_makes_no_table_is_refused_in_words():
    same = DeclaredTable(
        title="Statut", kinds=["situation"], measure="households", rows=STATUS, columns=STATUS
    )
    with pytest.raises(ValidationError, match=r"(same dimension|même dimension)"):
        grid_with_table("activity", same)
    unknown = DeclaredTable(
        title="Noms",
        kinds=["situation"],
        measure="households",
        rows=DeclaredAxis("birth_name", STATUS.categories),
    )
    with pytest.raises(ValidationError, match=r"(dimensions offered|dimensions proposées)"):
        grid_with_table("activity", unknown)
    with pytest.raises(ValidationError, match=r"(title|titre)"):
        grid_with_table(
            "activity",
            DeclaredTable(title=" ", kinds=["situation"], measure="households", rows=STATUS),
        )


def test_the_preview_withholds_what_the_tables_own_secrecy_withholds():
    office = OfficeFactory()
    _households(office, 2024, 7, "F")
    _households(office, 2024, 6, "F", "known")
    _households(office, 2024, 2, "M")
    _households(office, 2024, 8, "M", "known")
    preview = preview_table(
        office_ids=[office.pk], grid_definition=grid_with_table("activity", BY_SEX), year=2024
    )
    assert (1, 0) in preview.withheld  # two men, new: under the threshold
    assert (1, 0) not in preview.values
    # Withheld alone, it would be the difference of its row's total and the other cell.
    assert len(preview.withheld) >= 4
    assert preview.values[("T", "T")] == 23
