"""The retention engine, with the clock moved: dry run, archive, anonymisation,
interrupted runs, legal hold, and the archive's closed door."""

from datetime import date, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from lien.accounts.roles import Role
from lien.audit.chain import verify
from lien.audit.models import Action, AuditEvent
from lien.casefiles.files import selectors as file_selectors
from lien.casefiles.files import services as file_services
from lien.casefiles.files.selectors import CaseloadFilters
from lien.casefiles.households import selectors as household_selectors
from lien.casefiles.models import (
    AidRequest,
    AidStatus,
    CaseFile,
    FileStatus,
    Note,
    Person,
    SituationValue,
)
from lien.privacy import retention_engine as engine
from lien.privacy.archive.selectors import archived_casefile_for
from lien.privacy.archive.services import set_legal_hold

from ..factories import full_file

CLOSED_ON = date(2024, 3, 15)


def _at(day: date):
    return time_machine.travel(
        timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(hours=3),
        tick=False,
    )


def _close(casefile: CaseFile, on: date = CLOSED_ON) -> CaseFile:
    CaseFile.objects.filter(pk=casefile.pk).update(
        status=FileStatus.CLOSED, closed_on=on, close_reason="goals_met", last_contact_on=on
    )
    casefile.refresh_from_db()
    return casefile


def _decided(casefile: CaseFile) -> None:
    AidRequest.objects.filter(casefile=casefile).update(
        status=AidStatus.GRANTED, decided_on=CLOSED_ON, amount_granted=100
    )


def _run(*args) -> str:
    out = StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def _person(casefile: CaseFile) -> Person:
    return Person.objects.get(memberships__household=casefile.household_id)


def _state() -> dict:
    """Everything the engine may change, by primary key."""
    return {
        "files": list(
            CaseFile.objects.order_by("pk").values_list("pk", "archived_on", "anonymised_on")
        ),
        "persons": list(
            Person.objects.order_by("pk").values_list("pk", "birth_name", "birth_date", "phone")
        ),
        "notes": list(Note.objects.order_by("pk").values_list("pk", flat=True)),
        "aid": list(AidRequest.objects.order_by("pk").values_list("pk", flat=True)),
        "situation": list(SituationValue.objects.order_by("pk").values_list("pk", "value")),
        # Without ids: on PostgreSQL a rolled-back run still uses up ids, so the events
        # and checkpoints the runs write get other ids than in the run rolled back.
        "audit": list(
            AuditEvent.objects.exclude(object_kind__startswith="retention_")
            .exclude(object_kind="auditcheckpoint")
            .order_by("pk")
            .values_list("object_kind", "household_id", "object_id")
        ),
    }


def test_the_periods_are_those_of_domain_md():
    deadlines = engine.Deadlines.on(date(2030, 2, 28))
    assert deadlines.active_end == date(2028, 2, 28)
    assert deadlines.evidence_end == date(2023, 2, 28)
    assert engine.months_before(date(2030, 3, 31), 1) == date(2030, 2, 28)


def test_a_dry_run_reports_and_changes_nothing(world):
    _close(world.file)
    before = _state()
    events = AuditEvent.objects.count()
    with _at(date(2026, 3, 16)):
        out = _run()
    assert "Seraient archivés : 1 dossiers" in out
    assert "anonymisés : 1 dossiers" in out
    assert _state() == before
    assert AuditEvent.objects.count() == events


def test_nothing_happens_before_the_end_of_the_active_period(world):
    _close(world.file)
    with _at(date(2026, 3, 14)):
        out = _run("--wet-run")
    assert "archive 0 files" in out
    world.file.refresh_from_db()
    assert world.file.archived_on is None


def test_a_late_contact_restarts_the_clock(world):
    _close(world.file)
    CaseFile.objects.filter(pk=world.file.pk).update(last_contact_on=date(2025, 1, 1))
    with _at(date(2026, 3, 16)):
        _run("--wet-run")
    world.file.refresh_from_db()
    assert world.file.archived_on is None


def test_open_files_are_never_touched(world):
    CaseFile.objects.filter(pk=world.file.pk).update(last_contact_on=date(2010, 1, 1))
    with _at(date(2026, 3, 16)):
        _run("--wet-run")
    world.file.refresh_from_db()
    assert world.file.archived_on is None and world.file.anonymised_on is None


