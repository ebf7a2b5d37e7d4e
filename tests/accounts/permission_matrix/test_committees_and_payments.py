"""The permission matrix of the aid committees and the payment orders. The committee
secretary's capabilities are organisation-wide (a committee is the département's, its
agenda gathers every office): granted on the file of the own office and of another. The
members of a session are not a role: what they see is tested in
tests/casefiles/committees/test_committee_sessions.py. No one else reaches any of it;
the resubmission of a refused request is the social worker's, in her office."""

from decimal import Decimal

import pytest
from django.utils import timezone

from lien.accounts.roles import Role
from lien.casefiles.committees import selectors as committee_selectors
from lien.casefiles.committees import services as committee_services
from lien.casefiles.models import (
    AgendaEntry,
    AidRequest,
    AidStatus,
    CommitteeSession,
    PaymentBatch,
    PaymentOrder,
    PaymentStatus,
    SocialReport,
)
from lien.casefiles.payments import selectors as payment_selectors
from lien.casefiles.payments import services as payment_services

from ...casefiles.committees.schemes import scheme, submitted
from .matrix import NONE, SW, check

CS = Role.COMMITTEE_SECRETARY
SECRETARY_ONLY = ({CS}, {CS})
IBAN = "FR7630006000011234567890189"


def _session(t, members=()):
    fsl = scheme()
    session = CommitteeSession.objects.create(
        scheme=fsl, held_on=timezone.localdate(), created_by=t.worker
    )
    session.members.set(members or [t.other_user])
    return session


def _entry(t):
    session = _session(t)
    return AgendaEntry.objects.create(
        session=session, aid_request=submitted(t.file, session.scheme)
    )


def _granted(t):
    aid = submitted(t.file, scheme())
    AidRequest.objects.filter(pk=aid.pk).update(
        status=AidStatus.GRANTED, amount_granted=Decimal("100"), decided_on=timezone.localdate()
    )
    return aid


def _exported(t, a):
    order = PaymentOrder.objects.create(
        aid_request=_granted(t),
        amount=Decimal("100"),
        payee_kind="person",
        payee_name="X",
        ordered_by=t.worker,
    )
    batch = PaymentBatch.objects.create(created_by=t.worker)
    PaymentOrder.objects.filter(pk=order.pk).update(batch=batch, status=PaymentStatus.EXPORTED)
    return order, batch


def _awaiting(a, t):
    session = _session(t)
    aid = submitted(t.file, session.scheme)
    return aid in committee_selectors.requests_awaiting_session(actor=a, session=session)


def _refused(t):
    aid = submitted(t.file, scheme())
    AidRequest.objects.filter(pk=aid.pk).update(status=AidStatus.REFUSED, refusal_reason="Barème.")
    return aid


