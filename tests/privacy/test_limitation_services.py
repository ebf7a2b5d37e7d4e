"""Every file-write service of the case files and privacy refuses a frozen file (GDPR
art. 18) with a French error and writes nothing; a new service must be listed here, or
say why it may write on a frozen file."""

import importlib
import inspect
import pkgutil
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

import lien
from lien.accounts.roles import Role
from lien.casefiles.aid import services as aid_services
from lien.casefiles.appointments import services as appointment_services
from lien.casefiles.budget import services as budget_services
from lien.casefiles.documents import services as document_services
from lien.casefiles.files import services as file_services
from lien.casefiles.households import services as household_services
from lien.casefiles.letters import services as letter_services
from lien.casefiles.models import (
    AidRequest,
    AidStatus,
    Appointment,
    BudgetLine,
    BudgetSheet,
    LetterTemplate,
    Note,
    Problem,
    SocialReport,
)
from lien.casefiles.notes import services as note_services
from lien.casefiles.problems import services as problem_services
from lien.casefiles.reports import services as report_services
from lien.casefiles.situation import services as situation_services
from lien.casefiles.visits import services as visit_services
from lien.catalog.models import Family
from lien.privacy import services as privacy_services
from lien.privacy.archive import services as archive_services
from lien.privacy.limitation import FileLimitedError
from lien.privacy.models import RightKind
from tests.factories import ItemFactory, member

from .committee_limitation import COMMITTEE_NOT_ON_AN_EXISTING_FILE, COMMITTEE_WRITE_SERVICES
from .limitation_household_life import HOUSEHOLD_LIFE_WRITES
from .test_limitation import PNG, _freeze, _lift, _request
from .week_limitation import (
    WEEK_ALLOWED_WHILE_LIMITED,
    WEEK_NOT_ON_AN_EXISTING_FILE,
    WEEK_WRITE_SERVICES,
)

pytestmark = pytest.mark.django_db


def _slot(days):
    start = timezone.make_aware(datetime.combine(timezone.localdate(), datetime.min.time()))
    start += timedelta(days=days, hours=10)
    return start, start + timedelta(minutes=30)


# Every service that writes on an existing file: name → (what to set up before the file is
# frozen, the call). The setup returns what the call needs.
def _worker(w):
    return w.users[Role.SOCIAL_WORKER]


def _secretary(w):
    return w.users[Role.SECRETARY]


def _person(w):
    return w.file.reference_person


def _item(family):
    return ItemFactory(family=family).pk


def _own_note(w):
    return Note.objects.filter(casefile=w.file, author=_worker(w)).first().pk


def _share(w):
    [share] = note_services.share_note(
        actor=_worker(w),
        note_id=_own_note(w),
        grantee_ids=[member(Role.SOCIAL_WORKER, w.file.office).pk],
        reason="Relais pendant un congé.",
    )
    return share


def _erasure_request_on_closed_file(w):
    AidRequest.objects.filter(casefile=w.file).delete()
    file_services.close_casefile(actor=_worker(w), casefile_id=w.file.pk, reason="goals_met")
    return _request(w, RightKind.ERASURE)


def _then(value, make):
    """The call, with a value made at setup time (before the file is frozen)."""
    return lambda: make(value)


