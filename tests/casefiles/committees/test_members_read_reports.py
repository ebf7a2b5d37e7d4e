"""A member of a committee session reads the committee's copy of the social report of
each request on that session's agenda, on the day of the session until it is closed;
nothing else: not another session's, not the day before or after, not the person's
address or birth dates. The committee secretary, who records the decisions, reads no
report even when named a member."""

from datetime import timedelta

import pytest
import time_machine
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from lien.accounts.roles import Role
from lien.audit.models import Action, AuditEvent
from lien.casefiles.committees import selectors, services
from lien.casefiles.models import AgendaEntry, SocialReport

from ...factories import UserFactory, member
from .schemes import scheme, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(world):
    return member(Role.COMMITTEE_SECRETARY, world.office)


@pytest.fixture
def sitting(world, secretary):
    """Today's session with one member (an elected official: no role in any office) and
    one request on the agenda that has its social report."""
    official = UserFactory()
    fsl = scheme()
    session = services.create_session(
        actor=secretary,
        scheme_id=fsl.pk,
        held_on=timezone.localdate(),
        member_ids=[official.pk, secretary.pk],
    )
    aid = submitted(world.other_file, fsl)
    SocialReport.objects.create(
        aid_request=aid,
        written_by=world.other_worker,
        situation="Dette d'énergie après une baisse de ressources.",
        assessment="Avis favorable.",
    )
    entry = services.put_on_agenda(actor=secretary, session_id=session.pk, aid_request_id=aid.pk)
    return official, session, entry


def test_a_member_reads_the_committee_copy_on_the_day(sitting):
    official, _session, entry = sitting
    shown, copy = selectors.agenda_report_for(actor=official, entry_id=entry.pk)
    assert shown == entry and copy["assessment"] == "Avis favorable."
    # The committee's copy: no address, no birth dates, no line of the budget.
    assert not {"contact", "household_members", "budget_lines"} & set(copy)
    assert AuditEvent.objects.filter(
        actor=official, action=Action.VIEW, object_kind="socialreport"
    ).exists()


def test_the_page_links_the_report_for_a_member_and_shows_it(sitting, client):
    official, session, entry = sitting
    client.force_login(official)
    agenda = client.get(reverse("committee_session", args=[session.pk])).content.decode()
    assert reverse("agenda_report", args=[entry.pk]) in agenda
    page = client.get(reverse("agenda_report", args=[entry.pk]))
    assert page.status_code == 200 and "Avis favorable." in page.content.decode()


@pytest.mark.parametrize("days", [-1, 1])
def test_not_the_day_before_nor_after(sitting, days):
    official, _session, entry = sitting
    with (
        time_machine.travel(timezone.now() + timedelta(days=days), tick=False),
        pytest.raises(Http404),
    ):
        selectors.agenda_report_for(actor=official, entry_id=entry.pk)


def test_not_once_the_session_is_closed(sitting, secretary):
    official, session, entry = sitting
    services.close_session(actor=secretary, session_id=session.pk)
    with pytest.raises(Http404):
        selectors.agenda_report_for(actor=official, entry_id=entry.pk)


def test_not_the_report_of_another_sessions_agenda(sitting, world, secretary):
    official, _session, _entry = sitting
    other_fsl = scheme()
    other = services.create_session(
        actor=secretary,
        scheme_id=other_fsl.pk,
        held_on=timezone.localdate(),
        member_ids=[UserFactory().pk],
    )
    aid = submitted(world.file, other_fsl)
    SocialReport.objects.create(aid_request=aid, written_by=world.users[Role.SOCIAL_WORKER])
    elsewhere = AgendaEntry.objects.create(session=other, aid_request=aid)
    with pytest.raises(Http404):
        selectors.agenda_report_for(actor=official, entry_id=elsewhere.pk)


def test_the_secretary_reads_no_report_even_as_a_member(sitting, secretary, client):
    _official, session, entry = sitting
    with pytest.raises(Http404):
        selectors.agenda_report_for(actor=secretary, entry_id=entry.pk)
    client.force_login(secretary)
    agenda = client.get(reverse("committee_session", args=[session.pk])).content.decode()
    assert reverse("agenda_report", args=[entry.pk]) not in agenda
    assert client.get(reverse("agenda_report", args=[entry.pk])).status_code == 404


def test_no_other_agent_reads_it(sitting, world):
    _official, _session, entry = sitting
    for agent in (world.users[Role.MANAGER], world.other_worker, world.nobody):
        with pytest.raises(Http404):
            selectors.agenda_report_for(actor=agent, entry_id=entry.pk)
