"""The access policy of docs/domain.md ("Who sees what"), checked for every role, against
every public selector and service, on a file of the agent's own office and on one of
another office.

Each function has a rule here: the roles that may use it on their own office's data and
on another office's. Anything else must answer 404, like a missing object. A new selector
or service without a rule fails `test_every_selector_and_service_has_a_rule`.
"""

import importlib
import inspect
import pkgutil
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

import lien
from lien.accounts import selectors as account_selectors
from lien.accounts import services as account_services
from lien.accounts.organisation import services as office_services
from lien.accounts.roles import Role
from lien.casefiles.aid import selectors as aid_selectors
from lien.casefiles.aid import services as aid_services
from lien.casefiles.appointments import selectors as appointment_selectors
from lien.casefiles.appointments import services as appointment_services
from lien.casefiles.break_glass import selectors as break_glass_selectors
from lien.casefiles.break_glass import services as break_glass_services
from lien.casefiles.documents import selectors as document_selectors
from lien.casefiles.documents import services as document_services
from lien.casefiles.files import selectors as file_selectors
from lien.casefiles.files import services as file_services
from lien.casefiles.households import selectors as household_selectors
from lien.casefiles.households import services as household_services
from lien.casefiles.imports import selectors as import_selectors
from lien.casefiles.imports import services as import_services
from lien.casefiles.imports.reading import plan_import
from lien.casefiles.models import (
    AidRequest,
    AidStatus,
    CaseFile,
    Document,
    FileStatus,
    NoteVisibility,
)
from lien.casefiles.notes import selectors as note_selectors
from lien.casefiles.notes import services as note_services
from lien.casefiles.problems import selectors as problem_selectors
from lien.casefiles.problems import services as problem_services
from lien.casefiles.situation import selectors as situation_selectors
from lien.casefiles.situation import services as situation_services
from lien.casefiles.visits import selectors as visit_selectors
from lien.casefiles.visits import services as visit_services
from lien.catalog.models import Family, Sensitivity, Status
from lien.offices.models import RecordKeeping, RecordKeepingChange
from lien.privacy import selectors as privacy_selectors
from lien.privacy import services as privacy_services
from lien.privacy.archive import selectors as archive_selectors
from lien.privacy.archive import services as archive_services
from lien.privacy.models import Limitation, RightsRequest
from lien.stats import selectors as stats_selectors
from lien.stats import services as stats_services
from lien.stats.definitions import load_grid
from lien.stats.models import PaperGrid, PaperGridVersion, VersionKind
from lien.stats.paper import selectors as paper_selectors
from lien.stats.paper import services as paper_services
from lien.stats.paper.cells import address, positions
from lien.web.audit import selectors as audit_selectors
from lien.web.statistics_access import (
    paper_grid_history_office_ids,
    paper_grid_office_ids,
    statistics_office_ids,
)

from ..factories import ItemFactory, OfficeFactory, member, release_every_note
from .catalog_rules import CATALOG_RULES
from .release_rules import RELEASE_RULES

SW, SEC, MGR, STAT, DPO, ADM = (
    Role.SOCIAL_WORKER,
    Role.SECRETARY,
    Role.MANAGER,
    Role.STATISTICIAN,
    Role.DPO,
    Role.ADMIN,
)
NONE: frozenset = frozenset()
ALL = frozenset(Role.values)


@dataclass
class Target:
    """The objects of one office that an agent tries to reach."""

    office: object
    file: CaseFile
    worker: object  # the social worker who is referent and author there
    other_user: object  # someone whose audit events the agent tries to read

    @property
    def person(self):
        return self.file.household.members.get(relationship="reference").person

    def first(self, related: str):
        return getattr(self.file, related).first()


IMPORT_ROW = {"nom_naissance": "Nouveau", "prenoms": "Alex"}
IMPORT_CSV = b"foyer;lien;nom_naissance;prenoms\nX;reference;Nouveau;Alex\n"


def _checked_import(t):
    """An uploaded import waiting for confirmation in the target's office."""
    from lien.casefiles.models import HouseholdImport

    return HouseholdImport.objects.create(
        office=t.office,
        created_by=t.worker,
        file_name="foyers.csv",
        content=IMPORT_CSV,
        rows=1,
        households=1,
        persons=1,
    )


def person_data():
    return household_services.PersonData(birth_name="Nouveau", first_names="Alex")


def _pending_item(proposer):
    """A sensitive item an administrator proposed, waiting for the DPO."""
    return ItemFactory(
        family=Family.SITUATION,
        status=Status.DRAFT,
        sensitivity=Sensitivity.SENSITIVE,
        approval_requested_by=proposer,
        approval_requested_at=timezone.now(),
    )


def _pdf():
    return SimpleUploadedFile("scan.pdf", b"%PDF-1.4 test", content_type="application/pdf")


