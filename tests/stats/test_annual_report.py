"""The annual report of the demo, generated through the task worker and read back: every
figure it prints is the grid cell its reference names, as published (a withheld cell is
printed "s", never its count); the ODT says the same; the commentary is guarded."""

import io
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lien.accounts.roles import Role
from lien.audit.models import AuditEvent
from lien.offices.models import Office
from lien.stats.annual_report import selectors
from lien.stats.definitions import TOTAL, grid_codes, load_grid
from lien.stats.models import Publication, ReportCommentary
from lien.stats.services import record_event
from tests.prepared_files import download_prepared

from ..factories import OfficeFactory, member

pytestmark = pytest.mark.django_db

REFERENCE = re.compile(
    r"(?P<value>\d+|s) \(réf\. (?P<grid>[^()]+?) (?P<year>\d{4}), tableau (?P<table>\d+), "
    r"ligne (?P<row>\d+|total), colonne (?P<column>\d+|total)\)"
)


def _index(text: str):
    return TOTAL if text == "total" else int(text) - 1


def _figures(text: str) -> list[dict]:
    flat = re.sub(r"\s+", " ", text).replace("’", "'")
    return [m.groupdict() for m in REFERENCE.finditer(flat)]


def _published_value(figure: dict, scope: str):
    """The cell the reference names, as the year's publication holds it."""
    codes = {load_grid(c).title.replace("’", "'"): c for c in grid_codes()}
    grid = load_grid(codes[figure["grid"]])
    table = grid.tables[int(figure["table"]) - 1]
    publication = Publication.objects.get(grid=grid.code, scope=scope, year=int(figure["year"]))
    key = f"{_index(figure['row'])}|{_index(figure['column'])}"
    return publication.tables[table.code][key]


def _check_every_figure(text: str, scope: str, year: int) -> list[dict]:
    figures = _figures(text)
    assert figures, "the report prints no figure with its reference"
    for figure in figures:
        value = _published_value(figure, scope)
        shown = "s" if value is None else str(value)
        assert figure["value"] == shown, figure
    # Every table of every grid has its margins in the report, for the report's year.
    printed = {(f["grid"], f["table"]) for f in figures if int(f["year"]) == year}
    tables = sum(len(load_grid(c).tables) for c in grid_codes())
    assert len(printed) == tables
    return figures


@pytest.fixture
def demo():
    call_command("seed_demo", households=40, stdout=open("/dev/null", "w"))  # noqa: SIM115
    return timezone.localdate().year


def _generate(client, query: dict, fmt: str, *, indicators: bool = True):
    asked = client.post(
        reverse("stats_annual_report") + "?" + "&".join(f"{k}={v}" for k, v in query.items()),
        {"action": "generate", "format": fmt, **({"indicators": "on"} if indicators else {})},
    )
    return download_prepared(client, asked)


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged (PDF/UA)
    return "\n".join(p.extract_text() for p in reader.pages)


def _odt_text(content: bytes) -> str:
    from odf import teletype
    from odf.opendocument import load
    from odf.text import P

    document = load(io.BytesIO(content))
    return "\n".join(teletype.extractText(p) for p in document.getElementsByType(P))


def test_the_demo_report_prints_every_figure_as_its_grid_cell(client, demo):
    """Seeded once (the demo and its protection take a while): the département's report
    as a PDF for the statistician, an office's as an ODT for its manager."""
    year = demo
    client.force_login(member(Role.STATISTICIAN, Office.objects.first()))
    page = client.get(reverse("stats_annual_report"), {"office": "all", "year": year})
    assert page.status_code == 200
    saved = client.post(
        reverse("stats_annual_report") + f"?office=all&year={year}",
        {"action": "save", "activity": "L'activité a progressé au second semestre."},
    )
    assert saved.status_code == 302
    download = _generate(client, {"office": "all", "year": year}, "pdf")
    assert download["Content-Type"] == "application/pdf"
    text = _pdf_text(download.content)
    figures = _check_every_figure(text, "all", year)
    # The demo is small: some cells are withheld, and are printed as such.
    assert any(f["value"] == "s" for f in figures)
    assert "L'activité a progressé au second semestre." in re.sub(r"\s+", " ", text)
    assert "besoins sociaux" in text
    assert AuditEvent.objects.filter(object_kind="annual_report", action="export").exists()
    # An indicator resting on a withheld cell is withheld too; the others are computed.
    report = selectors.annual_report(
        office_ids=set(Office.objects.values_list("pk", flat=True)),
        office_id=None,
        year=year,
        indicators=True,
    )
    assert report.indicators
    for indicator in report.indicators:
        withheld = any(f.value is None for f in indicator.figures)
        assert (indicator.shown == "s") == withheld, indicator
        assert f"{indicator.label} : {indicator.shown}." in re.sub(r"\s+", " ", text)

    office = Office.objects.order_by("name").first()
    client.force_login(member(Role.MANAGER, office))
    download = _generate(client, {"office": office.code, "year": year}, "odt", indicators=False)
    assert download["Content-Type"] == "application/vnd.oasis.opendocument.text"
    text = _odt_text(download.content)
    _check_every_figure(text, str(office.pk), year)
    assert "besoins sociaux" not in text


def _small_world():
    """One office with a few visits recorded this year: enough for a page."""
    office = OfficeFactory()
    year = timezone.localdate().year
    for household_id in range(8):
        record_event(
            kind="visit",
            day=date(year, 1, 2),
            office_id=office.pk,
            household_id=household_id + 1,
            situation={"household_status": "new", "housing": "owner"},
        )
    return office, year


def test_only_who_publishes_reaches_the_report(client):
    office, year = _small_world()
    client.force_login(member(Role.SOCIAL_WORKER, office))
    assert client.get(reverse("stats_annual_report"), {"year": year}).status_code == 404
    client.force_login(member(Role.MANAGER, office))
    asked = {"office": "all", "year": year}
    assert client.get(reverse("stats_annual_report"), asked).status_code == 404
    own = client.get(reverse("stats_annual_report"), {"office": office.code, "year": year})
    assert own.status_code == 200
    grid = client.get(reverse("stats_grid"), {"office": office.code, "year": year})
    assert reverse("stats_annual_report") in grid.content.decode()


def test_the_guard_reads_the_commentary_before_it_is_saved(client):
    office, year = _small_world()
    client.force_login(member(Role.STATISTICIAN, office))
    url = reverse("stats_annual_report") + f"?office=all&year={year}"
    flagged = {"action": "save", "population": "Mme Durand, 06 12 34 56 78, est dépressive."}
    refused = client.post(url, flagged)
    assert refused.status_code == 400
    assert not ReportCommentary.objects.exists()
    assert "<mark" in refused.content.decode()
    confirmed = client.post(url, {**flagged, "confirmed": "on"})
    assert confirmed.status_code == 302
    assert ReportCommentary.objects.get(scope="all", year=year).population.startswith("Mme")
    assert AuditEvent.objects.filter(object_kind="annual_report", action="update").exists()