WRITE_SERVICES = {
    "casefiles.households.services.add_household_member": lambda w: (
        lambda: household_services.add_household_member(
            actor=_secretary(w),
            casefile_id=w.file.pk,
            person=household_services.PersonData(birth_name="Martin", first_names="Léa"),
            relationship="child",
        )
    ),
    "casefiles.households.services.update_person": lambda w: (
        lambda: household_services.update_person(
            actor=_secretary(w),
            person_id=_person(w).pk,
            expected_version=None,
            changes={"town": "Pantin"},
            reason="Déménagement",
        )
    ),
    "casefiles.files.services.assign_referent": lambda w: (
        lambda: file_services.assign_referent(
            actor=w.users[Role.MANAGER], casefile_id=w.file.pk, referent_id=None
        )
    ),
    "casefiles.files.services.close_casefile": lambda w: (
        lambda: file_services.close_casefile(
            actor=_worker(w), casefile_id=w.file.pk, reason="goals_met"
        )
    ),
    "privacy.services.erase_file": lambda w: _then(
        _erasure_request_on_closed_file(w),
        lambda request: privacy_services.erase_file(
            actor=w.users[Role.DPO], request_id=request.pk, reason="Ouvert par erreur."
        ),
    ),
    "casefiles.files.services.transfer_casefile": lambda w: (
        lambda: file_services.transfer_casefile(
            actor=_worker(w), casefile_id=w.file.pk, office_id=w.other_office.pk, reason="Départ"
        )
    ),
    "casefiles.files.services.reopen_casefile": lambda w: (
        file_services.close_casefile(actor=_worker(w), casefile_id=w.file.pk, reason="goals_met")
        and (lambda: file_services.reopen_casefile(actor=_worker(w), casefile_id=w.file.pk))
    ),
    "casefiles.situation.services.record_situation": lambda w: _then(
        _item(Family.SITUATION),
        lambda item: situation_services.record_situation(
            actor=_worker(w), casefile_id=w.file.pk, item_id=item, value="Hébergé"
        ),
    ),
    "casefiles.situation.services.record_situation_values": lambda w: _then(
        _item(Family.SITUATION),
        lambda item: situation_services.record_situation_values(
            actor=_worker(w), casefile_id=w.file.pk, values={item: "Hébergé"}
        ),
    ),
    "casefiles.problems.services.open_problem": lambda w: _then(
        _item(Family.PROBLEM),
        lambda item: problem_services.open_problem(
            actor=_worker(w), casefile_id=w.file.pk, item_id=item
        ),
    ),
    "casefiles.problems.services.close_problem": lambda w: (
        lambda: problem_services.close_problem(
            actor=_worker(w), problem_id=Problem.objects.get(casefile=w.file).pk
        )
    ),
    "casefiles.problems.services.record_intervention": lambda w: _then(
        _item(Family.INTERVENTION),
        lambda item: problem_services.record_intervention(
            actor=_worker(w), casefile_id=w.file.pk, item_id=item
        ),
    ),
    "casefiles.notes.services.write_note": lambda w: (
        lambda: note_services.write_note(
            actor=_worker(w), casefile_id=w.file.pk, text="Nouvel entretien."
        )
    ),
    "casefiles.notes.services.edit_note": lambda w: (
        lambda: note_services.edit_note(
            actor=_worker(w), note_id=Note.objects.get(casefile=w.file).pk, text="Corrigé."
        )
    ),
    "casefiles.aid.services.create_aid_request": lambda w: _then(
        _item(Family.AID),
        lambda item: aid_services.create_aid_request(
            actor=_worker(w), casefile_id=w.file.pk, aid_type_id=item, amount_requested=80
        ),
    ),
    "casefiles.aid.services.submit_aid_request": lambda w: (
        lambda: aid_services.submit_aid_request(
            actor=_worker(w), aid_request_id=AidRequest.objects.get(casefile=w.file).pk
        )
    ),
    "casefiles.aid.services.decide_aid_request": lambda w: (
        aid_services.submit_aid_request(
            actor=_worker(w), aid_request_id=AidRequest.objects.get(casefile=w.file).pk
        )
        and (
            lambda: aid_services.decide_aid_request(
                actor=_worker(w),
                aid_request_id=AidRequest.objects.get(casefile=w.file).pk,
                outcome=aid_services.Outcome(
                    status=AidStatus.GRANTED, amount_granted=Decimal("80")
                ),
            )
        )
    ),
    "casefiles.aid.services.update_aid_draft": lambda w: (
        lambda: aid_services.update_aid_draft(
            actor=_worker(w),
            aid_request_id=AidRequest.objects.get(casefile=w.file).pk,
            aid_type_id=AidRequest.objects.get(casefile=w.file).aid_type_id,
            amount_requested=Decimal("95"),
        )
    ),
    "casefiles.aid.services.delete_aid_draft": lambda w: (
        lambda: aid_services.delete_aid_draft(
            actor=_worker(w), aid_request_id=AidRequest.objects.get(casefile=w.file).pk
        )
    ),
    "casefiles.aid.services.correct_aid_decision": lambda w: (
        AidRequest.objects.filter(casefile=w.file).update(
            status=AidStatus.REFUSED, refusal_reason="Plafond.", submitted_on=None
        )
        and (
            lambda: aid_services.correct_aid_decision(
                actor=_worker(w),
                aid_request_id=AidRequest.objects.get(casefile=w.file).pk,
                outcome=aid_services.Outcome(
                    status=AidStatus.GRANTED, amount_granted=Decimal("80")
                ),
                correction_reason="Erreur de saisie.",
            )
        )
    ),
    "casefiles.visits.services.log_visit": lambda w: (
        lambda: visit_services.log_visit(
            actor=_secretary(w),
            casefile_id=w.file.pk,
            person_id=_person(w).pk,
            reason="information",
        )
    ),
    "casefiles.appointments.services.book_appointment": lambda w: (
        lambda: appointment_services.book_appointment(
            actor=_secretary(w),
            casefile_id=w.file.pk,
            person_id=_person(w).pk,
            worker_id=_worker(w).pk,
            starts_at=_slot(3)[0],
            ends_at=_slot(3)[1],
        )
    ),
    "casefiles.appointments.services.set_appointment_status": lambda w: (
        lambda: appointment_services.set_appointment_status(
            actor=_secretary(w),
            appointment_id=Appointment.objects.get(casefile=w.file).pk,
            status="cancelled",
        )
    ),
    "casefiles.appointments.services.move_appointment": lambda w: (
        lambda: appointment_services.move_appointment(
            actor=_secretary(w),
            appointment_id=Appointment.objects.get(casefile=w.file).pk,
            starts_at=_slot(5)[0],
            ends_at=_slot(5)[1],
        )
    ),
    "casefiles.documents.services.attach_document": lambda w: (
        lambda: document_services.attach_document(
            actor=_secretary(w),
            casefile_id=w.file.pk,
            kind="identity",
            uploaded=SimpleUploadedFile("id.png", PNG, content_type="image/png"),
        )
    ),
    "casefiles.notes.services.share_note": lambda w: _then(
        member(Role.SOCIAL_WORKER, w.file.office).pk,
        lambda colleague: note_services.share_note(
            actor=_worker(w), note_id=_own_note(w), grantee_ids=[colleague], reason="Relais."
        ),
    ),
    "casefiles.notes.services.revoke_note_share": lambda w: _then(
        _share(w),
        lambda share: note_services.revoke_note_share(actor=_worker(w), access_id=share.pk),
    ),
    "privacy.services.record_notice_given": lambda w: (
        lambda: privacy_services.record_notice_given(
            actor=_secretary(w), casefile_id=w.file.pk, person_id=_person(w).pk, method="handed"
        )
    ),
    "privacy.archive.services.set_legal_hold": lambda w: (
        lambda: archive_services.set_legal_hold(
            actor=w.users[Role.DPO], casefile_id=w.file.pk, held=True, reason="Contentieux"
        )
    ),
    **WEEK_WRITE_SERVICES,
}