def _document(t):
    return Document.objects.create(
        casefile=t.file,
        kind="identity",
        file=_pdf(),
        content_type="application/pdf",
        size=13,
        uploaded_by=t.worker,
    )


def _current_code(actor) -> str:
    device = TOTPDevice.objects.filter(user=actor).order_by("-id").first()
    return f"{TOTP(device.bin_key).token():06d}"


def _enrolled(actor) -> bool:
    account_services.start_totp_enrolment(actor=actor, verified=False)
    account_services.confirm_totp_enrolment(actor=actor, token=_current_code(actor), verified=False)
    return True


def _zero_grid(code: str) -> dict:
    grid = load_grid(code)
    return {t.code: {address(t, p): "0" for p in positions(t)} for t in grid.tables}


def _paper_based(target):
    """The target's office, marked paper-based from the start."""
    RecordKeepingChange.objects.get_or_create(
        office=target.office, since=None, defaults={"mode": RecordKeeping.PAPER}
    )
    return target.office


def _typed_paper_grid(target) -> PaperGrid:
    """A population grid of 2020 typed for the target's (paper-based) office."""
    paper = PaperGrid.objects.create(grid="population", year=2020, office=_paper_based(target))
    PaperGridVersion.objects.create(
        paper_grid=paper, number=1, kind=VersionKind.TYPED, values=_zero_grid("population")
    )
    return paper


def _no_audit(**event) -> None:
    """The audit writer the web layer passes (lien.web.paper_grids); not under test here."""


def _stats_year(target) -> int:
    """Puts one event in the target office's record, and returns its year."""
    day = timezone.localdate()
    stats_services.record_event(
        kind="visit", day=day, office_id=target.office.pk, household_id=target.file.household_id
    )
    return day.year


def _in(obj, results) -> bool:
    return obj.pk in {getattr(r, "pk", None) for r in results}


