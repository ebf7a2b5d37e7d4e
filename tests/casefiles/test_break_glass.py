"""Break-glass: a social worker's emergency access to a file of another office, on the
person's exact identity and a reason, for a limited time, audited, shown to the DPO."""

import time
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lien.accounts.decorators import AUTHENTICATED_AT
from lien.accounts.policy import Can
from lien.accounts.roles import Role
from lien.audit.models import Action, AuditEvent
from lien.casefiles.break_glass import services as break_glass_services
from lien.casefiles.break_glass.models import BreakGlassGrant
from lien.casefiles.break_glass.selectors import active_grant_for
from lien.casefiles.files import selectors as file_selectors
from lien.casefiles.files import services as file_services
from lien.casefiles.models import CaseFile, Visit
from lien.casefiles.notes import selectors as note_selectors
from lien.casefiles.notes import services as note_services
from lien.casefiles.scope import files_in_scope, in_scope

from ..factories import OfficeFactory, member

pytestmark = pytest.mark.django_db

REASON = "Personne hospitalisée en urgence, son service ne répond pas."


def _identity(casefile, **changes) -> dict:
    person = casefile.household.members.get(relationship="reference").person
    identity = {
        "birth_name": person.birth_name,
        "first_names": person.first_names,
        "birth_date": person.birth_date,
    }
    return {**identity, **changes}


def _break(actor, casefile, reason=REASON, **changes):
    return break_glass_services.break_glass(
        actor=actor, reason=reason, **_identity(casefile, **changes)
    )


def _login(client, user):
    """Logged in, the password just given (the page asks for it again otherwise)."""
    client.force_login(user)
    session = client.session
    session[AUTHENTICATED_AT] = time.time()
    session.save()


def _events(actor, **filters):
    return AuditEvent.objects.filter(actor=actor, action=Action.BREAK_GLASS, **filters)


def test_an_exact_identity_opens_the_file_of_another_office_for_reading(world):
    worker = world.users[Role.SOCIAL_WORKER]
    with pytest.raises(Http404):
        file_selectors.file_page_for(actor=worker, pk=world.other_file.pk)
    person = world.other_file.household.members.get(relationship="reference").person
    grants = _break(
        worker,
        world.other_file,
        # Typed in capitals, without accents: the normalised key absorbs it.
        birth_name=person.birth_name.upper(),
    )
    assert [g.casefile_id for g in grants] == [world.other_file.pk]
    grant = grants[0]
    assert grant.expires_at - grant.granted_at == timedelta(hours=24)
    page = file_selectors.file_page_for(actor=worker, pk=world.other_file.pk)
    assert page.can_view_social and page.can_view_reception
    assert page.problems and page.interventions and page.visits and page.situation
    # Read only, and never the notes of the other office.
    assert not (page.can_edit_social or page.can_edit_identity or page.can_write_notes)
    assert page.notes == [] and page.note_metadata == []
    with pytest.raises(Http404):
        note_selectors.note_for(actor=worker, pk=world.other_file.notes.first().pk)
    with pytest.raises(Http404):
        file_services.close_casefile(actor=worker, casefile_id=world.other_file.pk, reason="moved")
    with pytest.raises(Http404):
        note_services.write_note(actor=worker, casefile_id=world.other_file.pk, text="Urgence.")
    # Granted: one event with the reason, on the file and its office; reads under the
    # grant are audited as usual.
    granted = _events(worker, object_id=str(world.other_file.pk))
    assert granted.count() == 1
    assert granted.get().reason == REASON
    assert granted.get().office_id == world.other_office.pk
    assert AuditEvent.objects.filter(
        actor=worker, action=Action.VIEW, object_kind="casefile", object_id=world.other_file.pk
    ).exists()
    # Not in their caseload, their office lists or searches of their office.
    assert world.other_file not in file_selectors.caseload_for(actor=worker)


def test_the_access_ends_at_its_expiry(world, settings):
    settings.LIEN_BREAK_GLASS_HOURS = 2
    worker = world.users[Role.SOCIAL_WORKER]
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _break(worker, world.other_file)
        assert file_selectors.casefile_for(actor=worker, pk=world.other_file.pk)
    with time_machine.travel(start + timedelta(hours=1, minutes=59), tick=False):
        assert file_selectors.casefile_for(actor=worker, pk=world.other_file.pk)
    # The same user object, which cached its grants: the expiry is still checked.
    with (
        time_machine.travel(start + timedelta(hours=2, seconds=1), tick=False),
        pytest.raises(Http404),
    ):
        file_selectors.casefile_for(actor=worker, pk=world.other_file.pk)


