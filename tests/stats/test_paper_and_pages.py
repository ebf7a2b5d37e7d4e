"""Paper grids typed by offices without Lien, consolidation, and the statistics pages."""

import io
import json
import re
import zipfile
import zlib
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.http import Http404
from django.urls import reverse

from lien.accounts.roles import Role
from lien.audit.models import AuditEvent
from lien.stats.definitions import load_grid
from lien.stats.models import PaperGrid
from lien.stats.paper import address, positions
from lien.stats.selectors import published_grid
from lien.stats.services import record_event, save_paper_grid

from ..factories import OfficeFactory, member

pytestmark = pytest.mark.django_db
YEAR = 2024


def _consistent_population(value: int = 6) -> dict:
    """Every interior cell at `value`, margins the right sums."""
    grid = load_grid("population")
    values = {}
    for table in grid.tables:
        n_rows, n_cols = len(table.row_values), len(table.column_values)
        cells = {}
        for r, c in positions(table):
            rows = n_rows if r == "T" else 1
            columns = n_cols if c == "T" else 1
            cells[address(table, (r, c))] = str(value * rows * columns)
        values[table.code] = cells
    return values


def test_a_paper_grid_that_adds_up_is_saved():
    office = OfficeFactory()
    paper = save_paper_grid(
        allowed_office_ids={office.pk},
        grid_code="population",
        year=YEAR,
        office_id=office.pk,
        values=_consistent_population(),
    )
    assert paper.values["type_by_age"]["single|18-24"] == 6


def test_a_paper_grid_that_does_not_add_up_is_refused_naming_the_cells():
    office = OfficeFactory()
    values = _consistent_population()
    row = int(values["type_by_age"]["single|T"])
    values["type_by_age"]["single|T"] = str(row + 1)  # no longer the sum of the row
    values["housing_by_type"]["owner|couple-no-child"] = "-2"
    del values["resources_by_age"]["rsa|25-39"]
    with pytest.raises(ValidationError) as caught:
        save_paper_grid(
            allowed_office_ids={office.pk},
            grid_code="population",
            year=YEAR,
            office_id=office.pk,
            values=values,
        )
    messages = "\n".join(caught.value.messages)
    assert f"ligne « Personne seule », colonne « Total » : le total saisi est {row + 1}" in messages
    assert f"mais ses cases font {row}" in messages
    assert "ligne « Propriétaire », colonne « Couple sans enfant »" in messages
    assert "ligne « RSA », colonne « 25 à 39 ans »" in messages
    assert not PaperGrid.objects.exists()


def test_a_paper_grid_for_another_office_answers_404():
    office, other = OfficeFactory(), OfficeFactory()
    with pytest.raises(Http404):
        save_paper_grid(
            allowed_office_ids={office.pk},
            grid_code="population",
            year=YEAR,
            office_id=other.pk,
            values=_consistent_population(),
        )


def _visits(office, households: int, year: int = YEAR):
    for household_id in range(households):
        record_event(
            kind="visit",
            day=date(year, 5, 2),
            office_id=office.pk,
            household_id=household_id + office.pk * 1000,
            situation={"household_status": "new", "housing": "owner"},
        )


def test_consolidation_adds_computed_and_typed_grids_and_says_which_is_which():
    computed, typed = OfficeFactory(name="A"), OfficeFactory(name="B")
    _visits(computed, 7)
    save_paper_grid(
        allowed_office_ids={typed.pk},
        grid_code="population",
        year=YEAR,
        office_id=typed.pk,
        values=_consistent_population(6),
    )
    published = published_grid(
        office_ids={computed.pk, typed.pk}, grid_code="population", year=YEAR
    )
    assert [(s.office.name, s.typed) for s in published.sources] == [("A", False), ("B", True)]
    housing = next(t for t in published.tables if t.table.code == "housing_by_type")
    owner = housing.rows[housing.table.row_values.index("owner")]
    not_recorded = housing.table.column_values.index("")
    # 7 computed households (type not recorded) + 6 typed.
    assert owner.cells[not_recorded].value == 7 + 6


def test_the_departement_needs_every_office():
    office, _other = OfficeFactory(), OfficeFactory()
    with pytest.raises(Http404):
        published_grid(office_ids={office.pk}, grid_code="activity", year=YEAR)


@pytest.fixture
def statistician():
    office = OfficeFactory()
    return member(Role.STATISTICIAN, office), office


