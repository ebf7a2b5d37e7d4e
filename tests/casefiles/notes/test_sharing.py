"""Named sharing of a note (secret partagé): the author names colleagues, a reason and an
end date; they read it until then, and get the 404 of a missing note after."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from lien.accounts.models import OfficeMembership
from lien.accounts.roles import Role
from lien.audit.models import AuditEvent
from lien.casefiles.models import NoteAccess
from lien.casefiles.notes import selectors as note_selectors
from lien.casefiles.notes import services as note_services
from lien.casefiles.notes.access import SHARE_DAYS

from ...factories import member

SECRET = "Mme confie des violences conjugales."


@pytest.fixture
def shared(world):
    author = world.users[Role.SOCIAL_WORKER]
    colleague = member(Role.SOCIAL_WORKER, world.office, first_name="Inès", last_name="Colin")
    note = note_services.write_note(actor=author, casefile_id=world.file.pk, text=SECRET)
    return author, colleague, note


def _share(author, colleague, note, **kwargs):
    return note_services.share_note(
        actor=author,
        note_id=note.pk,
        grantee_ids=[colleague.pk],
        reason=kwargs.pop("reason", "Relais pendant mon congé."),
        **kwargs,
    )


def test_a_colleague_reads_a_shared_note_until_its_end_date_then_gets_404(shared):
    author, colleague, note = shared
    with pytest.raises(Http404):
        note_selectors.note_for(actor=colleague, pk=note.pk)  # private before the share
    until = timezone.localdate() + timedelta(days=30)
    _share(author, colleague, note, expires_on=until)
    assert note_selectors.note_for(actor=colleague, pk=note.pk).text == SECRET
    with time_machine.travel(timezone.now() + timedelta(days=30), tick=False):
        assert note_selectors.note_for(actor=colleague, pk=note.pk).text == SECRET  # last day
    with (
        time_machine.travel(timezone.now() + timedelta(days=31), tick=False),
        pytest.raises(Http404),
    ):
        note_selectors.note_for(actor=colleague, pk=note.pk)


def test_a_share_lasts_three_months_by_default(shared):
    author, colleague, note = shared
    [share] = _share(author, colleague, note)
    assert share.expires_on == timezone.localdate() + timedelta(days=SHARE_DAYS)


def test_the_author_revokes_a_share(shared):
    author, colleague, note = shared
    [share] = _share(author, colleague, note)
    with pytest.raises(Http404):  # only the author revokes
        note_services.revoke_note_share(actor=colleague, access_id=share.pk)
    note_services.revoke_note_share(actor=author, access_id=share.pk)
    with pytest.raises(Http404):
        note_selectors.note_for(actor=colleague, pk=note.pk)
    assert NoteAccess.objects.get(pk=share.pk).revoked_at is not None  # kept, dated


def test_sharing_and_revoking_are_audited_with_the_reason(shared):
    author, colleague, note = shared
    [share] = _share(author, colleague, note, reason="Suivi conjoint avec Inès.")
    note_services.revoke_note_share(actor=author, access_id=share.pk)
    events = AuditEvent.objects.filter(object_kind="noteaccess", object_id=str(share.pk))
    assert sorted(events.values_list("action", flat=True)) == ["create", "delete"]
    assert "Suivi conjoint avec Inès." in events.get(action="create").reason


@pytest.mark.parametrize(
    "change, field",
    [
        ({"reason": "  "}, "reason"),
        ({"expires_on": "yesterday"}, "expires_on"),
        ({"expires_on": "too_far"}, "expires_on"),
    ],
)
def test_a_share_needs_a_reason_and_a_sensible_end_date(shared, change, field):
    author, colleague, note = shared
    today = timezone.localdate()
    dates = {"yesterday": today - timedelta(days=1), "too_far": today + timedelta(days=200)}
    if "expires_on" in change:
        change = {"expires_on": dates[change["expires_on"]]}
    with pytest.raises(ValidationError) as error:
        _share(author, colleague, note, **change)
    assert error.value.code == field
    assert not NoteAccess.objects.exists()


@pytest.mark.parametrize("who", ["manager", "secretary", "other_office", "self"])
def test_a_note_is_shared_only_with_social_workers_of_the_office(world, shared, who):
    author, _, note = shared
    grantee = {
        "manager": world.users[Role.MANAGER],
        "secretary": world.users[Role.SECRETARY],
        "other_office": world.other_worker,
        "self": author,
    }[who]
    with pytest.raises(ValidationError):
        _share(author, grantee, note)
    assert not NoteAccess.objects.exists()


def test_only_the_author_shares_his_note(shared):
    _author, colleague, note = shared
    third = member(Role.SOCIAL_WORKER, note.casefile.office)
    with pytest.raises(Http404):
        _share(colleague, third, note)


def test_the_manager_never_reads_a_note_even_for_the_team_or_shared(world, shared, client):
    author, colleague, note = shared
    manager = world.users[Role.MANAGER]
    team = note_services.write_note(
        actor=author, casefile_id=world.file.pk, text="Note d'équipe.", visibility="team"
    )
    _share(author, colleague, note)
    for pk in (note.pk, team.pk):
        with pytest.raises(Http404):
            note_selectors.note_for(actor=manager, pk=pk)
    client.force_login(manager)
    page = client.get(f"/files/{world.file.pk}/").content.decode()
    assert SECRET not in page and "Note d'équipe." not in page
    assert client.get(f"/notes/{note.pk}/share/").status_code == 404


def test_a_social_worker_who_is_also_manager_elsewhere_is_no_exception(world, shared):
    # Holding the manager role adds nothing: in the other office he reads no note.
    _author, colleague, _note = shared
    OfficeMembership.objects.create(user=colleague, office=world.other_office, role=Role.MANAGER)
    other = world.other_file.notes.first()
    with pytest.raises(Http404):
        note_selectors.note_for(actor=colleague, pk=other.pk)


def test_the_file_page_shows_the_author_who_reads_and_the_colleague_why(world, shared, client):
    author, colleague, note = shared
    _share(author, colleague, note, reason="Relais pendant mon congé.")
    client.force_login(author)
    page = client.get(f"/files/{world.file.pk}/").content.decode()
    assert "Inès Colin" in page and "Relais pendant mon congé." in page
    client.force_login(colleague)
    page = client.get(f"/files/{world.file.pk}/").content.decode()
    assert SECRET in page and "Relais pendant mon congé." in page


def test_sharing_from_the_page(world, shared, client):
    author, colleague, note = shared
    client.force_login(author)
    url = f"/notes/{note.pk}/share/"
    assert "Inès Colin" in client.get(url).content.decode()
    until = (timezone.localdate() + timedelta(days=10)).isoformat()
    bad = client.post(url, {"grantees": [colleague.pk], "reason": "", "expires_on": until})
    assert bad.status_code == 422 and not NoteAccess.objects.exists()
    response = client.post(
        url, {"grantees": [colleague.pk], "reason": "Relais.", "expires_on": until}
    )
    assert response.status_code == 302
    share = NoteAccess.objects.get()
    assert share.grantee == colleague and share.expires_on.isoformat() == until
    assert client.post(f"/notes/shares/{share.pk}/revoke/").status_code == 302
    assert NoteAccess.objects.get().revoked_at is not None