def test_the_page_opens_the_file_then_answers_404_after_expiry(client, world):
    worker = world.users[Role.SOCIAL_WORKER]
    _login(client, worker)
    url = reverse("casefile_detail", args=[world.other_file.pk])
    assert client.get(url).status_code == 404
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        response = client.post(
            reverse("break_glass"), {**_identity(world.other_file), "reason": REASON}
        )
        assert response.status_code == 302 and response["Location"] == url
        page = client.get(url)
        assert page.status_code == 200
        html = page.content.decode()
        assert "emergency-banner" in html and "Personne hospitalisée en urgence" in html
        assert world.other_file.notes.first().text not in html
    with time_machine.travel(start + timedelta(hours=24, minutes=1), tick=False):
        client.force_login(worker)  # the session itself timed out meanwhile
        assert client.get(url).status_code == 404


def test_no_match_and_refusal_answer_the_same_and_are_audited(client, world, settings):
    worker = world.users[Role.SOCIAL_WORKER]
    _login(client, worker)
    answers = []
    for identity in (
        _identity(
            world.other_file,
            birth_date=world.other_file.household.members.first().person.birth_date
            - timedelta(days=1),
        ),  # wrong date
        _identity(world.other_file, first_names="Quelquun"),  # wrong first name
        _identity(world.file),  # a person of their own office: nothing to open
    ):
        response = client.post(reverse("break_glass"), {**identity, "reason": REASON}, follow=True)
        answers.append((response.status_code, [str(m) for m in response.context["messages"]]))
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][0] == 200 and len(answers[0][1]) == 1
    assert not BreakGlassGrant.objects.exists()
    refused = _events(worker, result_count=0)
    assert refused.count() == 3
    # The reason is kept, never the identity typed.
    person = world.other_file.household.members.get(relationship="reference").person
    assert all(person.birth_name not in e.reason for e in refused)


def test_too_many_refused_attempts_refuse_even_a_match(world, settings):
    settings.LIEN_BREAK_GLASS_MAX_REFUSED_PER_DAY = 2
    worker = world.users[Role.SOCIAL_WORKER]
    for _ in range(2):
        assert _break(worker, world.other_file, first_names="Personne") == []
    assert _break(worker, world.other_file) == []
    assert _events(worker, result_count=0).count() == 3
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1), tick=False):
        assert len(_break(worker, world.other_file)) == 1


def test_the_page_asks_for_the_password_again(client, world):
    client.force_login(world.users[Role.SOCIAL_WORKER])
    session = client.session
    session[AUTHENTICATED_AT] = time.time() - 3600  # the password was given an hour ago
    session.save()
    response = client.get(reverse("break_glass"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("confirm_identity"))


def test_a_reason_is_required_and_nothing_is_written_without_it(client, world):
    worker = world.users[Role.SOCIAL_WORKER]
    with pytest.raises(ValidationError) as refusal:
        _break(worker, world.other_file, reason="urgence")
    assert "reason" in refusal.value.error_dict
    _login(client, worker)
    response = client.post(
        reverse("break_glass"), {**_identity(world.other_file), "reason": "urgence"}
    )
    assert response.status_code == 422
    assert not BreakGlassGrant.objects.exists()
    assert not _events(worker).exists()


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.SOCIAL_WORKER])
def test_only_social_workers_may_break_glass(client, world, role):
    user = world.users[role]
    with pytest.raises(Http404):
        _break(user, world.other_file)
    client.force_login(user)
    assert client.get(reverse("break_glass")).status_code == 404
    assert not BreakGlassGrant.objects.exists()


def test_an_archived_file_is_never_opened_this_way(world):
    world.other_file.archived_on = timezone.localdate()
    world.other_file.save()
    assert _break(world.users[Role.SOCIAL_WORKER], world.other_file) == []


