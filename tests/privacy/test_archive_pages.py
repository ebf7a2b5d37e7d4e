"""The intermediate archive's pages: the list and its search, opening a file with a
reason (every display logged with it), and the legal hold; the manager of the file's
office and the DPO only."""

from datetime import date

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from lien.accounts.roles import Role
from lien.audit.models import Action, AuditEvent
from lien.casefiles.models import AidRequest, AidStatus, CaseFile, FileStatus
from lien.privacy.archive import selectors
from lien.privacy.archive.listing import anonymisation_due

pytestmark = pytest.mark.django_db

CLOSED_ON = date(2024, 3, 15)


def _archive(casefile: CaseFile, *, decided: bool = True) -> CaseFile:
    """As the retention engine leaves a closed file with an aid decision."""
    CaseFile.objects.filter(pk=casefile.pk).update(
        status=FileStatus.CLOSED,
        closed_on=CLOSED_ON,
        close_reason="goals_met",
        last_contact_on=CLOSED_ON,
        archived_on=date(2026, 3, 16),
    )
    if decided:
        AidRequest.objects.filter(casefile=casefile).update(
            status=AidStatus.GRANTED, decided_on=CLOSED_ON, amount_granted=100
        )
    casefile.refresh_from_db()
    return casefile


def _name(casefile) -> str:
    return casefile.household.members.get(relationship="reference").person.birth_name


@pytest.fixture
def archived(world):
    return _archive(world.file), _archive(world.other_file)


def test_the_planned_anonymisation_follows_the_retention_rules():
    # Aid decision: 2 years active + 5 years archive; otherwise at the end of 2 years.
    assert anonymisation_due(CLOSED_ON, True) == date(2031, 3, 15)
    assert anonymisation_due(CLOSED_ON, False) == date(2026, 3, 15)


def test_the_manager_lists_their_office_s_archive_and_the_dpo_all(world, archived):
    own, other = archived
    manager, dpo = world.users[Role.MANAGER], world.users[Role.DPO]
    rows = selectors.archived_files_for(actor=manager)
    assert [r.pk for r in rows] == [own.pk]
    row = rows[0]
    assert row.household_name == _name(own).upper()
    assert row.office_name == world.office.name
    assert row.archived_on == date(2026, 3, 16)
    assert row.anonymisation_due == date(2031, 3, 15)
    assert not row.legal_hold
    assert {r.pk for r in selectors.archived_files_for(actor=dpo)} == {own.pk, other.pk}
    event = AuditEvent.objects.filter(actor=dpo).latest("pk")
    assert (event.action, event.object_kind, event.result_count) == (Action.LIST, "archive", 2)


def test_the_search_finds_by_name_or_number_and_logs_only_the_count(world, archived):
    own, other = archived
    dpo = world.users[Role.DPO]
    name = _name(other)
    found = selectors.archived_files_for(actor=dpo, query=name.lower()[:4])
    assert other.pk in {r.pk for r in found}
    assert [r.pk for r in selectors.archived_files_for(actor=dpo, query=str(own.pk))] == [own.pk]
    assert selectors.archived_files_for(actor=dpo, query="zzzzqqq") == []
    searches = AuditEvent.objects.filter(actor=dpo, action=Action.SEARCH, object_kind="archive")
    assert searches.count() == 3
    assert all(name not in e.reason and name not in e.object_id for e in searches)


def test_active_files_are_not_in_the_archive(world):
    assert selectors.archived_files_for(actor=world.users[Role.DPO]) == []


@pytest.mark.parametrize(
    "role", [Role.SOCIAL_WORKER, Role.SECRETARY, Role.STATISTICIAN, Role.ADMIN]
)
def test_other_roles_get_404(client, world, archived, role):
    own, _ = archived
    with pytest.raises(Http404):
        selectors.archived_files_for(actor=world.users[role])
    client.force_login(world.users[role])
    assert client.get(reverse("archive_files")).status_code == 404
    assert client.get(reverse("archive_open", args=[own.pk])).status_code == 404
    response = client.post(reverse("archive_open", args=[own.pk]), {"reason": "Curiosité"})
    assert response.status_code == 404
    response = client.post(reverse("archive_legal_hold", args=[own.pk]), {"reason": "Test"})
    assert response.status_code == 404
    assert not CaseFile.objects.get(pk=own.pk).legal_hold


def test_opening_asks_a_reason_and_logs_every_display(client, world, archived):
    own, _ = archived
    manager = world.users[Role.MANAGER]
    client.force_login(manager)
    url = reverse("archive_open", args=[own.pk])
    form = client.get(url)
    assert form.status_code == 200 and _name(own).upper() not in form.content.decode()
    assert client.post(url, {"reason": ""}).status_code == 422
    views = AuditEvent.objects.filter(actor=manager, action=Action.VIEW, object_id=str(own.pk))
    assert not views.exists()
    for _ in range(2):
        page = client.post(url, {"reason": "Contrôle de la CAF sur l'aide"})
        assert page.status_code == 200
    html = page.content.decode()
    assert _name(own).upper() in html and "archive-banner" in html
    assert own.notes.first().text not in html  # never the notes
    assert list(views.values_list("reason", flat=True)) == ["Contrôle de la CAF sur l'aide"] * 2
    # The manager of another office: 404, like a missing file.
    other_office_file = archived[1]
    response = client.post(
        reverse("archive_open", args=[other_office_file.pk]), {"reason": "Contrôle"}
    )
    assert response.status_code == 404


def test_the_legal_hold_toggles_with_a_reason(client, world, archived):
    _, other = archived
    client.force_login(world.users[Role.DPO])
    url = reverse("archive_legal_hold", args=[other.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": " "}).status_code == 422
    assert not CaseFile.objects.get(pk=other.pk).legal_hold
    response = client.post(url, {"reason": "Contentieux en cours"})
    assert response.status_code == 302 and response["Location"] == reverse("archive_files")
    held = CaseFile.objects.get(pk=other.pk)
    assert held.legal_hold and held.legal_hold_reason == "Contentieux en cours"
    listing = client.get(reverse("archive_files")).content.decode()
    assert "Contentieux en cours" in listing
    client.post(url, {"reason": "Jugement rendu"})
    assert not CaseFile.objects.get(pk=other.pk).legal_hold
    reasons = AuditEvent.objects.filter(action=Action.UPDATE, object_id=str(other.pk)).values_list(
        "reason", flat=True
    )
    assert len(reasons) == 2


def test_an_anonymised_file_leaves_the_archive_pages(client, world, archived):
    own, _ = archived
    CaseFile.objects.filter(pk=own.pk).update(anonymised_on=timezone.localdate())
    assert selectors.archived_files_for(actor=world.users[Role.MANAGER]) == []
    client.force_login(world.users[Role.MANAGER])
    assert client.get(reverse("archive_open", args=[own.pk])).status_code == 404
