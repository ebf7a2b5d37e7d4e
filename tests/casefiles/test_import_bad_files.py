"""Files the household import cannot read are refused with one French sentence, on the
command line (stderr, exit status 1, no traceback) and on the manager's page (the form
again, with the sentence), and nothing is written. XLSX cells keep what was typed."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command, load_command_class
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from lien.casefiles.imports.reading import plan_import, read_rows
from lien.casefiles.models import HouseholdImport, ImportStatus, Person

from .test_import_households import GOOD, HEADER, _csv, _snapshot

pytestmark = pytest.mark.django_db


def _xlsx(rows, formats=None) -> bytes:
    """A workbook of these rows; `formats` gives a number format per (row, column)."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for (row, column), number_format in (formats or {}).items():
        sheet.cell(row=row, column=column).number_format = number_format
    content = io.BytesIO()
    workbook.save(content)
    return content.getvalue()


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


def _random_bytes() -> bytes:
    return bytes((i * 7919 + 13) % 256 for i in range(5000))  # the same "noise" every run


# (file name, content, what the French sentence says)
UNREADABLE = {
    "random bytes": ("foyers.csv", _random_bytes(), "n’est pas un texte CSV"),
    "a PNG named .csv": ("foyers.csv", _png(), "n’est pas un texte CSV"),
    "an XLSX named .csv": ("foyers.csv", _xlsx([HEADER.split(";")]), "classeur nommé .csv"),
    "a cell over the csv limit": (
        "foyers.csv",
        _csv(["A1;référence;Lefèvre;;" + "É" * 140_000 + ";;F;;"]),
        "ligne 2 ne peut être lue : une cellule dépasse 131\u00a0072 caractères",
    ),
    "an open quote": (
        "foyers.csv",
        _csv(['A1;référence;"Lefèvre;;Élise;;F;;', *GOOD * 30_000]),
        "ligne 2 ne peut être lue",
    ),
    "a header only (CSV)": ("foyers.csv", _csv([]), "aucune ligne sous ses en-têtes"),
    "a header and blank lines": ("foyers.csv", _csv([";;;;", ""]), "aucune ligne sous"),
    "a header only (XLSX)": ("foyers.xlsx", _xlsx([HEADER.split(";")]), "aucune ligne sous"),
    "an empty file": ("foyers.csv", b"", "est vide"),  # the form says "Le fichier soumis est vide"
    "random bytes named .xlsx": ("foyers.xlsx", _random_bytes(), "pas un tableur XLSX lisible"),
    "a CSV named .xlsx": ("foyers.xlsx", _csv(GOOD), "pas un tableur XLSX lisible"),
    "a PDF": ("foyers.pdf", b"%PDF-1.7\n", "CSV ou XLSX"),
}


def _command(world, path, **options):
    call_command(
        "import_households",
        str(path),
        office=world.office.code,
        user=world.users["manager"].username,
        **options,
    )


def _run_from_argv(world, path, monkeypatch) -> int:
    """The command as `manage.py` runs it: its exit status (its output goes to stderr)."""
    # run_from_argv closes the connections at the end: not the test's, inside its transaction.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    command = load_command_class("lien.casefiles", "import_households")
    argv = ["manage.py", "import_households", str(path), "--office", world.office.code]
    with pytest.raises(SystemExit) as exit_status:
        command.run_from_argv([*argv, "--user", world.users["manager"].username])
    return exit_status.value.code


