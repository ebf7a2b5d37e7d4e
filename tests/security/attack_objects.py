"""The objects the attack matrix aims at, one per kind of key a URL takes: made in the
target office (the own office's or another's), each as its rightful owner made it."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lien.accounts import role_changes
from lien.accounts.api_tokens import services as api_token_services
from lien.accounts.roles import Role
from lien.casefiles.models import (
    BudgetLine,
    BudgetSheet,
    Document,
    HouseholdImport,
    Merge,
    MergeKind,
    SocialReport,
)
from lien.casefiles.notes import services as note_services
from lien.catalog.models import Item
from lien.offices.models import RecordKeeping, RecordKeepingChange
from lien.privacy.models import RightsRequest
from lien.stats.models import PaperGrid, PaperGridVersion, VersionKind
from lien.storage import prepared
from lien.web.prepared_files import STATISTICS_EXPORT

from ..casefiles.committees.committee_objects import committee_objects
from ..factories import CaseFileFactory, UserFactory, member, pending_item, release_every_note
from .week_objects import week_objects

SW, SEC, MGR, STAT, DPO, ADM, CRIP = (
    Role.SOCIAL_WORKER,
    Role.SECRETARY,
    Role.MANAGER,
    Role.STATISTICIAN,
    Role.DPO,
    Role.ADMIN,
    Role.CRIP,
)
ALL = frozenset(Role.values)
NONE: frozenset = frozenset()
FORGED_ID = 987_654_321
POSTED = (200, 302, 400, 409, 422)  # a POST that reached its form or service


def _document(casefile):
    return Document.objects.create(
        casefile=casefile,
        kind="identity",
        file=SimpleUploadedFile("scan.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
        content_type="application/pdf",
        size=13,
        uploaded_by=casefile.referent,
    )


def _rights_request(casefile):
    person = casefile.household.members.get(relationship="reference").person
    return RightsRequest.objects.create(
        casefile=casefile,
        person=person,
        kind="access",
        due_on=timezone.localdate(),
        registered_by=casefile.referent,
    )


def _released_request(casefile):
    rights = _rights_request(casefile)
    release_every_note(rights)
    return rights


def note_share(casefile):
    """The referent's note, shared with a colleague of the office."""
    [share] = note_services.share_note(
        actor=casefile.referent,
        note_id=casefile.notes.first().pk,
        grantee_ids=[member(SW, casefile.office).pk],
        reason="Relais.",
    )
    return share


def _archived(casefile):
    """Another file of the same office, in the intermediate archive."""
    return CaseFileFactory(
        office=casefile.office, status="closed", archived_on=timezone.localdate()
    )


def _household_import(casefile):
    return HouseholdImport.objects.create(
        office=casefile.office,
        created_by=casefile.referent,
        file_name="foyers.csv",
        content=b"foyer;lien;nom_naissance;prenoms\nX;reference;Nouveau;Alex\n",
        rows=1,
        households=1,
        persons=1,
    )


def _prepared_file(casefile):
    """A statistics export the file's referent asked for (the tests run the task at once)."""
    return prepared.ask(
        kind=STATISTICS_EXPORT,
        requested_by_id=casefile.referent_id,
        parameters={
            "grid": "activity",
            "year": timezone.localdate().year,
            "office_id": casefile.office_id,
            "format": "csv",
        },
        file_name="activite.csv",
        content_type="text/csv",
    )


def _role_change(casefile):
    return role_changes.request_role_change(
        actor=member(ADM, casefile.office),
        user_id=UserFactory().pk,
        office_id=casefile.office_id,
        role=SW,
        kind="grant",
        reason="Arrivée.",
    )


def _api_token(casefile):  # asked for by another administrator, awaiting a second person
    return api_token_services.request_api_token(
        actor=member(ADM, casefile.office),
        client_name=f"Finances {casefile.office.code}",
        scopes=["aid"],
        office_ids=[casefile.office_id],
        all_offices=False,
        expires_at=timezone.now() + timedelta(days=30),
        reason="Paiement des aides.",
    ).token


def objects(casefile) -> dict:
    """What a URL's id may point at, inside one office's file."""
    return {
        "file": [casefile.pk],
        "file+person": [
            casefile.pk,
            casefile.household.members.get(relationship="reference").person_id,
        ],
        "appointment": [casefile.appointments.first().pk],
        "document": [_document(casefile).pk],
        "problem": [casefile.problems.first().pk],
        "aid_request": [casefile.aid_requests.first().pk],
        "budget_sheet": [_budget_line(casefile).sheet_id],
        "budget_line": [_budget_line(casefile).pk],
        "social_report": [_social_report(casefile).pk],
        "social_report+recipient": [_social_report(casefile).pk, "committee"],
        "note": [casefile.notes.first().pk],
        "note_share": [note_share(casefile).pk],
        "rights_request": [_rights_request(casefile).pk],
        "released_request": [_released_request(casefile).pk],
        "archived_file": [_archived(casefile).pk],
        "household_import": [_household_import(casefile).pk],
        # Not in an office: the catalogue. Own and other office are the same item.
        "item": [Item.objects.order_by("pk").first().pk],
        "pending_item": [pending_item(casefile.referent).pk],
        # A paper grid is typed for an office: own office, or another one.
        "paper_grid": ["population", casefile.office.code, timezone.localdate().year - 1],
        "typed_paper_grid": _typed_paper_grid(casefile.office),
        # Organisation-wide: a pending request by another administrator, about a newcomer.
        "role_change": [_role_change(casefile).pk],
        "api_token": [_api_token(casefile).pk],
        "prepared_file": [_prepared_file(casefile).pk],
        "merge": [_merge(casefile).pk],
        **week_objects(casefile),
        **committee_objects(casefile),
    }


def _merge(casefile):
    """A merge made in the file's office (its journal empty: the undo changes nothing)."""
    person = casefile.household.members.get(relationship="reference").person
    return Merge.objects.create(
        kind=MergeKind.PERSON,
        office=casefile.office,
        kept_id=person.pk,
        absorbed_id=person.pk,
        merged_by=casefile.referent,
    )


def _budget_line(casefile) -> BudgetLine:
    sheet, _ = BudgetSheet.objects.get_or_create(
        casefile=casefile,
        defaults={"dated_on": timezone.localdate(), "created_by": casefile.referent},
    )
    line = sheet.lines.first()
    return line or BudgetLine.objects.create(
        sheet=sheet, direction="charge", category="rent", monthly_amount=500
    )


def _social_report(casefile) -> SocialReport:
    aid = casefile.aid_requests.first()
    report, _ = SocialReport.objects.get_or_create(
        aid_request=aid, defaults={"assessment": "Avis.", "written_by": casefile.referent}
    )
    return report


def _typed_paper_grid(office) -> list:
    """A grid typed last year for the office, marked paper-based: its URL's arguments."""
    year = timezone.localdate().year - 1
    RecordKeepingChange.objects.get_or_create(
        office=office, since=None, defaults={"mode": RecordKeeping.PAPER}
    )
    paper, created = PaperGrid.objects.get_or_create(grid="population", year=year, office=office)
    if created:
        PaperGridVersion.objects.create(paper_grid=paper, number=1, kind=VersionKind.TYPED)
    return ["population", office.code, year]
