"""The notes of an access export are released by their authors, never read by the DPO:
the author (or the successor named at hand-over) releases each note, blacking out third
parties' passages, or withholds it on a legal ground; the export waits until every note
is decided and holds only what was released. Every decision is audited."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from lien.accounts.models import OfficeMembership
from lien.accounts.policy import forget
from lien.accounts.roles import Role
from lien.audit.models import AuditEvent
from lien.casefiles.notes import services as note_services
from lien.casefiles.notes.release import ReleaserKind
from lien.privacy import selectors, services
from lien.privacy.export import THIRD_PARTY
from lien.privacy.models import NoteRelease
from lien.privacy.releases import selectors as release_selectors
from lien.privacy.releases import services as release_services

from ..factories import member

pytestmark = pytest.mark.django_db

SECRET = "Madame craint son ex-conjoint, Kevin Lambert, qui la menace."
OTHER = "Le fils aîné consulte un psychiatre pour ses crises."


@pytest.fixture
def case(world):
    """The world's file holds the factory's note and two private notes of its social
    worker; the reference person asks for access."""
    author = world.users[Role.SOCIAL_WORKER]
    secret = note_services.write_note(actor=author, casefile_id=world.file.pk, text=SECRET)
    other = note_services.write_note(actor=author, casefile_id=world.file.pk, text=OTHER)
    rights = services.open_rights_request(
        actor=world.users[Role.DPO],
        casefile_id=world.file.pk,
        person_name=world.file.reference_person.birth_name,
        kind="access",
    )
    return author, secret, other, rights


def _export(world, rights):
    return selectors.access_export_for(actor=world.users[Role.DPO], request_id=rights.pk)[1]


def _notes_section(export):
    return next(s for s in export["sections"] if s["model"] == "casefiles.Note")["records"]


def _note_text_queries(queries) -> list[str]:
    """The queries that read the notes' text column."""
    return [q["sql"] for q in queries if '"casefiles_note"."text"' in q["sql"]]


def test_the_dpo_sees_how_many_notes_by_author_and_who_releases_them_never_a_word(world, case):
    author, _, _, rights = case
    with CaptureQueriesContext(connection) as queries:
        overview = release_selectors.release_overview_for(
            actor=world.users[Role.DPO], request_id=rights.pk
        )
    assert _note_text_queries(queries.captured_queries) == []
    assert overview.total == overview.waiting == 3 and not overview.complete
    [line] = overview.lines
    assert line.author == str(author) and line.total == 3
    [who] = line.waiting_for
    assert who.kind == ReleaserKind.AUTHOR and who.names == (str(author),)
    assert SECRET not in repr(overview) and OTHER not in repr(overview)


def test_the_export_waits_for_every_note(world, case):
    author, _, other, rights = case
    with pytest.raises(selectors.NotesNotReleased) as waiting:
        _export(world, rights)
    assert waiting.value.waiting == 3
    for note in world.file.notes.exclude(pk=other.pk):
        release_services.release_note(actor=author, request_id=rights.pk, note_id=note.pk)
    with pytest.raises(selectors.NotesNotReleased) as waiting:
        _export(world, rights)
    assert waiting.value.waiting == 1
    # No export event while it waits.
    assert not AuditEvent.objects.filter(action="export").exists()
    release_services.release_note(actor=author, request_id=rights.pk, note_id=other.pk)
    texts = [n["text"] for n in _notes_section(_export(world, rights))]
    assert SECRET in texts and OTHER in texts


def test_the_author_blacks_out_passages_and_withholds_a_note(world, case):
    author, secret, other, rights = case
    factory_note = world.file.notes.exclude(pk__in=[secret.pk, other.pk]).get()
    release_services.release_note(actor=author, request_id=rights.pk, note_id=factory_note.pk)
    release = release_services.release_note(
        actor=author,
        request_id=rights.pk,
        note_id=secret.pk,
        masked_passages=["Kevin Lambert", "", "  Kevin Lambert  "],
    )
    assert release.masked_passages == 1
    release_services.withhold_note(
        actor=author, request_id=rights.pk, note_id=other.pk, ground="another_person"
    )
    export = _export(world, rights)
    texts = [n["text"] for n in _notes_section(export)]
    assert f"Madame craint son ex-conjoint, {THIRD_PARTY}, qui la menace." in texts
    assert "Non communiquée : elle concerne un autre membre du ménage, pas la personne." in texts
    dumped = repr(export)
    assert "Kevin Lambert" not in dumped and "psychiatre" not in dumped
    # The released copy is sealed like the note itself.
    with connection.cursor() as cursor:
        cursor.execute("SELECT released_text FROM privacy_noterelease WHERE id = %s", [release.pk])
        assert cursor.fetchone()[0].startswith("lien1:")