def test_the_statistician_sees_the_departement_grid_and_its_sources(client, statistician):
    user, office = statistician
    _visits(office, 12)
    client.force_login(user)
    response = client.get(
        reverse("stats_grid"), {"grid": "activity", "office": "all", "year": YEAR}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Grille annuelle d" in page
    assert "calculé" in page.lower() or "computed" in page.lower()
    assert AuditEvent.objects.filter(actor=user, object_kind="statistics_grid").exists()


def test_a_manager_sees_their_office_only(client):
    office, other = OfficeFactory(), OfficeFactory()
    manager = member(Role.MANAGER, office)
    client.force_login(manager)
    assert client.get(reverse("stats_grid")).status_code == 200
    response = client.get(reverse("stats_grid"), {"grid": "activity", "office": other.code})
    # The other office is not a choice: the form falls back to the manager's own office.
    assert other.name not in response.content.decode()
    response = client.get(reverse("stats_grid"), {"grid": "activity", "office": "all"})
    assert "Tout le département" not in response.content.decode()


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.DPO, Role.ADMIN])
def test_roles_without_statistics_get_404(client, role):
    office = OfficeFactory()
    client.force_login(member(role, office))
    assert client.get(reverse("stats_grid")).status_code == 404
    assert client.get(reverse("stats_export", args=["csv"])).status_code == 404


def test_small_counts_show_as_s(client, statistician):
    user, office = statistician
    _visits(office, 3)
    client.force_login(user)
    response = client.get(
        reverse("stats_grid"), {"grid": "activity", "office": office.code, "year": YEAR}
    )
    assert '<abbr title="' in response.content.decode()


def _pdf_objects(body: bytes) -> bytes:
    """The PDF with its compressed object streams inflated."""
    inflated = [body]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", body, re.DOTALL):
        try:
            inflated.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"".join(inflated)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ods", "json", "pdf"])
def test_every_export(client, statistician, fmt):
    user, office = statistician
    _visits(office, 12)
    client.force_login(user)
    response = client.get(
        reverse("stats_export", args=[fmt]), {"grid": "activity", "office": "all", "year": YEAR}
    )
    assert response.status_code == 200
    body = response.content
    if fmt == "csv":
        assert "Ménages reçus" in body.decode("utf-8-sig")
    elif fmt == "json":
        data = json.loads(body)
        households = next(t for t in data["tables"] if t["code"] == "households")
        assert households["rows"][0]["cells"] == [12]
    elif fmt in ("xlsx", "ods"):
        assert zipfile.ZipFile(io.BytesIO(body)).namelist()
    else:
        assert body.startswith(b"%PDF")
        assert b"/StructTreeRoot" in _pdf_objects(body)  # tagged: tables read as tables
    assert AuditEvent.objects.filter(actor=user, action="export").exists()


def test_trends_draw_an_svg_chart_with_its_table(client, statistician):
    user, office = statistician
    _visits(office, 12, YEAR - 1)
    _visits(office, 14, YEAR)
    client.force_login(user)
    response = client.get(
        reverse("stats_trends"), {"grid": "activity", "office": "all", "year": YEAR}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and 'role="img"' in page
    assert "<script" not in page.split("</head>")[1]
    assert "style=" not in page


def test_typing_a_paper_grid_through_the_page(client):
    office = OfficeFactory()
    client.force_login(member(Role.MANAGER, office))
    url = reverse("stats_paper_grid", args=["population", office.code, YEAR])
    assert client.get(url).status_code == 200
    data = {
        f"{table}:{key}": value
        for table, cells in _consistent_population().items()
        for key, value in cells.items()
    }
    data["type_by_age:T|T"] = "1"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "ligne « Total », colonne « Total » : le total saisi est 1" in response.content.decode()
    assert not PaperGrid.objects.exists()
    data["type_by_age:T|T"] = _consistent_population()["type_by_age"]["T|T"]
    response = client.post(url, data)
    assert response.status_code == 302
    assert PaperGrid.objects.filter(office=office, year=YEAR).exists()


def test_the_stats_grid_command(tmp_path, statistician):
    _user, office = statistician
    _visits(office, 12)
    out = tmp_path / "grid.json"
    call_command(
        "stats_grid",
        "activity",
        "--office",
        office.code,
        "--year",
        str(YEAR),
        "--format",
        "json",
        "--output",
        str(out),
        stdout=io.StringIO(),
    )
    data = json.loads(out.read_text())
    assert data["scope"] == office.code
    assert data["tables"][0]["rows"][0]["cells"] == [12]
    xlsx = tmp_path / "grid.xlsx"
    call_command(
        "stats_grid",
        "population",
        "--all",
        "--year",
        str(YEAR),
        "--format",
        "xlsx",
        "--output",
        str(xlsx),
        stdout=io.StringIO(),
    )
    assert xlsx.stat().st_size > 0
