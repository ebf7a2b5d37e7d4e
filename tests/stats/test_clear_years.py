"""Clear years: the statistics pages open on the last complete year, and a year without
any figure says so instead of showing zeros or another year."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from lien.accounts.roles import Role
from lien.stats.services import record_event

from ..factories import OfficeFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def statistician(client):
    office = OfficeFactory()
    client.force_login(member(Role.STATISTICIAN, office))
    return office


def _visit(office, year):
    record_event(
        kind="visit",
        day=date(year, 5, 2),
        office_id=office.pk,
        household_id=1,
        situation={"household_status": "new"},
    )


@time_machine.travel(date(2026, 6, 1), tick=False)
def test_the_default_year_is_the_last_complete_one(client, statistician):
    _visit(statistician, 2025)
    _visit(statistician, 2026)
    page = client.get(reverse("stats_grid")).content.decode()
    assert '<p class="lead">Tout le département · 2025</p>' in page
    assert '<option value="2025" selected>' in page


@time_machine.travel(date(2026, 6, 1), tick=False)
def test_a_year_without_figures_says_so(client, statistician):
    _visit(statistician, 2025)
    response = client.get(
        reverse("stats_grid"), {"grid": "activity", "office": "all", "year": 2019}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Aucun chiffre pour 2019" in page
    # The year asked for stays chosen: not replaced by another one.
    assert '<option value="2019" selected>' in page
    assert "Grille annuelle d" not in page.split("<form")[0]
    assert "stats-table" not in page


@time_machine.travel(date(2026, 6, 1), tick=False)
def test_a_year_not_offered_is_refused_not_replaced(client, statistician):
    _visit(statistician, 2025)
    response = client.get(
        reverse("stats_grid"), {"grid": "activity", "office": "all", "year": 2031}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "La demande ne peut pas être affichée" in page
    assert "stats-table" not in page


@time_machine.travel(date(2026, 6, 1), tick=False)
def test_trends_name_the_years_left_out(client, statistician):
    _visit(statistician, 2023)
    _visit(statistician, 2025)
    response = client.get(
        reverse("stats_trends"), {"grid": "activity", "office": "all", "year": 2025}
    )
    page = response.content.decode()
    assert "Aucun chiffre pour 2021, 2022, 2024 : ces années sont laissées de côté." in page
    assert "2023–2025" in page
