"""LIEN_AUDIT_READS: on everywhere but in the load test's settings, where switching it off
measures what logging reads costs. Off, reads go unlogged; changes are logged all the same."""

import pytest
from django.test import override_settings

from lien.accounts.roles import Role
from lien.audit.models import Action, AuditEvent
from lien.casefiles.files import selectors as file_selectors
from lien.casefiles.households import selectors as household_selectors
from lien.casefiles.notes import services as note_services

pytestmark = pytest.mark.django_db


def test_reads_are_logged_by_default(world):
    before = AuditEvent.objects.count()
    file_selectors.casefile_for(actor=world.users[Role.SOCIAL_WORKER], pk=world.file.pk)
    assert AuditEvent.objects.count() == before + 1


@override_settings(LIEN_AUDIT_READS=False)
def test_switched_off_reads_are_not_logged_but_changes_are(world):
    worker = world.users[Role.SOCIAL_WORKER]
    before = AuditEvent.objects.count()
    file_selectors.casefile_for(actor=worker, pk=world.file.pk)
    household_selectors.search_persons(actor=worker, query="a")
    assert AuditEvent.objects.count() == before
    note_services.write_note(
        actor=worker, casefile_id=world.file.pk, text="Point.", visibility="team"
    )
    assert AuditEvent.objects.filter(action=Action.CREATE).count() >= 1
    assert AuditEvent.objects.count() == before + 1