def test_a_passage_not_in_the_note_is_refused_and_nothing_is_written(world, case):
    author, secret, _, rights = case
    with pytest.raises(ValidationError) as error:
        release_services.release_note(
            actor=author,
            request_id=rights.pk,
            note_id=secret.pk,
            masked_passages=["Kevin Lambert", "Jean Dupont"],
        )
    assert set(error.value.message_dict) == {"masked_passages"}
    with pytest.raises(ValidationError) as error:
        release_services.withhold_note(
            actor=author, request_id=rights.pk, note_id=secret.pk, ground="dislike"
        )
    assert set(error.value.message_dict) == {"ground"}
    assert not NoteRelease.objects.exists()
    assert not AuditEvent.objects.filter(object_kind="noterelease").exists()


def test_nobody_but_the_author_releases_a_note(world, case):
    _, secret, _, rights = case
    colleague = member(Role.SOCIAL_WORKER, world.office)
    for actor in [colleague, world.other_worker, world.nobody] + [
        world.users[r] for r in Role.values if r != Role.SOCIAL_WORKER
    ]:
        with pytest.raises(Http404):
            release_services.release_note(actor=actor, request_id=rights.pk, note_id=secret.pk)
        with pytest.raises(Http404):
            release_selectors.release_work_for(actor=actor, request_id=rights.pk)
        assert release_selectors.requests_waiting_for(actor=actor) == []
    assert not NoteRelease.objects.exists()


def _leave(user):
    OfficeMembership.objects.filter(user=user).update(is_active=False)
    forget(user)


def test_a_departed_authors_notes_are_released_by_the_successor(world, case):
    author, secret, _, rights = case
    heir = member(Role.SOCIAL_WORKER, world.office, first_name="Marc", last_name="Petit")
    _leave(author)
    overview = release_selectors.release_overview_for(
        actor=world.users[Role.DPO], request_id=rights.pk
    )
    [who] = overview.lines[0].waiting_for
    assert who.kind == ReleaserKind.NOBODY and overview.needs_successor == [world.office.name]
    with pytest.raises(Http404):  # the author has left: he releases nothing more
        release_services.release_note(actor=author, request_id=rights.pk, note_id=secret.pk)
    with pytest.raises(Http404):  # nor does a colleague before the hand-over
        release_services.release_note(actor=heir, request_id=rights.pk, note_id=secret.pk)

    note_services.hand_over_notes(
        actor=world.users[Role.MANAGER],
        office_id=world.office.pk,
        author_id=author.pk,
        heir_id=heir.pk,
        reason="Reprise du secteur.",
    )
    overview = release_selectors.release_overview_for(
        actor=world.users[Role.DPO], request_id=rights.pk
    )
    [who] = overview.lines[0].waiting_for
    assert who.kind == ReleaserKind.SUCCESSOR and who.names == ("Marc Petit",)
    assert overview.lines[0].author == str(author)  # still counted under its author
    [waiting] = release_selectors.requests_waiting_for(actor=heir)
    assert waiting.rights == rights and waiting.waiting == 3
    work = release_selectors.release_work_for(actor=heir, request_id=rights.pk)
    assert {item.note.text for item in work.notes} >= {SECRET, OTHER}
    for item in work.notes:
        release_services.release_note(actor=heir, request_id=rights.pk, note_id=item.note.pk)
    assert release_selectors.requests_waiting_for(actor=heir) == []
    assert {r.decided_by for r in NoteRelease.objects.all()} == {heir}
    assert SECRET in [n["text"] for n in _notes_section(_export(world, rights))]


