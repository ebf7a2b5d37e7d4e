"""The paper-grid pages as their users go through them: the manager of a paper-based
office types, mistypes, corrects and withdraws a grid; the statistician reads the list
and the history; a computerised office is told why it takes no paper grid."""

import html

import pytest
from django.urls import reverse
from django.utils import timezone

from lien.accounts.roles import Role
from lien.audit.models import AuditEvent
from lien.stats.models import PaperGridVersion

from ..factories import OfficeFactory, member
from ..stats.paper_helpers import as_form_data, households, paper_based, typed_values

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year - 1


@pytest.fixture
def paper_office():
    office = OfficeFactory(name="Pantin")
    paper_based(office)
    return office


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _grid_url(office, name="stats_paper_grid"):
    return reverse(name, args=["population", office.code, YEAR])


def test_a_manager_types_mistypes_corrects_and_withdraws_a_grid(client, paper_office):
    manager = member(Role.MANAGER, paper_office, first_name="Inès", last_name="Martin")
    client.force_login(manager)
    start = client.get(reverse("stats_paper_start"))
    assert "Saisir une grille papier" in _text(start)
    chosen = client.get(
        reverse("stats_paper_start"),
        {"grid": "population", "office": paper_office.code, "year": YEAR},
    )
    assert chosen["Location"] == _grid_url(paper_office)
    form = _text(client.get(_grid_url(paper_office)))
    assert 'name="type_by_age:single|18-24"' in form
    assert 'name="reason"' not in form  # the first typing needs no reason

    values = typed_values("population", households(30))
    data = as_form_data(values)
    data["housing_by_type:owner|single"] = "12,5"
    page = _text(client.post(_grid_url(paper_office), data))
    assert "La grille n'a pas été enregistrée" in page
    assert "« 12,5 » n'est pas un nombre entier" in page

    data = as_form_data(values)
    data["type_by_age:T|T"] = "31"
    page = _text(client.post(_grid_url(paper_office), data))
    assert "ligne « Total », colonne « Total » : le total saisi est 31" in page
    assert not PaperGridVersion.objects.exists()

    saved = client.post(_grid_url(paper_office), as_form_data(values), follow=True)
    assert "La version 1 de la grille papier est enregistrée." in _text(saved)
    assert "saisie depuis la grille papier" in _text(saved)

    form = _text(client.get(_grid_url(paper_office)))
    assert 'name="reason"' in form and "La version 1 est comptée" in form
    corrected = as_form_data(typed_values("population", households(31)))
    page = _text(client.post(_grid_url(paper_office), corrected))
    assert "Indiquez le motif de ce changement" in page
    corrected["reason"] = "Une ligne oubliée"
    assert client.post(_grid_url(paper_office), corrected).status_code == 302

    withdraw = _grid_url(paper_office, "stats_paper_withdraw")
    assert client.post(withdraw, {"reason": ""}).status_code == 200
    assert client.post(withdraw, {"reason": "Grille en double"}).status_code == 302
    kinds = list(PaperGridVersion.objects.order_by("number").values_list("kind", "reason"))
    assert kinds == [
        ("typed", ""),
        ("corrected", "Une ligne oubliée"),
        ("withdrawn", "Grille en double"),
    ]
    assert AuditEvent.objects.filter(object_kind="paper_grid", actor=manager).count() == 3


def test_the_statistician_reads_the_history_but_types_nothing(client, paper_office):
    manager = member(Role.MANAGER, paper_office, first_name="Inès", last_name="Martin")
    client.force_login(manager)
    client.post(_grid_url(paper_office), as_form_data(typed_values("population", households(30))))
    statistician = member(Role.STATISTICIAN, OfficeFactory())
    client.force_login(statistician)
    listing = _text(client.get(reverse("stats_paper_start")))
    assert "Pantin" in listing and "Enquête population" in listing
    assert "Saisir une grille papier" not in listing
    history = _text(client.get(_grid_url(paper_office, "stats_paper_history")))
    assert "Inès Martin" in history and "Saisie" in history
    assert 'name="type_by_age' not in history
    assert AuditEvent.objects.filter(actor=statistician, object_kind="paper_grid_history").exists()
    assert client.get(_grid_url(paper_office)).status_code == 404
    assert client.get(_grid_url(paper_office, "stats_paper_withdraw")).status_code == 404


def test_a_computerised_office_is_told_it_takes_no_paper_grid(client):
    office = OfficeFactory(name="Bobigny")  # no change recorded: uses Lien
    client.force_login(member(Role.MANAGER, office))
    url = _grid_url(office)
    page = _text(client.get(url))
    assert f"Bobigny a utilisé Lien toute l'année {YEAR}" in page
    assert 'name="type_by_age' not in page
    response = client.post(url, as_form_data(typed_values("population", households(30))))
    assert response.status_code == 200
    assert not PaperGridVersion.objects.exists()


def test_another_offices_manager_gets_404(client, paper_office):
    client.force_login(member(Role.MANAGER, OfficeFactory()))
    assert client.get(_grid_url(paper_office)).status_code == 404
    assert client.get(_grid_url(paper_office, "stats_paper_history")).status_code == 404


@pytest.mark.parametrize("year", [0, 1979, 99999])
def test_a_year_no_grid_can_name_gets_404(client, paper_office, year):
    client.force_login(member(Role.MANAGER, paper_office))
    for name in ("stats_paper_grid", "stats_paper_withdraw", "stats_paper_history"):
        url = reverse(name, args=["population", paper_office.code, year])
        assert client.get(url).status_code == 404
