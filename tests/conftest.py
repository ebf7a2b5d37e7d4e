import os
from dataclasses import dataclass

import pytest

from lien.accounts.roles import Role
from lien.casefiles.models import CaseFile
from lien.offices.models import Office
from lien.privacy.notices import ensure_default_notice

from .factories import OfficeFactory, UserFactory, full_file, member

# Allow Django's ORM inside Playwright's event loop (browser tests run the live server
# in a thread and drive it from the test).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@dataclass
class World:
    """Two offices with one agent of each role in the first, a social worker in the
    second, and a full file in each; the default information notice is in force."""

    office: Office
    other_office: Office
    users: dict[str, object]
    file: CaseFile
    other_file: CaseFile
    other_worker: object
    nobody: object


@pytest.fixture
def world(db) -> World:
    office, other_office = OfficeFactory(), OfficeFactory()
    users = {role: member(role, office) for role in Role.values}
    other_worker = member(Role.SOCIAL_WORKER, other_office)
    ensure_default_notice()
    return World(
        office=office,
        other_office=other_office,
        users=users,
        file=full_file(office, users[Role.SOCIAL_WORKER]),
        other_file=full_file(other_office, other_worker),
        other_worker=other_worker,
        nobody=UserFactory(),
    )


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded documents go to a throwaway folder, never into the working tree."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _the_installation_language():
    """Each test starts in the installation's language: a request of the test before, in
    English, leaves English active in the thread (the locale middleware does not reset
    it), and a lazy message read after `translation.override` would come out in it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _same_fake_names_every_run():
    """Factories draw names from Faker: one seed per test, so that a random name can
    never collide with a test's own (a "Lefèvre" in the world) on one run and not the next."""
    import factory.random

    factory.random.reseed_random("lien-tests")
