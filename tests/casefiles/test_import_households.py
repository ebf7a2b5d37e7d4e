"""Bulk import of households from CSV and XLSX: every row validated first, nothing
written unless all are valid (or the valid rows chosen), one audit event."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.http import Http404
from openpyxl import Workbook

from lien.audit.models import Action, AuditEvent
from lien.casefiles.imports.reading import plan_import, read_rows
from lien.casefiles.imports.services import InvalidImport, import_households
from lien.casefiles.models import CaseFile, Household, HouseholdMember, Person
from lien.casefiles.selectors import search_persons

pytestmark = pytest.mark.django_db

HEADER = "foyer;lien;nom_naissance;nom_usage;prenoms;date_naissance;sexe;code_postal;ouvert_le"
GOOD = [
    "A1;référence;Lefèvre;;Élise;12/03/1980;F;93000;01/02/2020",
    "A1;enfant;Lefèvre;;Tom;2012-05-01;M;;",
    "B2;reference;Diallo;;Awa;;F;93200;",
]
BAD = [
    "C3;référence;;;Jean;;M;;",  # line 5: no birth name
    "C3;cousin;Martin;;Paul;31/02/1990;X;9300;",  # line 6: four problems
    "D4;enfant;Petit;;Léo;;M;;",  # line 7: household without reference
]


def _csv(lines) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode()


def _snapshot():
    return (
        Person.objects.count(),
        Household.objects.count(),
        HouseholdMember.objects.count(),
        CaseFile.objects.count(),
    )


def test_a_valid_file_is_imported_searchable_and_audited_once(world):
    plan = plan_import(read_rows("foyers.csv", _csv(GOOD)))
    assert plan.errors == [] and len(plan.households) == 2 and plan.persons == 3
    secretary = world.users["secretary"]
    assert import_households(actor=secretary, office_id=world.office.pk, plan=plan) == 2
    files = CaseFile.objects.filter(
        office=world.office, household__members__person__birth_name="Lefèvre"
    )
    assert files.distinct().get().opened_on.isoformat() == "2020-02-01"
    event = AuditEvent.objects.get(object_kind="household_import")
    assert event.action == Action.CREATE and event.result_count == 2
    assert "Lef" not in event.reason
    names = [m.person.first_names for m in search_persons(actor=secretary, query="LEFEVRE el")]
    assert names == ["Élise"]


def test_a_file_with_bad_rows_is_refused_whole_with_every_bad_row_named(world):
    before = _snapshot()
    events = AuditEvent.objects.count()
    plan = plan_import(read_rows("foyers.csv", _csv(GOOD + BAD)))
    assert [e.line for e in plan.errors] == [5, 6, 7]
    assert "nom de naissance" in plan.errors[0].reason
    assert plan.errors[1].reason.count(" ; ") == 3  # relationship, date, sex, postal code
    assert "personne de référence" in plan.errors[2].reason
    with pytest.raises(InvalidImport):
        import_households(actor=world.users["secretary"], office_id=world.office.pk, plan=plan)
    assert _snapshot() == before and AuditEvent.objects.count() == events


def test_the_reasons_are_in_french(world):
    from django.utils import translation

    with translation.override("fr"):
        plan = plan_import(read_rows("foyers.csv", _csv(BAD)))
    assert "nom de naissance" in plan.errors[0].reason
    assert "personne de référence" in plan.errors[2].reason


def test_the_valid_rows_only_when_chosen(world):
    plan = plan_import(read_rows("foyers.csv", _csv(GOOD + BAD)))
    count = import_households(
        actor=world.users["social_worker"],
        office_id=world.office.pk,
        plan=plan,
        valid_rows_only=True,
    )
    assert count == 2
    assert not Person.objects.filter(birth_name__in=["Martin", "Petit"]).exists()


@pytest.mark.parametrize("role", ["manager", "statistician", "admin", "dpo"])
def test_only_who_registers_households_may_import(world, role):
    plan = plan_import(read_rows("foyers.csv", _csv(GOOD)))
    before = _snapshot()
    with pytest.raises(Http404):
        import_households(actor=world.users[role], office_id=world.office.pk, plan=plan)
    with pytest.raises(Http404):
        import_households(
            actor=world.users["secretary"], office_id=world.other_office.pk, plan=plan
        )
    assert _snapshot() == before


def test_xlsx_is_read_like_csv(world):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(";"))
    for line in GOOD:
        sheet.append(line.split(";"))
    content = io.BytesIO()
    workbook.save(content)
    plan = plan_import(read_rows("foyers.xlsx", content.getvalue()))
    assert plan.errors == [] and len(plan.households) == 2


def test_the_command_refuses_a_bad_file_and_names_its_lines(world, tmp_path, capsys):
    path = tmp_path / "foyers.csv"
    path.write_bytes(_csv(GOOD + BAD))
    before = _snapshot()
    secretary = world.users["secretary"].username
    with pytest.raises(CommandError):
        call_command("import_households", str(path), office=world.office.code, user=secretary)
    err = capsys.readouterr().err
    assert "ligne 5" in err and "ligne 6" in err and "ligne 7" in err
    assert _snapshot() == before
    call_command(
        "import_households", str(path), office=world.office.code, user=secretary, valid_only=True
    )
    assert "2 foyers" in capsys.readouterr().out
