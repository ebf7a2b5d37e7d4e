"""The permission matrix of the persons' rights: notices and oppositions, rights requests,
the limitation of processing, erasure, the access export and the retention archive."""

import pytest
from django.utils import timezone

from lien.accounts.roles import Role
from lien.casefiles.models import AidRequest, CaseFile
from lien.privacy import selectors as privacy_selectors
from lien.privacy import services as privacy_services
from lien.privacy.archive import selectors as archive_selectors
from lien.privacy.archive import services as archive_services
from lien.privacy.models import Limitation

from ...factories import release_every_note
from .matrix import DPO, MGR, NONE, SEC, SW, check, found_in, rights_request


def _erasable(t):
    """An erasure request on a closed file holding no aid decision."""
    CaseFile.objects.filter(pk=t.file.pk).update(status="closed")
    AidRequest.objects.filter(casefile=t.file).delete()
    return rights_request(t, "erasure")


def _limitation(t):
    return Limitation.objects.create(
        casefile=t.file,
        rights_request=rights_request(t, "limitation"),
        reason="Exactitude contestée.",
        applied_by=t.worker,
    )


def _released_request(t):
    """An access request whose notes their authors released: the export may go."""
    rights = rights_request(t)
    release_every_note(rights)
    return rights


PRIVACY_RULES = {
    # Person's rights (issue 6): the notices given are part of the file's identity part;
    # recording one is for those who register and correct persons.
    "privacy.selectors.notice_status_for": (
        lambda a, t: (
            privacy_selectors.notice_status_for(actor=a, casefile_id=t.file.pk) is not None
        ),
        {SW, SEC, MGR},
        NONE,
    ),
    # The same panel for the file the file page has read: the same roles, no other.
    "privacy.selectors.notice_status_of": (
        lambda a, t: privacy_selectors.notice_status_of(actor=a, casefile=t.file) is not None,
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
            and found_in(t.file, archive_selectors.archived_files_for(actor=a))
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
                actor=a, request_id=rights_request(t).pk, reason="Demande complexe."
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
                request_id=rights_request(t).pk,
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
                actor=a, request_id=rights_request(t, "limitation").pk, reason="Exactitude."
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
        lambda a, t: found_in(
            rights_request(t), privacy_selectors.open_rights_requests_for(actor=a)
        ),
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
            privacy_selectors.rights_request_for(actor=a, pk=rights_request(t).pk) is not None
        ),
        {DPO},
        {DPO},
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("scope", ["own", "other"])
@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("name", sorted(PRIVACY_RULES))
def test_matrix(world, name, role, scope):
    check(world, PRIVACY_RULES, name, role, scope)
