"""Committee sessions: the agenda across offices, decisions in session by the committee
secretary (never the instructing worker), with reasons from the scheme's list; an
adjournment waits for documents; the members see the agenda on the session's day only."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from lien.accounts.models import OfficeMembership
from lien.accounts.roles import Role
from lien.casefiles.committees import selectors, services
from lien.casefiles.committees.services import SessionDecision
from lien.casefiles.models import AgendaOutcome, AidStatus, DocumentKind, ReasonKind
from lien.stats.models import Kind, StatEvent

from ...factories import member
from .schemes import reason, scheme, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(world):
    return member(Role.COMMITTEE_SECRETARY, world.office)


@pytest.fixture
def fsl():
    return scheme(ceiling="500")


def _session(secretary, fsl, members=(), day=None):
    return services.create_session(
        actor=secretary,
        scheme_id=fsl.pk,
        held_on=day or timezone.localdate(),
        member_ids=[m.pk for m in members] or [secretary.pk],
    )


def test_the_agenda_gathers_requests_of_every_office(world, secretary, fsl):
    own, other = submitted(world.file, fsl), submitted(world.other_file, fsl)
    session = _session(secretary, fsl)
    awaiting = selectors.requests_awaiting_session(actor=secretary, session=session)
    assert {own.pk, other.pk} <= {a.pk for a in awaiting}
    for aid in (own, other):
        services.put_on_agenda(actor=secretary, session_id=session.pk, aid_request_id=aid.pk)
    assert selectors.requests_awaiting_session(actor=secretary, session=session) == []
    with pytest.raises(ValidationError):
        services.put_on_agenda(actor=secretary, session_id=session.pk, aid_request_id=own.pk)


def test_a_refusal_needs_a_reason_of_the_scheme_and_nothing_is_half_saved(world, secretary, fsl):
    aid = submitted(world.file, fsl)
    session = _session(secretary, fsl)
    entry = services.put_on_agenda(actor=secretary, session_id=session.pk, aid_request_id=aid.pk)
    with pytest.raises(ValidationError) as refused:
        services.record_session_decision(
            actor=secretary,
            entry_id=entry.pk,
            decision=SessionDecision(outcome=AgendaOutcome.REFUSED, reason_text="Non."),
        )
    assert "reasons" in refused.value.message_dict
    # A reason of another list (the partial grant's) is no refusal reason.
    with pytest.raises(ValidationError):
        services.record_session_decision(
            actor=secretary,
            entry_id=entry.pk,
            decision=SessionDecision(
                outcome=AgendaOutcome.REFUSED, reason_ids=[reason(fsl, ReasonKind.PARTIAL).pk]
            ),
        )
    entry.refresh_from_db()
    aid.refresh_from_db()
    assert entry.outcome == AgendaOutcome.PENDING and aid.status == AidStatus.SUBMITTED
    decided = services.record_session_decision(
        actor=secretary,
        entry_id=entry.pk,
        decision=SessionDecision(
            outcome=AgendaOutcome.REFUSED,
            reason_ids=[reason(fsl).pk],
            reason_text="Dette déjà prise en charge en 2025.",
        ),
    )
    aid.refresh_from_db()
    assert decided.outcome == AgendaOutcome.REFUSED
    assert aid.status == AidStatus.REFUSED and aid.decided_on == session.held_on
    assert aid.refusal_reason == "Ressources au-delà du barème. Dette déjà prise en charge en 2025."
    assert StatEvent.objects.filter(kind=Kind.AID_DECISION, decision=AidStatus.REFUSED).count() == 1


def test_the_worker_who_instructed_cannot_record_the_decision(world, fsl):
    worker = world.users[Role.SOCIAL_WORKER]
    OfficeMembership.objects.create(user=worker, office=world.office, role=Role.COMMITTEE_SECRETARY)
    aid = submitted(world.file, fsl, by=worker)
    session = _session(worker, fsl)
    entry = services.put_on_agenda(actor=worker, session_id=session.pk, aid_request_id=aid.pk)
    with pytest.raises(PermissionDenied):
        services.record_session_decision(
            actor=worker, entry_id=entry.pk, decision=SessionDecision(outcome=AgendaOutcome.GRANTED)
        )
    aid.refresh_from_db()
    assert aid.status == AidStatus.SUBMITTED


def test_a_partial_grant_is_below_the_request_with_its_reason(world, secretary, fsl):
    aid = submitted(world.file, fsl, amount="400")
    entry = services.put_on_agenda(
        actor=secretary, session_id=_session(secretary, fsl).pk, aid_request_id=aid.pk
    )
    for amount in (Decimal("400"), Decimal("0")):
        with pytest.raises(ValidationError):
            services.record_session_decision(
                actor=secretary,
                entry_id=entry.pk,
                decision=SessionDecision(
                    outcome=AgendaOutcome.PARTIAL,
                    amount_granted=amount,
                    reason_ids=[reason(fsl, ReasonKind.PARTIAL).pk],
                ),
            )
    services.record_session_decision(
        actor=secretary,
        entry_id=entry.pk,
        decision=SessionDecision(
            outcome=AgendaOutcome.PARTIAL,
            amount_granted=Decimal("250"),
            reason_ids=[reason(fsl, ReasonKind.PARTIAL).pk],
        ),
    )
    aid.refresh_from_db()
    assert aid.status == AidStatus.GRANTED and aid.amount_granted == Decimal("250")


def test_an_adjournment_says_what_is_missing_and_the_request_waits_for_a_next_session(
    world, secretary, fsl
):
    aid = submitted(world.file, fsl)
    first = _session(secretary, fsl)
    entry = services.put_on_agenda(actor=secretary, session_id=first.pk, aid_request_id=aid.pk)
    with pytest.raises(ValidationError):
        services.record_session_decision(
            actor=secretary,
            entry_id=entry.pk,
            decision=SessionDecision(outcome=AgendaOutcome.ADJOURNED),
        )
    services.record_session_decision(
        actor=secretary,
        entry_id=entry.pk,
        decision=SessionDecision(
            outcome=AgendaOutcome.ADJOURNED, missing_documents=[DocumentKind.HOUSING]
        ),
    )
    aid.refresh_from_db()
    assert aid.status == AidStatus.SUBMITTED
    services.close_session(actor=secretary, session_id=first.pk)
    second = _session(secretary, fsl)
    assert aid.pk in {
        a.pk for a in selectors.requests_awaiting_session(actor=secretary, session=second)
    }


def test_a_grant_in_session_cannot_exceed_the_ceiling(world, secretary):
    low = scheme(ceiling="100")
    aid = submitted(world.file, low, amount="300")  # typed before the ceiling was lowered
    entry = services.put_on_agenda(
        actor=secretary, session_id=_session(secretary, low).pk, aid_request_id=aid.pk
    )
    with pytest.raises(ValidationError) as refused:
        services.record_session_decision(
            actor=secretary,
            entry_id=entry.pk,
            decision=SessionDecision(outcome=AgendaOutcome.GRANTED),
        )
    assert "amount_granted" in refused.value.message_dict


def test_members_see_the_agenda_on_the_sessions_day_only(world, secretary, fsl):
    sitting = member(Role.MANAGER, world.other_office)
    outsider = member(Role.MANAGER, world.other_office)
    aid = submitted(world.file, fsl)
    session = _session(secretary, fsl, members=[sitting])
    services.put_on_agenda(actor=secretary, session_id=session.pk, aid_request_id=aid.pk)
    page = selectors.session_for(actor=sitting, pk=session.pk)
    assert [line.entry.aid_request_id for line in page.lines] == [aid.pk] and not page.may_decide
    for nobody in (outsider, world.users[Role.SECRETARY], world.users[Role.SOCIAL_WORKER]):
        with pytest.raises(Http404):
            selectors.session_for(actor=nobody, pk=session.pk)
    with time_machine.travel(timezone.now() + timedelta(days=1)), pytest.raises(Http404):
        selectors.session_for(actor=sitting, pk=session.pk)
    services.close_session(actor=secretary, session_id=session.pk)
    with pytest.raises(Http404):
        selectors.session_for(actor=sitting, pk=session.pk)


def test_no_decision_before_the_session_is_held(world, secretary, fsl):
    aid = submitted(world.file, fsl)
    later = _session(secretary, fsl, day=timezone.localdate() + timedelta(days=7))
    entry = services.put_on_agenda(actor=secretary, session_id=later.pk, aid_request_id=aid.pk)
    with pytest.raises(ValidationError):
        services.record_session_decision(
            actor=secretary,
            entry_id=entry.pk,
            decision=SessionDecision(outcome=AgendaOutcome.GRANTED),
        )


def test_a_refused_request_is_resubmitted_as_a_new_draft(world, secretary, fsl):
    aid = submitted(world.file, fsl)
    entry = services.put_on_agenda(
        actor=secretary, session_id=_session(secretary, fsl).pk, aid_request_id=aid.pk
    )
    services.record_session_decision(
        actor=secretary,
        entry_id=entry.pk,
        decision=SessionDecision(outcome=AgendaOutcome.REFUSED, reason_ids=[reason(fsl).pk]),
    )
    again = services.resubmit_request(actor=world.users[Role.SOCIAL_WORKER], aid_request_id=aid.pk)
    assert again.pk != aid.pk and again.status == AidStatus.DRAFT
    assert again.amount_requested == aid.amount_requested and again.aid_type_id == aid.aid_type_id
    with pytest.raises(ValidationError):
        services.resubmit_request(actor=world.users[Role.SOCIAL_WORKER], aid_request_id=again.pk)


def test_the_statistics_count_decisions_and_payments_with_delays_in_bands(world, secretary, fsl):
    from lien.casefiles.payments import services as payment_services

    aid = submitted(world.file, fsl)
    AidRecord = type(aid)
    AidRecord.objects.filter(pk=aid.pk).update(
        submitted_on=timezone.localdate() - timedelta(days=20)
    )
    entry = services.put_on_agenda(
        actor=secretary, session_id=_session(secretary, fsl).pk, aid_request_id=aid.pk
    )
    services.record_session_decision(
        actor=secretary, entry_id=entry.pk, decision=SessionDecision(outcome=AgendaOutcome.GRANTED)
    )
    decision = StatEvent.objects.get(kind=Kind.AID_DECISION)
    assert (decision.decision, decision.delay_band, decision.amount_band) == (
        "granted",
        "16-30",
        "300-599",
    )
    payment_services.order_payment(
        actor=secretary,
        aid_request_id=aid.pk,
        payee_kind="landlord",
        payee_name="Bailleur",
        holder="Bailleur",
        iban="FR7630006000011234567890189",
    )
    batch = payment_services.make_batch(actor=secretary)
    payment_services.mark_batch_paid(
        actor=secretary, batch_id=batch.pk, paid_on=timezone.localdate()
    )
    paid = StatEvent.objects.get(kind=Kind.AID_PAYMENT)
    assert (paid.aid_type, paid.delay_band, paid.amount_band) == (
        fsl.aid_type.code,
        "16-30",
        "300-599",
    )
    # No worker, no file, no date beyond the month: the record's usual columns only.
    assert not hasattr(paid, "casefile_id") and not hasattr(paid, "worker_id")