# name → (recipe, roles allowed on their own office, roles allowed on another office).
# A recipe returns True when access was granted; Http404 means it was refused.
RULES = {
    # Reads
    "casefiles.files.selectors.files_visible_to": (
        lambda a, t: _in(t.file, file_selectors.files_visible_to(actor=a)),
        {SW, SEC, MGR},
        NONE,
    ),
    "casefiles.files.selectors.caseload_for": (
        lambda a, t: _in(t.file, file_selectors.caseload_for(actor=a)),
        {SW},
        NONE,
    ),
    "casefiles.households.selectors.similar_persons": (
        lambda a, t: _in(
            t.person,
            [
                m.person
                for m in household_selectors.similar_persons(actor=a, query=t.person.search_key)
            ],
        ),
        {SW, SEC, MGR},
        NONE,
    ),
    "casefiles.visits.selectors.unassigned_visits_for": (
        lambda a, t: (
            CaseFile.objects.filter(pk=t.file.pk).update(referent=None)
            and _in(
                t.first("visits"),
                visit_selectors.unassigned_visits_for(actor=a, office_id=t.office.pk),
            )
        ),
        {MGR},
        NONE,
    ),
    "casefiles.appointments.selectors.workers_of_office": (
        lambda a, t: _in(
            t.worker, appointment_selectors.workers_of_office(actor=a, office_id=t.office.pk)
        ),
        {SW, SEC, MGR},
        NONE,
    ),
    "casefiles.appointments.selectors.worker_calendar_for": (
        lambda a, t: _in(
            t.first("appointments"),
            appointment_selectors.worker_calendar_for(
                actor=a,
                office_id=t.office.pk,
                worker_id=t.worker.pk,
                first_day=timezone.localdate(t.first("appointments").starts_at),
            )[0].appointments,
        ),
        {SW, SEC, MGR},
        NONE,
    ),
    "casefiles.appointments.selectors.appointment_for": (
        lambda a, t: (
            appointment_selectors.appointment_for(actor=a, pk=t.first("appointments").pk)
            is not None
        ),
        {SW, SEC, MGR},
        NONE,
    ),
    # Identity papers: reception and social workers, not the manager.
    "casefiles.documents.selectors.documents_of": (
        lambda a, t: _in(_document(t), document_selectors.documents_of(actor=a, casefile=t.file)),
        {SW, SEC},
        NONE,
    ),
    "casefiles.documents.selectors.document_for": (
        lambda a, t: document_selectors.document_for(actor=a, pk=_document(t).pk) is not None,
        {SW, SEC},
        NONE,
    ),
    "casefiles.files.selectors.office_files_for": (
        lambda a, t: _in(t.file, file_selectors.office_files_for(actor=a, office_id=t.office.pk)),
        {MGR},
        NONE,
    ),
    "casefiles.files.selectors.casefile_for": (
        lambda a, t: file_selectors.casefile_for(actor=a, pk=t.file.pk) is not None,
        {SW, SEC, MGR},
        NONE,
    ),
    "casefiles.files.selectors.file_page_for": (
        lambda a, t: file_selectors.file_page_for(actor=a, pk=t.file.pk) is not None,
        {SW, SEC, MGR},
        NONE,
    ),
    "casefiles.households.selectors.person_for": (
        lambda a, t: household_selectors.person_for(actor=a, pk=t.person.pk) is not None,
        {SW, SEC, MGR},
        NONE,
    ),
    "casefiles.households.selectors.search_persons": (
        lambda a, t: _in(
            t.person,
            [
                m.person
                for m in household_selectors.search_persons(actor=a, query=t.person.birth_name)
            ],
        ),
        {SW, SEC, MGR},
        NONE,
    ),
    "casefiles.visits.selectors.reception_day_for": (
        lambda a, t: _in(
            t.first("appointments"),
            visit_selectors.reception_day_for(
                actor=a,
                office_id=t.office.pk,
                day=timezone.localdate(t.first("appointments").starts_at),
            ).appointments,
        ),
        {SW, SEC, MGR},
        NONE,
    ),
    "casefiles.problems.selectors.problem_for": (
        lambda a, t: problem_selectors.problem_for(actor=a, pk=t.first("problems").pk) is not None,
        {SW, MGR},
        NONE,
    ),
    "casefiles.problems.selectors.intervention_for": (
        lambda a, t: (
            problem_selectors.intervention_for(actor=a, pk=t.first("interventions").pk) is not None
        ),
        {SW, MGR},
        NONE,
    ),
    "casefiles.aid.selectors.aid_request_for": (
        lambda a, t: (
            aid_selectors.aid_request_for(actor=a, pk=t.first("aid_requests").pk) is not None
        ),
        {SW, MGR},
        NONE,
    ),
    # The note is private to the office's social worker, its author.
    "casefiles.notes.selectors.note_for": (
        lambda a, t: note_selectors.note_for(actor=a, pk=t.first("notes").pk) is not None,
        {SW},
        NONE,
    ),
    "casefiles.notes.selectors.note_metadata_for": (
        lambda a, t: bool(note_selectors.note_metadata_for(actor=a, casefile=t.file)),
        {MGR},
        NONE,
    ),
    "web.audit.selectors.events_visible_to": (
        lambda a, t: audit_selectors.events_visible_to(actor=a).filter(actor=t.other_user).exists(),
        {DPO},
        {DPO},
    ),
    "web.audit.selectors.filtered_events": (
        lambda a, t: audit_selectors.filtered_events(
            actor=a, username=t.other_user.username
        ).exists(),
        {DPO},
        {DPO},
    ),
    "casefiles.situation.selectors.situation_form_for": (
        lambda a, t: situation_selectors.situation_form_for(actor=a, pk=t.file.pk) is not None,
        {SW},
        NONE,
    ),
    "web.audit.selectors.dashboard_for": (
        lambda a, t: (
            audit_selectors.dashboard_for(
                actor=a, since=timezone.localdate(), until=timezone.localdate()
            )
            is not None
        ),
        {DPO},
        {DPO},
    ),
    "web.audit.selectors.extract_for": (
        lambda a, t: bool(
            audit_selectors.extract_for(
                actor=a,
                reason="Plainte",
                since=timezone.localdate(),
                until=timezone.localdate(),
                username=t.other_user.username,
            )
        ),
        {DPO},
        {DPO},
    ),
    # Statistics: the web layer passes the offices the actor may see (statistics_access).
    "stats.selectors.published_grid": (
        lambda a, t: (
            stats_selectors.published_grid(
                office_ids=statistics_office_ids(a),
                grid_code="activity",
                year=_stats_year(t),
                office_id=t.office.pk,
            )
            is not None
        ),
        {SW, MGR, STAT},
        {STAT},
    ),
    "stats.selectors.grid_trends": (
        lambda a, t: bool(
            stats_selectors.grid_trends(
                office_ids=statistics_office_ids(a),
                grid_code="activity",
                years=[_stats_year(t)],
                office_id=t.office.pk,
            )
        ),
        {SW, MGR, STAT},
        {STAT},
    ),
    "stats.selectors.years_with_statistics": (
        lambda a, t: (
            _stats_year(t)
            in stats_selectors.years_with_statistics(
                office_ids=statistics_office_ids(a) & {t.office.pk}
            )
        ),
        {SW, MGR, STAT},
        {STAT},
    ),
    # Paper grids: typed, corrected and withdrawn by the office's manager only (not the
    # statistician, who holds every published table: docs/access-policy.md#paper-grids);
    # their list and history (no figure) read by the statisticians and the manager.
    "stats.paper.services.type_paper_grid": (
        lambda a, t: (
            paper_services.type_paper_grid(
                actor=a,
                allowed_office_ids=paper_grid_office_ids(a),
                grid_code="population",
                year=2020,
                office_id=_paper_based(t).pk,
                values=_zero_grid("population"),
                audit=_no_audit,
            )
            is not None
        ),
        {MGR},
        NONE,
    ),
    "stats.paper.services.withdraw_paper_grid": (
        lambda a, t: (
            paper_services.withdraw_paper_grid(
                actor=a,
                allowed_office_ids=paper_grid_office_ids(a),
                grid_code="population",
                year=2020,
                office_id=_typed_paper_grid(t).office_id,
                reason="Erreur de saisie",
                audit=_no_audit,
            )
            is not None
        ),
        {MGR},
        NONE,
    ),
    "stats.paper.selectors.paper_grids_of": (
        lambda a, t: (
            _typed_paper_grid(t).pk
            in {
                s.current.paper_grid_id
                for s in paper_selectors.paper_grids_of(office_ids=paper_grid_history_office_ids(a))
            }
        ),
        {MGR, STAT},
        {STAT},
    ),
    "stats.paper.selectors.paper_grid_history": (
        lambda a, t: paper_selectors.paper_grid_history(
            office_ids=paper_grid_history_office_ids(a),
            grid_code="population",
            office_id=_typed_paper_grid(t).office_id,
            year=2020,
        ),
        {MGR, STAT},
        {STAT},
    ),
    # The office's record keeping: the administrator's, for every office.
    "accounts.organisation.services.record_keeping_change": (
        lambda a, t: (
            office_services.record_keeping_change(
                actor=a, office_id=t.office.pk, mode=RecordKeeping.PAPER, since=None
            )
            is not None
        ),
        {ADM},
        {ADM},
    ),
    "accounts.organisation.services.remove_record_keeping_change": (
        lambda a, t: (
            office_services.remove_record_keeping_change(
                actor=a, change_id=_paper_based(t).record_keeping_changes.get().pk
            )
            is None
        ),
        {ADM},
        {ADM},
    ),
    # Writes
    # An agent's own security settings: each acts on the actor's own account only (there
    # is no other account to name), so every role may, whatever the office.
    "accounts.services.start_totp_enrolment": (
        lambda a, t: account_services.start_totp_enrolment(actor=a, verified=False) is not None,
        ALL,
        ALL,
    ),
    "accounts.services.confirm_totp_enrolment": (lambda a, t: _enrolled(a), ALL, ALL),
    "accounts.services.regenerate_backup_codes": (
        lambda a, t: _enrolled(a) and len(account_services.regenerate_backup_codes(actor=a)) == 10,
        ALL,
        ALL,
    ),
    "accounts.services.verify_second_factor": (
        lambda a, t: (
            # A backup code: the authenticator's current code was just used up by the set-up.
            _enrolled(a)
            and account_services.verify_second_factor(
                actor=a, token=account_services.regenerate_backup_codes(actor=a)[0]
            )
            is not None
        ),
        ALL,
        ALL,
    ),
    "accounts.services.confirm_identity": (
        lambda a, t: account_services.confirm_identity(
            actor=a, password="test-password-123", need_token=False
        ),
        ALL,
        ALL,
    ),
    # Account administration: organisation-wide, the admin role only.
    "accounts.services.reset_second_factor": (
        lambda a, t: account_services.reset_second_factor(actor=a, user_id=t.worker.pk) is None,
        {ADM},
        {ADM},
    ),
    "accounts.services.unlock_account": (
        lambda a, t: account_services.unlock_account(actor=a, user_id=t.worker.pk) >= 0,
        {ADM},
        {ADM},
    ),
    # The roles page: the administrators who ask, and the DPO and administrators who
    # approve (never their own requests: tests/accounts/test_role_changes.py).
    "accounts.selectors.role_change_board": (
        lambda a, t: account_selectors.role_change_board(actor=a) is not None,
        {ADM, DPO},
        {ADM, DPO},
    ),
    "casefiles.households.services.register_household": (
        lambda a, t: (
            household_services.register_household(
                actor=a, office_id=t.office.pk, reference=person_data()
            )
            is not None
        ),
        {SW, SEC},
        NONE,
    ),
    "casefiles.imports.services.import_households": (
        lambda a, t: (
            import_services.import_households(
                actor=a,
                office_id=t.office.pk,
                plan=plan_import([(2, {"foyer": "X", "lien": "reference", **IMPORT_ROW})]),
            )
            == 1
        ),
        {MGR},
        NONE,
    ),
    "casefiles.imports.services.check_import": (
        lambda a, t: import_services.check_import(
            actor=a, office_id=t.office.pk, file_name="foyers.csv", content=IMPORT_CSV
        ),
        {MGR},
        NONE,
    ),
    "casefiles.imports.services.start_import": (
        lambda a, t: import_services.start_import(
            actor=a, import_id=_checked_import(t).pk, valid_only=False
        ),
        {MGR},
        NONE,
    ),
    "casefiles.imports.selectors.imports_for": (
        lambda a, t: import_selectors.imports_for(actor=a, office_id=t.office.pk) is not None,
        {MGR},
        NONE,
    ),
    "casefiles.imports.selectors.import_for": (
        lambda a, t: import_selectors.import_for(actor=a, pk=_checked_import(t).pk),
        {MGR},
        NONE,
    ),
    "casefiles.households.services.add_household_member": (
        lambda a, t: (
            household_services.add_household_member(
                actor=a, casefile_id=t.file.pk, person=person_data(), relationship="child"
            )
            is not None
        ),
        {SW, SEC},
        NONE,
    ),
    "casefiles.households.services.update_person": (
        lambda a, t: (
            household_services.update_person(
                actor=a,
                person_id=t.person.pk,
                expected_version=None,
                changes={"phone": "01 02 03 04 05"},
            )
            is not None
        ),
        {SW, SEC},
        NONE,
    ),
    "casefiles.files.services.assign_referent": (
        lambda a, t: (
            file_services.assign_referent(actor=a, casefile_id=t.file.pk, referent_id=t.worker.pk)
            is not None
        ),
        {MGR},
        NONE,
    ),
    "casefiles.files.services.close_casefile": (
        lambda a, t: (
            file_services.close_casefile(actor=a, casefile_id=t.file.pk, reason="goals_met")
            is not None
        ),
        {SW},
        NONE,
    ),
    "casefiles.files.services.transfer_casefile": (
        lambda a, t: (
            file_services.transfer_casefile(
                actor=a, casefile_id=t.file.pk, office_id=OfficeFactory().pk, reason="Déménagement"
            )
            is not None
        ),
        {SW},
        NONE,
    ),
    "casefiles.files.services.reopen_casefile": (
        lambda a, t: (
            CaseFile.objects.filter(pk=t.file.pk).update(
                status=FileStatus.CLOSED, closed_on=timezone.localdate(), close_reason="moved"
            )
            and file_services.reopen_casefile(actor=a, casefile_id=t.file.pk) is not None
        ),
        {SW},
        NONE,
    ),
    "casefiles.situation.services.record_situation": (
        lambda a, t: (
            situation_services.record_situation(
                actor=a,
                casefile_id=t.file.pk,
                item_id=ItemFactory(family=Family.SITUATION).pk,
                value="Propriétaire",
            )
            is not None
        ),
        {SW},
        NONE,
    ),
    "casefiles.situation.services.record_situation_values": (
        lambda a, t: (
            situation_services.record_situation_values(
                actor=a,
                casefile_id=t.file.pk,
                values={ItemFactory(family=Family.SITUATION).pk: "Locataire"},
            )
            == 1
        ),
        {SW},
        NONE,
    ),
    "casefiles.problems.services.open_problem": (
        lambda a, t: (
            problem_services.open_problem(
                actor=a, casefile_id=t.file.pk, item_id=ItemFactory(family=Family.PROBLEM).pk
            )
            is not None
        ),
        {SW},
        NONE,
    ),
    "casefiles.problems.services.close_problem": (
        lambda a, t: (
            problem_services.close_problem(actor=a, problem_id=t.first("problems").pk) is not None
        ),
        {SW},
        NONE,
    ),
    "casefiles.problems.services.record_intervention": (
        lambda a, t: (
            problem_services.record_intervention(
                actor=a,
                casefile_id=t.file.pk,
                item_id=ItemFactory(family=Family.INTERVENTION).pk,
                problem_ids=[t.first("problems").pk],
            )
            is not None
        ),
        {SW},
        NONE,
    ),
    "casefiles.notes.services.write_note": (
        lambda a, t: (
            note_services.write_note(actor=a, casefile_id=t.file.pk, text="Point d'étape.")
            is not None
        ),
        {SW},
        NONE,
    ),
    # Only the author edits a note.
    "casefiles.notes.services.edit_note": (
        lambda a, t: (
            note_services.edit_note(actor=a, note_id=t.first("notes").pk, text="Corrigé.")
            is not None
        ),
        {SW},
        NONE,
    ),
    "casefiles.aid.services.create_aid_request": (
        lambda a, t: (
            aid_services.create_aid_request(
                actor=a,
                casefile_id=t.file.pk,
                aid_type_id=ItemFactory(family=Family.AID).pk,
                amount_requested=Decimal("90"),
            )
            is not None
        ),
        {SW},
        NONE,
    ),
    "casefiles.aid.services.submit_aid_request": (
        lambda a, t: (
            aid_services.submit_aid_request(actor=a, aid_request_id=t.first("aid_requests").pk)
            is not None
        ),
        {SW},
        NONE,
    ),
    "casefiles.aid.services.decide_aid_request": (
        lambda a, t: (
            AidRequest.objects.filter(casefile=t.file).update(
                status=AidStatus.SUBMITTED, submitted_on=timezone.localdate()
            )
            and aid_services.decide_aid_request(
                actor=a,
                aid_request_id=t.first("aid_requests").pk,
                granted=True,
                amount_granted=Decimal("100"),
            )
            is not None
        ),
        {SW},
        NONE,
    ),
    "casefiles.visits.services.log_visit": (
        lambda a, t: (
            visit_services.log_visit(
                actor=a, casefile_id=t.file.pk, person_id=t.person.pk, reason="documents"
            )
            is not None
        ),
        {SW, SEC},
        NONE,
    ),
    "casefiles.appointments.services.book_appointment": (
        lambda a, t: (
            appointment_services.book_appointment(
                actor=a,
                casefile_id=t.file.pk,
                person_id=t.person.pk,
                worker_id=t.worker.pk,
                starts_at=timezone.now() + timedelta(days=3),
                ends_at=timezone.now() + timedelta(days=3, minutes=45),
            )
            is not None
        ),
        {SW, SEC},
        NONE,
    ),
    "casefiles.appointments.services.move_appointment": (
        lambda a, t: (
            appointment_services.move_appointment(
                actor=a,
                appointment_id=t.first("appointments").pk,
                starts_at=timezone.now() + timedelta(days=5),
                ends_at=timezone.now() + timedelta(days=5, minutes=30),
            )
            is not None
        ),
        {SW, SEC},
        NONE,
    ),
    "casefiles.documents.services.attach_document": (
        lambda a, t: (
            document_services.attach_document(
                actor=a, casefile_id=t.file.pk, kind="identity", uploaded=_pdf()
            )
            is not None
        ),
        {SW, SEC},
        NONE,
    ),
    "casefiles.appointments.services.set_appointment_status": (
        lambda a, t: (
            appointment_services.set_appointment_status(
                actor=a, appointment_id=t.first("appointments").pk, status="cancelled"
            )
            is not None
        ),
        {SW, SEC},
        NONE,
    ),
    # Person's rights (issue 6): the notices given are part of the file's identity part;
    # recording one is for those who register and correct persons.
    "privacy.selectors.notice_status_for": (
        lambda a, t: (
            privacy_selectors.notice_status_for(actor=a, casefile_id=t.file.pk) is not None
        ),
        {SW, SEC, MGR},
        NONE,
    ),
    "privacy.services.record_notice_given": (
        lambda a, t: (
            privacy_services.record_notice_given(
                actor=a, casefile_id=t.file.pk, person_id=t.person.pk, method="handed"
            )
            is not None
        ),
        {SW, SEC},
        NONE,
    ),
    "privacy.services.record_statistics_opposition": (
        lambda a, t: (
            privacy_services.record_statistics_opposition(
                actor=a, casefile_id=t.file.pk, person_id=t.person.pk
            )
            is not None
        ),
        {SW, SEC},
        NONE,
    ),
    # Break-glass: a social worker, on the exact identity of a person followed in
    # another office (in their own office there is nothing to break: no grant).
    "casefiles.break_glass.services.break_glass": (
        lambda a, t: bool(_break_glass(a, t)),
        NONE,
        {SW},
    ),
    "casefiles.break_glass.selectors.active_grant_for": (
        lambda a, t: (
            _break_glass(a, t) is not None
            and break_glass_selectors.active_grant_for(actor=a, casefile_id=t.file.pk) is not None
        ),
        NONE,
        {SW},
    ),
    # The retention archive: the office's manager and the DPO, with a reason.
    "privacy.archive.selectors.archived_casefile_for": (
        lambda a, t: (
            CaseFile.objects.filter(pk=t.file.pk).update(archived_on=timezone.localdate())
            and archive_selectors.archived_casefile_for(actor=a, pk=t.file.pk, reason="Contrôle")
            is not None
        ),
        {MGR, DPO},
        {DPO},
    ),
    "privacy.archive.selectors.archived_files_for": (
        lambda a, t: (
            CaseFile.objects.filter(pk=t.file.pk).update(archived_on=timezone.localdate())
            and _in(t.file, archive_selectors.archived_files_for(actor=a))
        ),
        {MGR, DPO},
        {DPO},
    ),
    "privacy.archive.selectors.archived_file_page_for": (
        lambda a, t: (
            CaseFile.objects.filter(pk=t.file.pk).update(archived_on=timezone.localdate())
            and archive_selectors.archived_file_page_for(actor=a, pk=t.file.pk, reason="Contrôle")
            is not None
        ),
        {MGR, DPO},
        {DPO},
    ),
    "privacy.archive.services.set_legal_hold": (
        lambda a, t: (
            archive_services.set_legal_hold(
                actor=a, casefile_id=t.file.pk, held=True, reason="Contentieux"
            )
            is not None
        ),
        {MGR, DPO},
        {DPO},
    ),
    # Rights requests: the DPO handles those of every office.
    "privacy.services.open_rights_request": (
        lambda a, t: (
            privacy_services.open_rights_request(
                actor=a, casefile_id=t.file.pk, person_name=t.person.birth_name, kind="access"
            )
            is not None
        ),
        {DPO},
        {DPO},
    ),
    "privacy.services.extend_rights_request": (
        lambda a, t: (
            privacy_services.extend_rights_request(
                actor=a, request_id=_rights_request(t).pk, reason="Demande complexe."
            )
            is not None
        ),
        {DPO},
        {DPO},
    ),
    "privacy.services.close_rights_request": (
        lambda a, t: (
            privacy_services.close_rights_request(
                actor=a,
                request_id=_rights_request(t).pk,
                status="answered",
                outcome="Copie remise.",
            )
            is not None
        ),
        {DPO},
        {DPO},
    ),
    # The limitation of processing: applied and lifted by the DPO only.
    "privacy.services.apply_limitation": (
        lambda a, t: (
            privacy_services.apply_limitation(
                actor=a, request_id=_rights_request(t, "limitation").pk, reason="Exactitude."
            )
            is not None
        ),
        {DPO},
        {DPO},
    ),
    "privacy.services.erase_file": (
        lambda a, t: (
            privacy_services.erase_file(
                actor=a, request_id=_erasable(t).pk, reason="Dossier ouvert par erreur."
            )
            is not None
        ),
        {DPO},
        {DPO},
    ),
    "privacy.services.lift_limitation": (
        lambda a, t: (
            privacy_services.lift_limitation(
                actor=a, limitation_id=_limitation(t).pk, reason="Adresse vérifiée."
            )
            is not None
        ),
        {DPO},
        {DPO},
    ),
    "privacy.selectors.open_rights_requests_for": (
        lambda a, t: _in(_rights_request(t), privacy_selectors.open_rights_requests_for(actor=a)),
        {DPO},
        {DPO},
    ),
    "privacy.selectors.access_export_for": (
        lambda a, t: (
            privacy_selectors.access_export_for(actor=a, request_id=_released_request(t).pk)
            is not None
        ),
        {DPO},
        {DPO},
    ),
    "privacy.selectors.rights_request_for": (
        lambda a, t: (
            privacy_selectors.rights_request_for(actor=a, pk=_rights_request(t).pk) is not None
        ),
        {DPO},
        {DPO},
    ),
}


