"""The statistics pages, exports and command (paper grids: test_paper_grids.py)."""

import io
import json
import re
import zipfile
import zlib
from datetime import date

import pytest
from django.core.management import call_command
from django.http import Http404
from django.urls import reverse

from lien.accounts.roles import Role
from lien.audit.models import AuditEvent
from lien.stats.selectors import published_grid
from lien.stats.services import record_event
from tests.prepared_files import download_prepared

from ..factories import OfficeFactory, member

pytestmark = pytest.mark.django_db
YEAR = 2024


def _visits(office, households: int, year: int = YEAR):
    for household_id in range(households):
        record_event(
            kind="visit",
            day=date(year, 5, 2),
            office_id=office.pk,
            household_id=household_id + office.pk * 1000,
            situation={"household_status": "new", "housing": "owner"},
        )


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
    # The other office is not a choice: the page says the request cannot be shown, and
    # names nothing of the other office (no silent switch to the manager's own either).
    assert response.status_code == 400
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
    asked = client.get(
        reverse("stats_export", args=[fmt]), {"grid": "activity", "office": "all", "year": YEAR}
    )
    # Prepared by the task worker (immediate in the tests), then downloaded from its page.
    response = download_prepared(client, asked)
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
