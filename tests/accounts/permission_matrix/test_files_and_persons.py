"""The permission matrix of the case files themselves: files, households and persons,
identity papers, the manager's imports, and the emergency access to a file of another
office."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from lien.accounts.roles import Role
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
from lien.casefiles.models import CaseFile, Document, FileStatus

from ...factories import OfficeFactory
from .matrix import MGR, NONE, SEC, SW, check, found_in

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


FILE_RULES = {
    "casefiles.files.selectors.files_visible_to": (
        lambda a, t: found_in(t.file, file_selectors.files_visible_to(actor=a)),
        {SW, SEC, MGR},
        NONE,
    ),
    "casefiles.files.selectors.caseload_for": (
        lambda a, t: found_in(t.file, file_selectors.caseload_for(actor=a)),
        {SW},
        NONE,
    ),
    "casefiles.households.selectors.similar_persons": (
        lambda a, t: found_in(
            t.person,
            [
                m.person
                for m in household_selectors.similar_persons(actor=a, query=t.person.search_key)
            ],
        ),
        {SW, SEC, MGR},
        NONE,
    ),
    # Identity papers: reception and social workers, not the manager.
    "casefiles.documents.selectors.documents_of": (
        lambda a, t: found_in(
            _document(t), document_selectors.documents_of(actor=a, casefile=t.file)
        ),
        {SW, SEC},
        NONE,
    ),
    "casefiles.documents.selectors.document_for": (
        lambda a, t: document_selectors.document_for(actor=a, pk=_document(t).pk) is not None,
        {SW, SEC},
        NONE,
    ),
    "casefiles.files.selectors.office_files_for": (
        lambda a, t: found_in(
            t.file, file_selectors.office_files_for(actor=a, office_id=t.office.pk)
        ),
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
    "casefiles.households.selectors.find_persons": (
        lambda a, t: found_in(
            t.person,
            [
                m.person
                for m in household_selectors.find_persons(
                    actor=a, query=t.person.birth_name
                ).matches
            ],
        ),
        {SW, SEC, MGR},
        NONE,
    ),
    "casefiles.households.selectors.search_persons": (
        lambda a, t: found_in(
            t.person,
            [
                m.person
                for m in household_selectors.search_persons(actor=a, query=t.person.birth_name)
            ],
        ),
        {SW, SEC, MGR},
        NONE,
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
}


@pytest.mark.django_db
@pytest.mark.parametrize("scope", ["own", "other"])
@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("name", sorted(FILE_RULES))
def test_matrix(world, name, role, scope):
    check(world, FILE_RULES, name, role, scope)