def _upload(client, world, name, content):
    return client.post(
        reverse("household_imports"),
        {"office": world.office.pk, "file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize("case", UNREADABLE)
def test_the_command_refuses_an_unreadable_file_in_one_sentence(
    world, tmp_path, capsys, monkeypatch, case
):
    name, content, sentence = UNREADABLE[case]
    path = tmp_path / name
    path.write_bytes(content)
    before = _snapshot()
    assert _run_from_argv(world, path, monkeypatch) == 1
    captured = capsys.readouterr()
    assert sentence in captured.err and "Traceback" not in captured.err
    assert captured.err.count("\n") == 1 and captured.out == ""  # one sentence, nothing else
    assert _snapshot() == before


@pytest.mark.parametrize("case", UNREADABLE)
def test_the_page_refuses_an_unreadable_file_in_one_sentence(client, world, case):
    name, content, sentence = UNREADABLE[case]
    client.force_login(world.users["manager"])
    before = _snapshot()
    response = _upload(client, world, name, content)
    assert response.status_code == 422  # the form again, as for any refused form
    page = response.content.decode()
    assert sentence in page and 'name="file"' in page
    assert not HouseholdImport.objects.exists() and _snapshot() == before


def test_a_long_first_line_full_of_commas_does_not_mislead_the_separator(world):
    """csv.Sniffer read the first 4 KiB only: a header whose last column explains itself
    at length, with commas, made it choose the comma, and the file was refused for
    "missing columns"."""
    header = HEADER + ";remarques (" + "date, agent, objet, suite donnée, " * 150 + ")"
    address = "Résidence Les Tilleuls, bâtiment C, escalier 2, "
    lines = [line + ";" + address for line in GOOD]
    plan = plan_import(read_rows("foyers.csv", "\n".join([header, *lines]).encode()))
    assert plan.errors == [] and len(plan.households) == 2
    assert [p.birth_name for h in plan.households for p, _r in h.members] == [
        "Lefèvre",
        "Lefèvre",
        "Diallo",
    ]


def test_the_separator_may_be_a_comma_or_a_tab():
    for separator in (",", "\t"):
        text = "\n".join(line.replace(";", separator) for line in [HEADER, *GOOD]) + "\n"
        plan = plan_import(read_rows("foyers.csv", text.encode()))
        assert plan.errors == [] and len(plan.households) == 2


def test_excel_csv_encodings_are_read():
    text = "\n".join([HEADER, *GOOD]) + "\n"
    for encoded in (text.encode("cp1252"), text.encode("utf-16"), b"\xef\xbb\xbf" + text.encode()):
        rows = read_rows("foyers.csv", encoded)
        assert rows[0][1]["nom_naissance"] == "Lefèvre" and rows[0][1]["prenoms"] == "Élise"


def test_numbers_in_xlsx_keep_their_leading_zeros():
    header = ["foyer", "lien", "nom_naissance", "prenoms", "telephone", "code_postal"]
    rows = [
        header,
        ["A1", "référence", "Lefèvre", "Élise", 601020304, 1000],  # typed as numbers
        ["A1", "enfant", "Lefèvre", "Tom", 601020304, 1000],  # shown with a format
        ["B2", "référence", "Diallo", "Awa", "0601020304", "01000"],  # typed as text
        ["C3", "référence", "Martin", "Paul", 33612345678, 93000.0],
        ["D4", "référence", 1789, 1.5, "", 75001],  # numbers in text columns
    ]
    formats = {(3, 5): "0000000000", (3, 6): "00000"}
    read = read_rows("foyers.xlsx", _xlsx(rows, formats))
    cells = [(v["telephone"], v["code_postal"]) for _line, v in read]
    assert cells == [
        ("0601020304", "01000"),
        ("0601020304", "01000"),
        ("0601020304", "01000"),
        ("33612345678", "93000"),
        ("", "75001"),
    ]
    assert (read[4][1]["nom_naissance"], read[4][1]["prenoms"]) == ("1789", "1.5")
    assert plan_import(read).errors == []


def test_in_a_csv_phone_numbers_and_postal_codes_are_kept_as_typed():
    """In text, a four-digit postal code may as well be a typo (9300 for 93000): it is
    refused, as it is, rather than guessed."""
    text = (
        "foyer;lien;nom_naissance;prenoms;telephone;code_postal\nA1;référence;X;Y;601020304;9300\n"
    )
    rows = read_rows("foyers.csv", text.encode())
    assert rows[0][1]["telephone"] == "601020304" and rows[0][1]["code_postal"] == "9300"
    assert "5 chiffres" in plan_import(rows).errors[0].reason


def test_a_line_break_inside_a_cell_becomes_a_space():
    rows = [
        ["foyer", "lien", "nom_naissance", "prenoms", "adresse"],
        ["A1", "référence", "Lefèvre", "Élise", "12 rue des Lilas\r\nBâtiment C\tporte 4"],
    ]
    (_line, values), *_ = read_rows("foyers.xlsx", _xlsx(rows))
    assert values["adresse"] == "12 rue des Lilas Bâtiment C porte 4"


CONTROL = {
    "a null byte (CSV)": ("foyers.csv", _csv(["A1;référence;Lef\x00èvre;;Élise;;F;;", *GOOD[1:]])),
    "a control character (CSV)": ("foyers.csv", _csv(["A1;référence;Lefèvre;;Él\x1bise;;F;;"])),
    "a C1 control character (XLSX)": (
        "foyers.xlsx",
        _xlsx([HEADER.split(";"), ["A1", "référence", "Lefèvre", "", "Él\x85ise", "", "F"]]),
    ),
}


@pytest.mark.parametrize("case", CONTROL)
def test_control_characters_are_refused_with_their_row_and_column(
    client, world, tmp_path, capsys, case
):
    name, content = CONTROL[case]
    with translation.override("fr"):
        plan = plan_import(read_rows(name, content))
    assert plan.errors[0].line == 2 and "pas du texte" in plan.errors[0].reason
    column = "nom_naissance" if "null" in case else "prenoms"
    assert plan.errors[0].reason.startswith(column)
    assert not any(p.birth_name == "Lefèvre" for h in plan.households for p, _r in h.members)
    # The command names the row and refuses the file; the page keeps the report: on
    # PostgreSQL a null byte can be neither stored nor kept in the report.
    path = tmp_path / name
    path.write_bytes(content)
    before = _snapshot()
    with pytest.raises(Exception, match=r"ligne\(s\) invalide"):
        _command(world, path)
    assert "ligne 2 : " + column in capsys.readouterr().err and _snapshot() == before
    client.force_login(world.users["manager"])
    response = _upload(client, world, name, content)
    job = HouseholdImport.objects.get()
    assert response.url == reverse("household_import", args=[job.pk])
    assert job.errors[0][0] == 2 and "\x00" not in job.errors[0][1]
    assert "pas du texte" in client.get(response.url).content.decode()


def test_a_null_byte_in_the_uploaded_file_name_is_not_stored(client, world):
    client.force_login(world.users["manager"])
    response = _upload(client, world, "foy\x00ers\x1b.csv", _csv(GOOD))
    job = HouseholdImport.objects.get()
    assert (
        response.status_code == 302 and "\x00" not in job.file_name and "\x1b" not in job.file_name
    )
    client.post(reverse("start_household_import", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.imported == 2


def test_the_command_with_valid_rows_only_refuses_a_file_without_a_valid_household(
    world, tmp_path, capsys, monkeypatch
):
    path = tmp_path / "foyers.csv"
    path.write_bytes(_csv(["D4;enfant;Petit;;Léo;;M;;"]))  # no reference person
    before = _snapshot()
    with pytest.raises(Exception, match="Aucun foyer de ce fichier n’est valide"):
        _command(world, path, valid_only=True)
    assert _snapshot() == before and not Person.objects.filter(birth_name="Petit").exists()


def test_the_command_names_a_missing_file_in_french(world, tmp_path, capsys, monkeypatch):
    assert _run_from_argv(world, tmp_path / "absent.csv", monkeypatch) == 1
    err = capsys.readouterr().err
    assert "ne peut être lu" in err and "Errno" not in err and "Traceback" not in err