def test_a_file_without_aid_decision_is_archived_and_anonymised_after_two_years(world):
    casefile = _close(world.file)
    person = _person(casefile)
    person.birth_date = date(1980, 7, 14)
    person.save()
    other_person = _person(world.other_file)
    with _at(date(2026, 3, 16)):
        out = _run("--wet-run")
    assert "archive 1 files" in out and "anonymise 1 files" in out
    casefile.refresh_from_db()
    assert casefile.archived_on == date(2026, 3, 16)
    assert casefile.anonymised_on == date(2026, 3, 16)
    person.refresh_from_db()
    assert (person.birth_name, person.first_names, person.phone, person.email) == ("",) * 4
    assert (person.address, person.postal_code, person.town, person.search_key) == ("",) * 4
    assert person.birth_date == date(1980, 1, 1)
    assert not Note.objects.filter(casefile=casefile).exists()
    assert not AidRequest.objects.filter(casefile=casefile).exists()
    # Catalogue codes stay for the anonymous history; the other office is untouched.
    assert casefile.problems.exists() and casefile.interventions.exists()
    other_person.refresh_from_db()
    assert other_person.birth_name
    assert Note.objects.filter(casefile=world.other_file).exists()


def test_audit_events_about_erased_people_are_rewritten_and_the_chain_holds(world):
    casefile = _close(world.file)
    person = _person(casefile)
    sw = world.users[Role.SOCIAL_WORKER]
    file_selectors.casefile_for(actor=sw, pk=casefile.pk)
    household_selectors.person_for(actor=sw, pk=person.pk)
    other = file_selectors.casefile_for(actor=world.other_worker, pk=world.other_file.pk)
    with _at(date(2026, 3, 16)):
        _run("--wet-run")
    assert not AuditEvent.objects.filter(household_id=casefile.household_id).exists()
    assert not AuditEvent.objects.filter(object_kind="person", object_id=str(person.pk)).exists()
    assert AuditEvent.objects.filter(household_id=other.household_id).exists()
    assert verify().intact
    system = AuditEvent.objects.filter(object_kind="retention_anonymise").get()
    assert system.actor is None and system.result_count == 1


def test_aid_decisions_are_kept_five_years_in_the_archive_then_deleted(world):
    casefile = _close(world.file)
    _decided(casefile)
    with _at(date(2026, 3, 16)):
        out = _run("--wet-run")
    assert "archive 1 files" in out and "anonymise 0 files" in out
    casefile.refresh_from_db()
    assert casefile.archived_on == date(2026, 3, 16) and casefile.anonymised_on is None
    assert _person(casefile).birth_name  # evidence of the decision: identity kept
    with _at(date(2031, 3, 14)):
        _run("--wet-run")
    casefile.refresh_from_db()
    assert casefile.anonymised_on is None
    with _at(date(2031, 3, 15)):
        _run("--wet-run")
    casefile.refresh_from_db()
    assert casefile.anonymised_on == date(2031, 3, 15)
    assert casefile.archived_on == date(2026, 3, 16)
    assert not AidRequest.objects.filter(casefile=casefile).exists()
    assert _person(casefile).birth_name == ""


def test_a_person_with_a_live_file_elsewhere_keeps_their_identity(world):
    casefile = _close(world.file)
    # The same household also has a file, still open, in the other office.
    live = CaseFile.objects.create(household=casefile.household, office=world.other_office)
    file_selectors.casefile_for(actor=world.other_worker, pk=live.pk)
    with _at(date(2026, 3, 16)):
        _run("--wet-run")
    casefile.refresh_from_db()
    assert casefile.anonymised_on is not None
    assert _person(casefile).birth_name
    assert live.household_id == casefile.household_id
    assert AuditEvent.objects.filter(household_id=casefile.household_id).exists()


def test_a_run_interrupted_then_resumed_ends_like_an_uninterrupted_one(world):
    office, worker = world.office, world.users[Role.SOCIAL_WORKER]
    files = [_close(world.file)] + [_close(full_file(office, worker)) for _ in range(4)]
    _decided(files[1])
    for casefile in files[:3]:
        file_selectors.casefile_for(actor=worker, pk=casefile.pk)

    class Rollback(Exception):
        pass

    with _at(date(2026, 3, 16)):
        try:
            with transaction.atomic():
                _run("--wet-run", "--batch-size", "2")
                uninterrupted = _state()
                raise Rollback
        except Rollback:
            pass
        assert CaseFile.objects.filter(archived_on__isnull=False).count() == 0

        out = _run("--wet-run", "--batch-size", "2", "--max-batches", "1")
        assert "Stopped before the end" in out
        assert CaseFile.objects.filter(archived_on__isnull=False).count() == 2
        assert CaseFile.objects.filter(anonymised_on__isnull=False).count() == 0
        _run("--wet-run", "--batch-size", "2", "--max-batches", "2")
        _run("--wet-run", "--batch-size", "2")
    assert _state() == uninterrupted
    assert CaseFile.objects.filter(anonymised_on__isnull=False).count() == 4
    assert verify().intact