def _erasable(t):
    """An erasure request on a closed file holding no aid decision."""
    CaseFile.objects.filter(pk=t.file.pk).update(status="closed")
    AidRequest.objects.filter(casefile=t.file).delete()
    return _rights_request(t, "erasure")


def _limitation(t):
    return Limitation.objects.create(
        casefile=t.file,
        rights_request=_rights_request(t, "limitation"),
        reason="Exactitude contestée.",
        applied_by=t.worker,
    )


def _shared_note(t):
    """The office worker's note, shared with a colleague of his office."""
    [share] = note_services.share_note(
        actor=t.worker,
        note_id=t.first("notes").pk,
        grantee_ids=[member(SW, t.office).pk],
        reason="Relais pendant un congé.",
    )
    return share


def _departed_author(t):
    """A social worker of the office wrote a private note on the file, then left."""
    author = member(SW, t.office)
    note_services.write_note(actor=author, casefile_id=t.file.pk, text="Note d'un départ.")
    author.is_active = False
    author.save()
    return author


NOTE_RULES = {
    # Only the author shares his note, and sees with whom it is shared.
    "casefiles.notes.selectors.note_sharing_for": (
        lambda a, t: note_selectors.note_sharing_for(actor=a, pk=t.first("notes").pk) is not None,
        {SW},
        NONE,
    ),
    "casefiles.notes.services.share_note": (
        lambda a, t: bool(
            note_services.share_note(
                actor=a,
                note_id=t.first("notes").pk,
                grantee_ids=[member(SW, t.office).pk],
                reason="Relais.",
            )
        ),
        {SW},
        NONE,
    ),
    "casefiles.notes.services.revoke_note_share": (
        lambda a, t: (
            note_services.revoke_note_share(actor=a, access_id=_shared_note(t).pk) is not None
        ),
        {SW},
        NONE,
    ),
    # The office manager names a departed author's successor, from metadata only.
    "casefiles.notes.selectors.departed_notes_for": (
        lambda a, t: note_selectors.departed_notes_for(actor=a, office_id=t.office.pk) is not None,
        {MGR},
        NONE,
    ),
    "casefiles.notes.services.hand_over_notes": (
        lambda a, t: bool(
            note_services.hand_over_notes(
                actor=a,
                office_id=t.office.pk,
                author_id=_departed_author(t).pk,
                heir_id=member(SW, t.office).pk,
                reason="Reprise du secteur.",
            )
        ),
        {MGR},
        NONE,
    ),
}