def test_the_normal_path_pays_nothing_for_grants(world):
    """Without a grant, the scope of a secretary costs no query for grants and a social
    worker's one small query per request; with one, the file joins the scope."""
    secretary = world.users[Role.SECRETARY]
    worker = world.users[Role.SOCIAL_WORKER]
    files_in_scope(secretary, Can.VIEW_IDENTITY)  # roles cached, as in a request
    with CaptureQueriesContext(connection) as queries:
        files_in_scope(secretary, Can.VIEW_IDENTITY)
    assert len(queries) == 0
    files_in_scope(worker, Can.VIEW_IDENTITY)
    with CaptureQueriesContext(connection) as queries:
        sql = str(files_in_scope(worker, Can.VIEW_IDENTITY).query)
    assert len(queries) == 0  # the grants were read once, at the first call
    assert '"id" IN' not in sql.replace('"office_id" IN', "")
    _break(worker, world.other_file)
    assert world.other_file in files_in_scope(worker, Can.VIEW_IDENTITY)
    # Writes never: the grant adds nothing to EDIT_SOCIAL.
    assert world.other_file not in files_in_scope(worker, Can.EDIT_SOCIAL)


def test_the_dpo_dashboard_lists_running_and_recent_grants(client, world):
    worker = world.users[Role.SOCIAL_WORKER]
    start = timezone.now()
    with time_machine.travel(start - timedelta(days=3), tick=False):
        _break(worker, world.other_file, reason="Ancienne urgence : hospitalisation.")
    _break(worker, world.other_file)
    client.force_login(world.users[Role.DPO])
    response = client.get(reverse("audit_dashboard"))
    grants = response.context["board"].grants
    assert [(g.actor, g.casefile_id, g.reason) for g in grants] == [
        (worker, world.other_file.pk, REASON),
        (worker, world.other_file.pk, "Ancienne urgence : hospitalisation."),
    ]
    html = response.content.decode()
    assert world.other_office.name in html and "Ancienne urgence" in html
    # Outside the period chosen and expired: no longer listed.
    since = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.get(reverse("audit_dashboard"), {"since": since, "until": since})
    assert [g.reason for g in response.context["board"].grants] == [REASON]


def test_the_banner_speaks_only_of_one_s_own_grant(world):
    worker = world.users[Role.SOCIAL_WORKER]
    _break(worker, world.other_file)
    colleague = member(Role.SOCIAL_WORKER, world.office)
    assert active_grant_for(actor=worker, casefile_id=world.other_file.pk) is not None
    assert active_grant_for(actor=colleague, casefile_id=world.other_file.pk) is None
    with pytest.raises(Http404):
        file_selectors.casefile_for(actor=colleague, pk=world.other_file.pk)


def test_grants_are_pruned_with_the_audit_log(world):
    worker = world.users[Role.SOCIAL_WORKER]
    with time_machine.travel(timezone.now() - timedelta(days=200)):
        _break(worker, world.other_file)
    _break(worker, world.other_file)
    out = StringIO()
    call_command("prune_audit", stdout=out)
    assert "1 accès d'urgence" in out.getvalue()
    assert BreakGlassGrant.objects.count() == 2  # dry run
    call_command("prune_audit", wet_run=True, stdout=out)
    assert [g.reason for g in BreakGlassGrant.objects.all()] == [REASON]
    assert BreakGlassGrant.objects.get().granted_at > timezone.now() - timedelta(days=1)


def test_files_in_several_other_offices_are_all_opened_and_listed(client, world):
    # The same household is followed in a third office too.
    third = CaseFile.objects.create(household=world.other_file.household, office=OfficeFactory())
    worker = world.users[Role.SOCIAL_WORKER]
    _login(client, worker)
    response = client.post(
        reverse("break_glass"), {**_identity(world.other_file), "reason": REASON}
    )
    assert response.status_code == 200
    assert {g.casefile_id for g in response.context["grants"]} == {world.other_file.pk, third.pk}
    assert reverse("casefile_detail", args=[third.pk]) in response.content.decode()
    assert _events(worker).count() == 2


def test_scope_refuses_a_path_that_does_not_lead_to_a_file(world):
    """A grant adds file ids to the condition: on another model, `pk` would be the id of
    something else, and a grant would open it."""
    with pytest.raises(ValueError):
        in_scope(
            Visit.objects.all(),
            world.users[Role.SOCIAL_WORKER],
            Can.VIEW_RECEPTION,
            office_path="office_id",
        )