def test_a_team_note_whose_author_left_is_released_by_a_colleague(world):
    author = world.users[Role.SOCIAL_WORKER]
    colleague = member(Role.SOCIAL_WORKER, world.office)
    world.file.notes.all().delete()
    team = note_services.write_note(
        actor=author, casefile_id=world.file.pk, text="Synthèse d'équipe.", visibility="team"
    )
    rights = services.open_rights_request(
        actor=world.users[Role.DPO],
        casefile_id=world.file.pk,
        person_name=world.file.reference_person.birth_name,
        kind="access",
    )
    _leave(author)
    overview = release_selectors.release_overview_for(
        actor=world.users[Role.DPO], request_id=rights.pk
    )
    assert overview.lines[0].waiting_for[0].kind == ReleaserKind.TEAM
    release_services.release_note(actor=colleague, request_id=rights.pk, note_id=team.pk)
    assert release_selectors.release_overview_for(
        actor=world.users[Role.DPO], request_id=rights.pk
    ).complete


def test_a_note_edited_after_its_release_waits_again(world, case):
    author, secret, _, rights = case
    from ..factories import release_every_note

    release_every_note(rights)
    _export(world, rights)
    note_services.edit_note(actor=author, note_id=secret.pk, text=SECRET + " Ajout.")
    with pytest.raises(selectors.NotesNotReleased) as waiting:
        _export(world, rights)
    assert waiting.value.waiting == 1
    work = release_selectors.release_work_for(actor=author, request_id=rights.pk)
    assert [i.note.pk for i in work.notes if i.outdated] == [secret.pk]


def test_every_decision_and_every_reading_is_audited_without_the_text(world, case):
    author, secret, other, rights = case
    release_selectors.release_work_for(actor=author, request_id=rights.pk)
    release_services.release_note(
        actor=author, request_id=rights.pk, note_id=secret.pk, masked_passages=["Kevin Lambert"]
    )
    release_services.withhold_note(
        actor=author, request_id=rights.pk, note_id=secret.pk, ground="third_parties"
    )
    release_services.withhold_note(
        actor=author, request_id=rights.pk, note_id=other.pk, ground="another_person"
    )
    events = list(AuditEvent.objects.filter(object_kind="noterelease").order_by("pk"))
    assert [(e.action, e.actor) for e in events] == [
        ("create", author),
        ("update", author),
        ("create", author),
    ]
    assert all(e.household_id == world.file.household_id for e in events)
    assert events[0].reason.endswith("passages masqués : 1")  # which passages: never said
    read = AuditEvent.objects.get(action="view", object_kind="rightsrequest", actor=author)
    assert str(rights.pk) in read.reason
    for event in AuditEvent.objects.all():
        assert "Kevin" not in event.reason and "psychiatre" not in event.reason


def test_decisions_end_with_the_request(world, case):
    author, secret, _, rights = case
    services.close_rights_request(
        actor=world.users[Role.DPO], request_id=rights.pk, status="refused", outcome="Retirée."
    )
    with pytest.raises(Http404):
        release_services.release_note(actor=author, request_id=rights.pk, note_id=secret.pk)
    assert release_selectors.requests_waiting_for(actor=author) == []


def test_the_author_releases_under_a_limitation_of_processing(world, case):
    author, secret, _, rights = case
    limitation = services.open_rights_request(
        actor=world.users[Role.DPO],
        casefile_id=world.file.pk,
        person_name=world.file.reference_person.birth_name,
        kind="limitation",
    )
    services.apply_limitation(
        actor=world.users[Role.DPO], request_id=limitation.pk, reason="Adresse contestée."
    )
    release_services.release_note(actor=author, request_id=rights.pk, note_id=secret.pk)
    assert NoteRelease.objects.filter(note=secret).exists()


def test_the_home_pages_list_costs_the_same_queries_for_one_request_or_many(world, case):
    author = case[0]

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            waiting = release_selectors.requests_waiting_for(actor=author)
        return len(captured.captured_queries), len(waiting)

    one = queries()
    for _ in range(2):
        services.open_rights_request(
            actor=world.users[Role.DPO],
            casefile_id=world.file.pk,
            person_name=world.file.reference_person.birth_name,
            kind="access",
        )
    three = queries()
    assert (one[1], three[1]) == (1, 3)
    assert one[0] == three[0]