def _break_glass(actor, t):
    person = t.person
    try:
        return break_glass_services.break_glass(
            actor=actor,
            birth_name=person.birth_name,
            first_names=person.first_names,
            birth_date=person.birth_date,
            reason="Hospitalisation en urgence, le service ne répond pas.",
        )
    except Http404:
        return []


def _rights_request(t, kind="access"):
    return RightsRequest.objects.create(
        casefile=t.file,
        person=t.person,
        kind=kind,
        due_on=timezone.localdate(),
        registered_by=t.worker,
    )


def _released_request(t):
    """An access request whose notes their authors released: the export may go."""
    rights = _rights_request(t)
    release_every_note(rights)
    return rights


RULES.update(CATALOG_RULES)
RULES.update(RELEASE_RULES)
RULES.update(NOTE_RULES)


def _public_functions():
    """Every public function defined in a `selectors` or `services` module of Lien."""
    found = set()
    for module_info in pkgutil.walk_packages(lien.__path__, "lien."):
        if module_info.name.rsplit(".", 1)[-1] not in ("selectors", "services"):
            continue
        module = importlib.import_module(module_info.name)
        for name, obj in inspect.getmembers(module, inspect.isfunction):
            if obj.__module__ == module.__name__ and not name.startswith("_"):
                found.add(module.__name__.removeprefix("lien.") + "." + name)
    return found


