"""When a social worker leaves the office, his private notes close to everyone until the
office manager names a successor; the manager never reads them."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from lien.accounts.models import OfficeMembership
from lien.accounts.policy import forget
from lien.accounts.roles import Role
from lien.audit.models import AuditEvent
from lien.casefiles.models import NoteAccess
from lien.casefiles.notes import selectors as note_selectors
from lien.casefiles.notes import services as note_services

from ...factories import full_file, member

SECRET = "Madame envisage de quitter le domicile conjugal."


@pytest.fixture
def departed(world):
    """The world's social worker wrote a private note and a team note, shared the private
    one, then left; a colleague stays."""
    author = world.users[Role.SOCIAL_WORKER]
    colleague = member(Role.SOCIAL_WORKER, world.office, first_name="Léa", last_name="Roux")
    heir = member(Role.SOCIAL_WORKER, world.office, first_name="Marc", last_name="Petit")
    note = note_services.write_note(actor=author, casefile_id=world.file.pk, text=SECRET)
    team = note_services.write_note(
        actor=author, casefile_id=world.file.pk, text="Pour l'équipe.", visibility="team"
    )
    note_services.share_note(
        actor=author, note_id=note.pk, grantee_ids=[colleague.pk], reason="Relais."
    )
    return author, colleague, heir, note, team


def _leave(author, how):
    if how == "deactivated":
        author.is_active = False
        author.save()
    else:
        OfficeMembership.objects.filter(user=author).update(is_active=False)
    forget(author)  # as on his next request: his roles are read again


def _hand_over(world, author, heir, **kwargs):
    return note_services.hand_over_notes(
        actor=world.users[Role.MANAGER],
        office_id=world.office.pk,
        author_id=author.pk,
        heir_id=heir.pk,
        reason=kwargs.pop("reason", "Reprise du secteur de Mme Martin."),
        **kwargs,
    )


@pytest.mark.parametrize("how", ["deactivated", "role_removed"])
def test_a_departed_authors_private_notes_close_to_everyone(world, departed, how):
    author, colleague, heir, note, team = departed
    assert note_selectors.note_for(actor=colleague, pk=note.pk)  # shared, before the departure
    _leave(author, how)
    for reader in (colleague, heir, world.users[Role.MANAGER], author):
        with pytest.raises(Http404):
            note_selectors.note_for(actor=reader, pk=note.pk)
    assert note_selectors.note_for(actor=heir, pk=team.pk)  # written for the team: stays so


def test_the_manager_names_a_successor_who_then_reads_them(world, departed):
    author, colleague, heir, note, _ = departed
    _leave(author, "deactivated")
    assert _hand_over(world, author, heir, casefile_id=world.file.pk) == 2  # + the world's
    assert note_selectors.note_for(actor=heir, pk=note.pk).text == SECRET
    with pytest.raises(Http404):
        note_selectors.note_for(actor=colleague, pk=note.pk)
    with pytest.raises(Http404):
        note_selectors.note_for(actor=world.users[Role.MANAGER], pk=note.pk)
    event = AuditEvent.objects.get(object_kind="note_inheritance", action="create")
    assert "Reprise du secteur" in event.reason and "Marc Petit" in event.reason
    assert event.household_id == world.file.household_id
    with pytest.raises(Http404):  # already his: nothing left to hand over
        _hand_over(world, author, heir, casefile_id=world.file.pk)


def test_handing_over_all_files_at_once(world, departed):
    author, _, heir, _note, _ = departed
    second = full_file(world.office, author)
    _leave(author, "role_removed")
    groups = note_selectors.departed_notes_for(
        actor=world.users[Role.MANAGER], office_id=world.office.pk
    )
    assert [len(g.files) for g in groups] == [2] and groups[0].waiting == 2
    _hand_over(world, author, heir)
    assert note_selectors.note_for(actor=heir, pk=second.notes.first().pk)
    assert AuditEvent.objects.filter(object_kind="note_inheritance", action="create").count() == 2
    [group] = note_selectors.departed_notes_for(
        actor=world.users[Role.MANAGER], office_id=world.office.pk
    )
    assert group.waiting == 0 and group.files[0].heirs == ["Marc Petit"]


def test_no_hand_over_while_the_author_is_there(world, departed):
    author, _, heir, _, _ = departed
    with pytest.raises(Http404):
        _hand_over(world, author, heir)


@pytest.mark.parametrize("bad", ["no_reason", "manager_heir", "other_office_heir"])
def test_a_hand_over_needs_a_reason_and_a_social_worker_of_the_office(world, departed, bad):
    author, _, heir, _, _ = departed
    _leave(author, "deactivated")
    kwargs = {"reason": " "} if bad == "no_reason" else {}
    heir = {"manager_heir": world.users[Role.MANAGER], "other_office_heir": world.other_worker}.get(
        bad, heir
    )
    with pytest.raises(ValidationError):
        _hand_over(world, author, heir, **kwargs)
    assert not NoteAccess.objects.filter(kind="inheritance").exists()


def test_only_the_offices_manager_hands_over(world, departed):
    author, colleague, heir, _, _ = departed
    _leave(author, "deactivated")
    for actor in (colleague, world.users[Role.DPO], world.other_worker):
        with pytest.raises(Http404):
            note_services.hand_over_notes(
                actor=actor,
                office_id=world.office.pk,
                author_id=author.pk,
                heir_id=heir.pk,
                reason="x",
            )


def test_the_managers_page_shows_metadata_only(world, departed, client):
    author, _, heir, note, _ = departed
    _leave(author, "deactivated")
    client.force_login(world.users[Role.MANAGER])
    page = client.get(f"/offices/departed-notes/?office={world.office.pk}").content.decode()
    assert str(author) in page and f"/files/{world.file.pk}/" in page
    assert SECRET not in page
    prefix = f"a{author.pk}-f{world.file.pk}"
    bad = client.post(
        "/offices/departed-notes/hand-over/",
        {
            "office": world.office.pk,
            "prefix": prefix,
            f"{prefix}-author": author.pk,
            f"{prefix}-casefile": world.file.pk,
            f"{prefix}-heir": heir.pk,
            f"{prefix}-reason": "",
        },
    )
    assert bad.status_code == 422 and SECRET not in bad.content.decode()
    response = client.post(
        "/offices/departed-notes/hand-over/",
        {
            "office": world.office.pk,
            "prefix": prefix,
            f"{prefix}-author": author.pk,
            f"{prefix}-casefile": world.file.pk,
            f"{prefix}-heir": heir.pk,
            f"{prefix}-reason": "Reprise du secteur.",
        },
    )
    assert response.status_code == 302
    assert note_selectors.note_for(actor=heir, pk=note.pk)
    page = client.get(response["Location"]).content.decode()
    assert "Marc Petit" in page and SECRET not in page


def test_when_the_successor_leaves_in_turn_the_file_waits_again(world, departed):
    author, _, heir, _, _ = departed
    _leave(author, "deactivated")
    _hand_over(world, author, heir, casefile_id=world.file.pk)
    _leave(heir, "deactivated")
    [group] = note_selectors.departed_notes_for(
        actor=world.users[Role.MANAGER], office_id=world.office.pk
    )
    assert group.waiting == 1 and group.files[0].heirs == []