COMMITTEE_RULES = {
    "casefiles.committees.selectors.sessions_for": (
        lambda a, t: _session(t).pk in {s.pk for s in committee_selectors.sessions_for(actor=a)},
        *SECRETARY_ONLY,
    ),
    "casefiles.committees.selectors.session_for": (
        lambda a, t: bool(committee_selectors.session_for(actor=a, pk=_entry(t).session_id).lines),
        *SECRETARY_ONLY,
    ),
    "casefiles.committees.selectors.requests_awaiting_session": (_awaiting, *SECRETARY_ONLY),
    # The committee's copy of a social report: a member of the session on its day, who is
    # no role (tests/casefiles/committees/test_members_read_reports.py); never the
    # secretary, who records the decisions.
    "casefiles.committees.selectors.agenda_report_for": (
        lambda a, t: (
            (entry := _entry(t))
            and SocialReport.objects.create(aid_request=entry.aid_request, written_by=t.worker)
            and committee_selectors.agenda_report_for(actor=a, entry_id=entry.pk) is not None
        ),
        NONE,
        NONE,
    ),
    "casefiles.committees.selectors.entry_for": (
        lambda a, t: committee_selectors.entry_for(actor=a, pk=_entry(t).pk) is not None,
        *SECRETARY_ONLY,
    ),
    "casefiles.committees.services.create_session": (
        lambda a, t: (
            committee_services.create_session(
                actor=a,
                scheme_id=scheme().pk,
                held_on=timezone.localdate(),
                member_ids=[t.worker.pk],
            )
            is not None
        ),
        *SECRETARY_ONLY,
    ),
    "casefiles.committees.services.put_on_agenda": (
        lambda a, t: (
            (session := _session(t))
            and committee_services.put_on_agenda(
                actor=a, session_id=session.pk, aid_request_id=submitted(t.file, session.scheme).pk
            )
            is not None
        ),
        *SECRETARY_ONLY,
    ),
    "casefiles.committees.services.record_session_decision": (
        lambda a, t: (
            committee_services.record_session_decision(
                actor=a,
                entry_id=_entry(t).pk,
                decision=committee_services.SessionDecision(outcome="granted"),
            ).outcome
            == "granted"
        ),
        *SECRETARY_ONLY,
    ),
    "casefiles.committees.services.close_session": (
        lambda a, t: (
            committee_services.close_session(actor=a, session_id=_session(t).pk).closed_at
            is not None
        ),
        *SECRETARY_ONLY,
    ),
    "casefiles.committees.services.resubmit_request": (
        lambda a, t: (
            committee_services.resubmit_request(actor=a, aid_request_id=_refused(t).pk) is not None
        ),
        {SW},
        set(),
    ),
    "casefiles.payments.selectors.granted_without_order": (
        lambda a, t: _granted(t) in payment_selectors.granted_without_order(actor=a),
        *SECRETARY_ONLY,
    ),
    "casefiles.payments.selectors.granted_aid_for": (
        lambda a, t: payment_selectors.granted_aid_for(actor=a, pk=_granted(t).pk) is not None,
        *SECRETARY_ONLY,
    ),
    "casefiles.payments.selectors.orders_for": (
        lambda a, t: _exported(t, a)[0] in payment_selectors.orders_for(actor=a),
        *SECRETARY_ONLY,
    ),
    "casefiles.payments.selectors.batches_for": (
        lambda a, t: _exported(t, a)[1] in payment_selectors.batches_for(actor=a),
        *SECRETARY_ONLY,
    ),
    "casefiles.payments.selectors.set_aside_orders": (
        lambda a, t: (
            (exported := _exported(t, a))
            and PaymentBatch.objects.filter(pk=exported[1].pk).update(set_aside=[exported[0].pk])
            and payment_selectors.set_aside_orders(
                actor=a, batch=PaymentBatch.objects.get(pk=exported[1].pk)
            )
            == [exported[0]]
        ),
        *SECRETARY_ONLY,
    ),
    "casefiles.payments.selectors.batch_export_for": (
        lambda a, t: bool(payment_selectors.batch_export_for(actor=a, pk=_exported(t, a)[1].pk)[1]),
        *SECRETARY_ONLY,
    ),
    "casefiles.payments.selectors.batches_awaiting_return": (
        lambda a, t: (
            _exported(t, a)[1].pk
            in [b.batch.pk for b in payment_selectors.batches_awaiting_return(actor=a)]
        ),
        *SECRETARY_ONLY,
    ),
    "casefiles.payments.services.order_payment": (
        lambda a, t: (
            payment_services.order_payment(
                actor=a,
                aid_request_id=_granted(t).pk,
                payee_kind="landlord",
                payee_name="Bailleur",
                holder="Office HLM",
                iban=IBAN,
            )
            is not None
        ),
        *SECRETARY_ONLY,
    ),
    "casefiles.payments.services.make_batch": (
        lambda a, t: (
            PaymentOrder.objects.create(
                aid_request=_granted(t),
                amount=Decimal("100"),
                payee_kind="person",
                payee_name="X",
                ordered_by=t.worker,
            )
            and payment_services.make_batch(actor=a) is not None
        ),
        *SECRETARY_ONLY,
    ),
    "casefiles.payments.services.mark_batch_paid": (
        lambda a, t: (
            payment_services.mark_batch_paid(
                actor=a, batch_id=_exported(t, a)[1].pk, paid_on=timezone.localdate()
            ).paid_on
            is not None
        ),
        *SECRETARY_ONLY,
    ),
    "casefiles.payments.services.import_return": (
        lambda a, t: (
            (exported := _exported(t, a))
            and payment_services.import_return(
                actor=a,
                batch_id=exported[1].pk,
                content="reference;statut;date_paiement\n"
                f"{exported[0].reference};PAYE;{timezone.localdate().isoformat()}\n",
            )
            == 1
        ),
        *SECRETARY_ONLY,
    ),
    "casefiles.payments.services.record_return": (
        lambda a, t: (
            (exported := _exported(t, a))
            and payment_services.record_return(
                actor=a,
                batch_id=exported[1].pk,
                lines=[
                    payment_services.ReturnLine(
                        exported[0].reference,
                        PaymentStatus.REJECTED,
                        timezone.localdate(),
                        "Compte clos",
                    )
                ],
            )
            == 1
        ),
        *SECRETARY_ONLY,
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("scope", ["own", "other"])
@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("name", sorted(COMMITTEE_RULES))
def test_matrix(world, name, role, scope):
    check(world, COMMITTEE_RULES, name, role, scope)
