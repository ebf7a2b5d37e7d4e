"""The grid editor's page: the statistician declares a table, previews it with its
suppression, saves it as a version in force from a year not published; nobody else
reaches it."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from lien.accounts.roles import Role
from lien.audit.models import AuditEvent
from lien.stats.definitions import load_grid
from lien.stats.models import GridVersion
from lien.stats.services import record_event

from ..factories import OfficeFactory, member

pytestmark = pytest.mark.django_db


def _households(office, n: int, sex: str, first: int, status: str = "new") -> None:
    for i in range(n):
        record_event(
            kind="visit",
            day=date(timezone.localdate().year, 1, 1),
            office_id=office.pk,
            household_id=first + i,
            situation={"household_status": status, "reference_sex": sex},
        )


def _declaration(**changes) -> dict:
    year = timezone.localdate().year
    data = {
        "grid": "activity",
        "new_grid_title": "",
        "title": "Ménages par sexe",
        "counted": "households",
        "rows": "reference_sex",
        "columns": "household_status",
        "preview_year": str(year),
        "valid_from": str(year + 1),
    }
    return {**data, **changes}


def test_the_statistician_previews_a_table_with_its_suppression(client):
    office = OfficeFactory()
    _households(office, 9, "F", 1)
    _households(office, 7, "F", 50, "known")
    _households(office, 2, "M", 100)
    _households(office, 8, "M", 150, "known")
    client.force_login(member(Role.STATISTICIAN, office))
    page = client.get(reverse("stats_grid_editor"))
    assert page.status_code == 200
    assert "Sexe de la personne de référence" in page.content.decode()  # a dimension, in words
    answer = client.post(reverse("stats_grid_editor"), {**_declaration(), "preview": "1"})
    text = answer.content.decode()
    assert answer.status_code == 200
    assert "Aperçu" in text and "Ménages par sexe" in text
    compact = text.replace(" ", "").replace("\n", "")
    assert ">26<" in compact  # every household, shown
    assert ">2<" not in compact  # two men, new: withheld
    assert 'secretstatistique">s</abbr>' in compact
    assert "reference_sex" not in text.split("<form")[0]  # no field code on the page
    assert not GridVersion.objects.exists()  # a preview saves nothing


def test_saving_makes_a_version_in_force_from_the_year_chosen(client):
    office = OfficeFactory()
    statistician = member(Role.STATISTICIAN, office)
    client.force_login(statistician)
    answer = client.post(reverse("stats_grid_editor"), {**_declaration(), "save": "1"})
    assert answer.status_code == 302
    version = GridVersion.objects.get()
    next_year = timezone.localdate().year + 1
    assert (version.grid, version.number, version.valid_from) == ("activity", 1, next_year)
    assert version.saved_by == statistician
    assert load_grid("activity", next_year).tables[-1].title == "Ménages par sexe"
    assert len(load_grid("activity", next_year - 1).tables) == len(load_grid("activity").tables)
    event = AuditEvent.objects.get(object_kind="grid_version")
    assert event.object_id == "activity:1"


def test_a_new_grid_needs_a_title_and_a_year_not_offered_is_refused(client):
    office = OfficeFactory()
    client.force_login(member(Role.STATISTICIAN, office))
    answer = client.post(reverse("stats_grid_editor"), {**_declaration(grid="new"), "save": "1"})
    assert answer.status_code == 200
    assert "Donnez un titre à la nouvelle grille" in answer.content.decode()
    past = _declaration(valid_from=str(timezone.localdate().year - 1))
    answer = client.post(reverse("stats_grid_editor"), {**past, "save": "1"})
    assert answer.status_code == 200
    assert not GridVersion.objects.exists()


@pytest.mark.parametrize("role", [Role.MANAGER, Role.SOCIAL_WORKER, Role.DPO, Role.ADMIN])
def test_nobody_else_reaches_the_editor(client, role):
    office = OfficeFactory()
    client.force_login(member(role, office))
    assert client.get(reverse("stats_grid_editor")).status_code == 404
    assert (
        client.post(reverse("stats_grid_editor"), {**_declaration(), "save": "1"}).status_code
        == 404
    )
    assert not GridVersion.objects.exists()