def _sheet(w) -> BudgetSheet:
    return BudgetSheet.objects.create(
        casefile=w.file, dated_on=timezone.localdate(), created_by=_worker(w)
    )


def _budget_line(w) -> BudgetLine:
    return BudgetLine.objects.create(
        sheet=_sheet(w), direction="charge", category="rent", monthly_amount=Decimal("500")
    )


def _social_report(w) -> SocialReport:
    return SocialReport.objects.create(
        aid_request=w.file.aid_requests.first(), assessment="Avis.", written_by=_worker(w)
    )


# The household budget, the social report and the letters (issue 16).
WRITE_SERVICES |= {
    "casefiles.budget.services.start_budget_sheet": lambda w: (
        lambda: budget_services.start_budget_sheet(actor=_worker(w), casefile_id=w.file.pk)
    ),
    "casefiles.budget.services.add_budget_line": lambda w: _then(
        _sheet(w),
        lambda sheet: budget_services.add_budget_line(
            actor=_worker(w),
            sheet_id=sheet.pk,
            direction="charge",
            category="energy",
            monthly_amount=Decimal("80"),
        ),
    ),
    "casefiles.budget.services.remove_budget_line": lambda w: _then(
        _budget_line(w),
        lambda line: budget_services.remove_budget_line(actor=_worker(w), line_id=line.pk),
    ),
    "casefiles.reports.services.start_social_report": lambda w: (
        lambda: report_services.start_social_report(
            actor=_worker(w), aid_request_id=w.file.aid_requests.first().pk
        )
    ),
    "casefiles.reports.services.update_social_report": lambda w: _then(
        _social_report(w),
        lambda report: report_services.update_social_report(
            actor=_worker(w),
            report_id=report.pk,
            situation="Locataire.",
            tried="",
            request_text="",
            assessment="Avis favorable.",
        ),
    ),
    "casefiles.reports.services.record_report_agreement": lambda w: _then(
        _social_report(w),
        lambda report: report_services.record_report_agreement(
            actor=_worker(w), report_id=report.pk
        ),
    ),
    "casefiles.letters.services.produce_letter": lambda w: (
        lambda: letter_services.produce_letter(
            actor=_worker(w),
            casefile_id=w.file.pk,
            template_id=LetterTemplate.objects.get(kind="convocation").pk,
            fmt="odt",
        )
    ),
}