# The audit writers are called by every service inside its own transaction; they grant
# nothing, so they have no rule of their own.
WITHOUT_RULE = {
    "audit.services.record",
    "audit.services.record_for_file",
    "audit.services.record_for_files",
    # Called once at start-up by accounts and privacy (their AppConfig.ready), not by a user.
    "audit.services.plug_in",
    # The statistical writers are called by the case-file services, inside the
    # transaction of a write whose access those services already checked; they take
    # coarse values only and return nothing to read.
    "stats.services.record_event",
    "stats.services.record_events",
    "stats.services.complete_situation",
    # Run by the server's operator from the command line (stats_close_year), not by a user.
    "stats.services.close_year",
}


def test_every_selector_and_service_has_a_rule():
    functions = _public_functions() - WITHOUT_RULE
    assert functions - set(RULES) == set(), "give these a rule in the permission matrix"
    assert set(RULES) - functions == set(), "these rules name functions that no longer exist"


def test_the_matrix_follows_domain_md():
    # A few lines of the table in docs/domain.md ("Who sees what"), restated to catch an edit of RULES that would
    # loosen them.
    assert SEC not in RULES["casefiles.problems.selectors.problem_for"][1]
    assert SEC not in RULES["casefiles.notes.selectors.note_for"][1]
    assert MGR not in RULES["casefiles.notes.selectors.note_for"][1]
    assert RULES["casefiles.notes.services.share_note"][1] == {SW}
    for name, (_, own, other) in RULES.items():
        if name.startswith("casefiles.break_glass."):
            # docs/domain.md: other offices only by emergency access, for social workers.
            assert own | other <= {SW}, name
        elif name.startswith("casefiles."):
            assert not own & {STAT, DPO, ADM}, name
            assert not other, name
        if name.startswith("stats."):
            # No statistics for reception, the DPO or the administrator; only the
            # département's statisticians reach other offices.
            assert not (own | other) & {SEC, DPO, ADM}, name
            assert other <= {STAT}, name