def test_legal_hold_suspends_the_engine_until_lifted(world):
    casefile = _close(world.file)
    manager = world.users[Role.MANAGER]
    set_legal_hold(actor=manager, casefile_id=casefile.pk, held=True, reason="Contentieux")
    with _at(date(2030, 1, 1)):
        out = _run("--wet-run")
    assert "1 files under legal hold" in out
    casefile.refresh_from_db()
    assert casefile.archived_on is None and casefile.anonymised_on is None
    set_legal_hold(actor=manager, casefile_id=casefile.pk, held=False, reason="Jugement rendu")
    with _at(date(2030, 1, 1)):
        _run("--wet-run")
    casefile.refresh_from_db()
    assert casefile.anonymised_on == date(2030, 1, 1)
    reasons = AuditEvent.objects.filter(
        object_kind="casefile", object_id=str(casefile.pk), action=Action.UPDATE
    ).values_list("reason", flat=True)
    assert len(reasons) == 2


def test_legal_hold_is_for_the_manager_and_the_dpo_with_a_reason(world):
    with pytest.raises(Http404):
        set_legal_hold(
            actor=world.users[Role.SOCIAL_WORKER], casefile_id=world.file.pk, held=True, reason="x"
        )
    with pytest.raises(ValidationError):
        set_legal_hold(
            actor=world.users[Role.DPO], casefile_id=world.file.pk, held=True, reason="  "
        )


@pytest.fixture
def archived(world):
    casefile = _close(world.file)
    _decided(casefile)  # stays in the archive with its identity
    with _at(date(2026, 3, 16)):
        _run("--wet-run")
    casefile.refresh_from_db()
    assert casefile.archived_on and not casefile.anonymised_on
    return casefile


def test_archived_files_leave_every_list_and_search(world, archived):
    sw, manager = world.users[Role.SOCIAL_WORKER], world.users[Role.MANAGER]
    person = _person(archived)
    assert archived not in file_selectors.files_visible_to(actor=sw)
    assert archived not in file_selectors.caseload_for(actor=sw, filters=CaseloadFilters(status=""))
    assert archived not in file_selectors.office_files_for(
        actor=manager, office_id=world.office.pk, status=None
    )
    assert household_selectors.search_persons(actor=sw, query=person.birth_name) == []
    for actor in (sw, manager):
        with pytest.raises(Http404):
            file_selectors.casefile_for(actor=actor, pk=archived.pk)
        with pytest.raises(Http404):
            household_selectors.person_for(actor=actor, pk=person.pk)
    with pytest.raises(Http404):
        file_selectors.file_page_for(actor=sw, pk=archived.pk)
    with pytest.raises(Http404):
        file_services.reopen_casefile(actor=sw, casefile_id=archived.pk)


def test_opening_an_archived_file_needs_a_reason_and_is_logged(world, archived):
    for role in (Role.MANAGER, Role.DPO):
        actor = world.users[role]
        with pytest.raises(ValidationError):
            archived_casefile_for(actor=actor, pk=archived.pk, reason=" ")
        opened = archived_casefile_for(actor=actor, pk=archived.pk, reason="Contrôle de la CAF")
        assert opened.pk == archived.pk
        event = AuditEvent.objects.order_by("-pk").first()
        assert (event.actor, event.action, event.object_id) == (
            actor,
            Action.VIEW,
            str(archived.pk),
        )
        assert event.reason == "Contrôle de la CAF"
    for actor in (world.users[Role.SOCIAL_WORKER], world.users[Role.SECRETARY], world.nobody):
        with pytest.raises(Http404):
            archived_casefile_for(actor=actor, pk=archived.pk, reason="curiosité")
    # A file not in the archive is not opened this way.
    with pytest.raises(Http404):
        archived_casefile_for(actor=world.users[Role.DPO], pk=world.other_file.pk, reason="x")
