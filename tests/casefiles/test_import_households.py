"""Bulk import of households from CSV and XLSX: every row validated first, nothing
written unless all are valid (or the valid rows chosen), one audit event."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.http import Http404
from openpyxl import Workbook

from lien.audit.models import Action, AuditEvent
from lien.casefiles.households.selectors import search_persons
from lien.casefiles.imports.reading import plan_import, read_rows
from lien.casefiles.imports.services import InvalidImport, import_households
from lien.casefiles.models import CaseFile, Household, HouseholdMember, Person

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
    secretary, manager = world.users["secretary"], world.users["manager"]
    assert import_households(actor=manager, office_id=world.office.pk, plan=plan) == 2
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
        import_households(actor=world.users["manager"], office_id=world.office.pk, plan=plan)
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
        actor=world.users["manager"],
        office_id=world.office.pk,
        plan=plan,
        valid_rows_only=True,
    )
    assert count == 2
    assert not Person.objects.filter(birth_name__in=["Martin", "Petit"]).exists()


@pytest.mark.parametrize("role", ["social_worker", "secretary", "statistician", "admin", "dpo"])
def test_only_the_offices_manager_may_import(world, role):
    plan = plan_import(read_rows("foyers.csv", _csv(GOOD)))
    before = _snapshot()
    with pytest.raises(Http404):
        import_households(actor=world.users[role], office_id=world.office.pk, plan=plan)
    with pytest.raises(Http404):
        import_households(actor=world.users["manager"], office_id=world.other_office.pk, plan=plan)
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
    manager = world.users["manager"].username
    with pytest.raises(CommandError):
        call_command("import_households", str(path), office=world.office.code, user=manager)
    err = capsys.readouterr().err
    assert "ligne 5" in err and "ligne 6" in err and "ligne 7" in err
    assert _snapshot() == before
    call_command(
        "import_households", str(path), office=world.office.code, user=manager, valid_only=True
    )
    assert "2 foyers" in capsys.readouterr().out


def test_imported_files_are_in_the_statistical_record_and_each_household_audited(world):
    from lien.audit.chain import verify
    from lien.casefiles.statistics import age_band
    from lien.stats.models import StatEvent, YearKey
    from lien.stats.services import _pseudonym

    plan = plan_import(read_rows("foyers.csv", _csv(GOOD)))
    import_households(actor=world.users["manager"], office_id=world.office.pk, plan=plan)
    files = CaseFile.objects.filter(
        office=world.office,
        household__members__person__in=Person.objects.filter(birth_name__in=["Lefèvre", "Diallo"]),
    ).distinct()
    for casefile in files:
        year = casefile.opened_on.year
        token = _pseudonym(bytes(YearKey.objects.get(year=year).key), casefile.household_id)
        kinds = StatEvent.objects.filter(year=year, household_token=token).values_list(
            "kind", "household_status", "age_band"
        )
        reference = casefile.household.members.get(relationship="reference").person
        band = age_band(reference.birth_date, casefile.opened_on)
        # Each event carries the household's situation, as the first event of its year.
        assert sorted(kinds) == [("file_opened", "new", band), ("situation", "new", band)]
        event = AuditEvent.objects.get(household_id=casefile.household_id, object_kind="casefile")
        assert event.action == Action.CREATE and event.object_id == str(casefile.pk)
    assert verify().intact


def test_the_batch_statistics_path_honours_opposition_and_closed_years(world):
    from lien.casefiles.statistics import record_many
    from lien.privacy.services import record_statistics_opposition
    from lien.stats.models import StatEvent
    from lien.stats.services import close_year

    reference = world.file.household.members.get(relationship="reference").person
    record_statistics_opposition(
        actor=world.users["secretary"], casefile_id=world.file.pk, person_id=reference.pk
    )
    close_year(year=2019)
    before = StatEvent.objects.count()
    day = world.other_file.opened_on
    recorded = record_many(
        [
            (world.file, "visit", day, {}),
            (world.other_file, "visit", date(2019, 5, 1), {}),
            (world.other_file, "visit", day, {}),
        ]
    )
    assert recorded == 1 and StatEvent.objects.count() == before + 2
    assert not StatEvent.objects.filter(office=world.office).exists()  # opposed
    kinds = StatEvent.objects.filter(office=world.other_office).values_list("kind", "year")
    assert sorted(kinds) == [("situation", day.year), ("visit", day.year)]


def test_imported_rows_are_the_rows_the_services_would_write(world):
    """The import writes its rows without model instances: every column as the ORM would
    have it (defaults, search key, dates), the per-file audit events chained."""
    from lien.audit.chain import verify
    from lien.casefiles.search_key import normalise

    plan = plan_import(read_rows("foyers.csv", _csv(GOOD)))
    manager = world.users["manager"]
    import_households(actor=manager, office_id=world.office.pk, plan=plan)
    persons = Person.objects.filter(birth_name__in=["Lefèvre", "Diallo"])
    assert persons.count() == 3
    for person in persons:
        assert person.search_key == person.computed_search_key()
        assert person.search_key == normalise(
            f"{person.usage_name} {person.birth_name} {person.first_names}"
        )
        assert person.version == 1 and person.created_at is not None
    tom = persons.get(first_names="Tom")
    assert tom.birth_date == date(2012, 5, 1) and tom.sex == "M" and tom.phone == ""
    member = tom.memberships.get()
    assert member.joined_on == date(2020, 2, 1) and member.left_on is None
    casefile = CaseFile.objects.get(household=member.household)
    assert casefile.status == "open" and casefile.referent_id is None
    assert casefile.created_at == tom.created_at
    event = AuditEvent.objects.get(object_kind="casefile", object_id=str(casefile.pk))
    assert event.actor_id == manager.pk and event.actor_roles and event.household_id
    assert verify().intact
