"""The permission matrix of the release of notes for access exports. Only a note's author
releases it (or his successor, see tests/privacy); the DPO sees how far the release has
gone, never a note."""

import pytest

from lien.accounts.roles import Role
from lien.privacy.releases import selectors as release_selectors
from lien.privacy.releases import services as release_services

from .matrix import DPO, NONE, SW, check, rights_request


def _note(t):
    return t.file.notes.filter(author=t.worker).first()


RELEASE_RULES = {
    # The DPO follows the release: counts by author, who must release; no text.
    "privacy.releases.selectors.release_overview_for": (
        lambda a, t: (
            release_selectors.release_overview_for(actor=a, request_id=rights_request(t).pk)
            is not None
        ),
        {DPO},
        {DPO},
    ),
    # The author sees the requests waiting for his notes, reads and releases them.
    "privacy.releases.selectors.requests_waiting_for": (
        lambda a, t: (
            rights_request(t).pk
            in {w.rights.pk for w in release_selectors.requests_waiting_for(actor=a)}
        ),
        {SW},
        NONE,
    ),
    "privacy.releases.selectors.release_work_for": (
        lambda a, t: (
            release_selectors.release_work_for(actor=a, request_id=rights_request(t).pk) is not None
        ),
        {SW},
        NONE,
    ),
    "privacy.releases.services.release_note": (
        lambda a, t: (
            release_services.release_note(
                actor=a, request_id=rights_request(t).pk, note_id=_note(t).pk
            )
            is not None
        ),
        {SW},
        NONE,
    ),
    "privacy.releases.services.withhold_note": (
        lambda a, t: (
            release_services.withhold_note(
                actor=a,
                request_id=rights_request(t).pk,
                note_id=_note(t).pk,
                ground="third_parties",
            )
            is not None
        ),
        {SW},
        NONE,
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("scope", ["own", "other"])
@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("name", sorted(RELEASE_RULES))
def test_matrix(world, name, role, scope):
    check(world, RELEASE_RULES, name, role, scope)
