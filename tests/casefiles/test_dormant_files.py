"""Dormant files: proposed to the referent, to the manager after the grace period,
closed into the retention path; apply_retention reports those still open."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from lien.accounts.roles import Role
from lien.casefiles.dormant import selectors, services
from lien.casefiles.models import CaseFile, CloseReason, FileStatus


def _quiet_for(casefile, days):
    day = timezone.localdate() - timedelta(days=days)
    CaseFile.objects.filter(pk=casefile.pk).update(last_contact_on=day, opened_on=day)


def test_a_file_without_contact_for_24_months_is_proposed_to_its_referent(world):
    worker, manager = world.users[Role.SOCIAL_WORKER], world.users[Role.MANAGER]
    _quiet_for(world.file, 600)
    assert selectors.dormant_for_referent(actor=worker) == []
    _quiet_for(world.file, 740)
    assert selectors.dormant_for_referent(actor=worker) == [world.file]
    assert selectors.dormant_for_manager(actor=manager) == []
    _quiet_for(world.file, 740 + 61)
    assert selectors.dormant_for_manager(actor=manager) == [world.file]


def test_the_manager_closes_only_after_the_grace_period(world):
    manager = world.users[Role.MANAGER]
    _quiet_for(world.file, 740)
    with pytest.raises(ValidationError, match="sollicité·e d'abord"):
        services.close_dormant_file(actor=manager, casefile_id=world.file.pk)
    _quiet_for(world.file, 740 + 61)
    closed = services.close_dormant_file(actor=manager, casefile_id=world.file.pk)
    assert (closed.status, closed.close_reason) == (FileStatus.CLOSED, CloseReason.NO_CONTACT)


def test_a_file_with_a_recent_contact_is_not_closed_as_dormant(world):
    with pytest.raises(ValidationError, match="pas en sommeil"):
        services.close_dormant_file(
            actor=world.users[Role.SOCIAL_WORKER], casefile_id=world.file.pk
        )
    assert CaseFile.objects.get(pk=world.file.pk).status == FileStatus.OPEN


def test_apply_retention_reports_the_dormant_open_files(world):
    _quiet_for(world.file, 800)
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "1 dossier ouvert est resté sans contact" in out.getvalue()


def test_the_dormant_period_is_a_setting(world, settings):
    settings.LIEN_DORMANT_MONTHS = 6
    _quiet_for(world.file, 200)
    assert selectors.dormant_for_referent(actor=world.users[Role.SOCIAL_WORKER]) == [world.file]


def test_the_home_page_lists_the_ten_longest_without_contact(client, world):
    """A caseload can hold hundreds of dormant files: the home page shows the ten longest
    without contact and says there are more; the eleventh appears once one is closed."""
    from lien.web.views import DORMANT_SHOWN

    from ..factories import CaseFileFactory

    worker = world.users[Role.SOCIAL_WORKER]
    files = [
        CaseFileFactory(office=world.office, referent=worker) for _ in range(DORMANT_SHOWN + 2)
    ]
    for rank, casefile in enumerate(files):
        _quiet_for(casefile, 900 - rank)  # files[0] the longest without contact
    client.force_login(worker)
    text = client.get("/").content.decode()
    assert "De nombreux dossiers sans contact depuis longtemps : les clore ?" in text
    assert "Les 10 dossiers restés le plus longtemps sans contact sont affichés" in text
    shown = {f.pk for f in files if f"/files/{f.pk}/close-dormant/" in text}
    assert shown == {f.pk for f in files[:DORMANT_SHOWN]}
    for casefile in files[:3]:
        services.close_dormant_file(actor=worker, casefile_id=casefile.pk)
    text = client.get("/").content.decode()
    assert "9 dossiers sans contact depuis longtemps : les clore ?" in text
    assert "sont affichés" not in text


def test_the_audit_log_counts_only_the_dormant_files_shown(client, world):
    """The home page reads one file more than it shows, to say there are more: the audit
    log must not say the worker read a file the page never showed."""
    from lien.audit.models import AuditEvent
    from lien.web.views import DORMANT_SHOWN

    from ..factories import CaseFileFactory

    worker = world.users[Role.SOCIAL_WORKER]
    for rank in range(DORMANT_SHOWN + 1):
        _quiet_for(CaseFileFactory(office=world.office, referent=worker), 900 - rank)
    client.force_login(worker)
    client.get("/")
    listed = AuditEvent.objects.filter(actor=worker, object_kind="dormant_files")
    assert list(listed.values_list("result_count", flat=True)) == [DORMANT_SHOWN]
    files = selectors.dormant_for_referent(actor=worker, limit=DORMANT_SHOWN)
    assert (len(files), files.more) == (DORMANT_SHOWN, True)
    files = selectors.dormant_for_referent(actor=worker, limit=DORMANT_SHOWN + 1)
    assert (len(files), files.more) == (DORMANT_SHOWN + 1, False)