# The person's rights go on while the file is frozen (they only narrow the processing or
# answer the person); the others create new files, not writes on an existing one.
WRITE_SERVICES.update(HOUSEHOLD_LIFE_WRITES)
WRITE_SERVICES.update(COMMITTEE_WRITE_SERVICES)

ALLOWED_WHILE_LIMITED = {
    "privacy.services.record_statistics_opposition",
    "privacy.services.open_rights_request",
    "privacy.services.extend_rights_request",
    "privacy.services.close_rights_request",
    "privacy.services.apply_limitation",
    "privacy.services.lift_limitation",
    # Answering the person's access request: the author releases or withholds his notes
    # for the export (a limitation does not suspend the right of access).
    "privacy.releases.services.release_note",
    "privacy.releases.services.withhold_note",
    # Naming who reads a departed worker's notes changes no data of the file: without it,
    # nobody could read them when the limitation is lifted.
    "casefiles.notes.services.hand_over_notes",
    # An emergency access only opens the file for reading.
    "casefiles.break_glass.services.break_glass",
    *WEEK_ALLOWED_WHILE_LIMITED,
}
NOT_ON_AN_EXISTING_FILE = {
    "casefiles.households.services.register_household",
    "casefiles.imports.services.import_households",
    "casefiles.imports.services.check_import",
    "casefiles.imports.services.start_import",
    *WEEK_NOT_ON_AN_EXISTING_FILE,
    *COMMITTEE_NOT_ON_AN_EXISTING_FILE,
    # A letter template is the administrator's configuration, about no file.
    "casefiles.letters.services.save_letter_template",
}


def _file_services() -> set[str]:
    """Every public function of a `services` module of the case files and privacy."""
    found = set()
    for info in pkgutil.walk_packages(lien.__path__, "lien."):
        if not info.name.startswith(("lien.casefiles", "lien.privacy")):
            continue
        if info.name.rsplit(".", 1)[-1] != "services":
            continue
        module = importlib.import_module(info.name)
        for name, obj in inspect.getmembers(module, inspect.isfunction):
            if obj.__module__ == module.__name__ and not name.startswith("_"):
                found.add(module.__name__.removeprefix("lien.") + "." + name)
    return found


def test_every_file_service_is_checked_against_a_frozen_file():
    """A new service (note sharing...) must be added to WRITE_SERVICES below, where the
    test proves it refuses a frozen file, or say why it may write on one."""
    known = set(WRITE_SERVICES) | ALLOWED_WHILE_LIMITED | NOT_ON_AN_EXISTING_FILE
    assert _file_services() - known == set()


def _snapshot() -> dict:
    """Every row of every table of Lien: equal before and after means nothing written."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_models()
        if model.__module__.startswith("lien.")
    }


@pytest.mark.parametrize("name", sorted(WRITE_SERVICES))
def test_every_write_service_refuses_a_frozen_file_and_writes_nothing(world, name):
    call = WRITE_SERVICES[name](world)
    limitation = _freeze(world)
    before = _snapshot()
    with pytest.raises(FileLimitedError) as refused:
        call()
    assert "gelé" in refused.value.messages[0] and "Exactitude" in refused.value.messages[0]
    assert _snapshot() == before
    # The same call goes through once the limitation is lifted: the refusal above came
    # from the limitation, not from a mistake in the call.
    _lift(world, limitation)
    call()