def _target(world, scope: str) -> Target:
    if scope == "own":
        return Target(world.office, world.file, world.users[SW], world.nobody)
    return Target(world.other_office, world.other_file, world.other_worker, world.other_worker)


@pytest.mark.django_db
@pytest.mark.parametrize("scope", ["own", "other"])
@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("name", sorted(RULES))
def test_matrix(world, name, role, scope):
    recipe, own, other = RULES[name]
    target = _target(world, scope)
    # Something for the audit selectors to find: someone else searched once.
    household_selectors.search_persons(actor=target.other_user, query="x")
    expected = role in (own if scope == "own" else other)
    try:
        granted = bool(recipe(world.users[role], target))
    except Http404:
        granted = False
    assert granted == expected, f"{role} on {scope} office: {'granted' if granted else 'refused'}"


@pytest.mark.django_db
def test_team_note_is_readable_by_the_office_social_workers_only(world):
    author = world.users[SW]
    colleague = world.other_worker
    note = note_services.write_note(
        actor=author, casefile_id=world.file.pk, text="Synthèse.", visibility=NoteVisibility.TEAM
    )
    from ..factories import member

    office_colleague = member(SW, world.office)
    assert note_selectors.note_for(actor=office_colleague, pk=note.pk) == note
    with pytest.raises(Http404):
        note_selectors.note_for(actor=colleague, pk=note.pk)
    with pytest.raises(Http404):
        note_selectors.note_for(actor=world.users[MGR], pk=note.pk)
    with pytest.raises(Http404):
        note_services.edit_note(
            actor=office_colleague, note_id=note.pk, text="Réécrit par un autre."
        )
