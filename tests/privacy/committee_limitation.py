"""The aid committees and the payment orders (issue 16) in the limitation test: what a
frozen file refuses, and the acts on a session or a batch that touch no one file."""

from decimal import Decimal

from django.utils import timezone

from lien.accounts.roles import Role
from lien.casefiles.committees import services as committee_services
from lien.casefiles.models import (
    AgendaEntry,
    AgendaOutcome,
    AidRequest,
    AidStatus,
    CommitteeSession,
    PayeeKind,
)
from lien.casefiles.payments import services as payment_services

from ..casefiles.committees.schemes import scheme, submitted


def _secretary(w):
    return w.users[Role.COMMITTEE_SECRETARY]


def _session(w) -> CommitteeSession:
    session = CommitteeSession.objects.create(
        scheme=scheme(), held_on=timezone.localdate(), created_by=_secretary(w)
    )
    session.members.set([w.users[Role.MANAGER]])
    return session


def _decided(w, status: AidStatus) -> AidRequest:
    aid = submitted(w.file, scheme())
    AidRequest.objects.filter(pk=aid.pk).update(
        status=status, amount_granted=Decimal("100"), decided_on=timezone.localdate()
    )
    return aid


def _put_on_agenda(w):
    session = _session(w)
    aid = submitted(w.file, session.scheme)
    return lambda: committee_services.put_on_agenda(
        actor=_secretary(w), session_id=session.pk, aid_request_id=aid.pk
    )


def _record_decision(w):
    session = _session(w)
    entry = AgendaEntry.objects.create(
        session=session, aid_request=submitted(w.file, session.scheme)
    )
    decision = committee_services.SessionDecision(
        outcome=AgendaOutcome.GRANTED, amount_granted=Decimal("100")
    )
    return lambda: committee_services.record_session_decision(
        actor=_secretary(w), entry_id=entry.pk, decision=decision
    )


def _resubmit(w):
    refused = _decided(w, AidStatus.REFUSED)
    return lambda: committee_services.resubmit_request(
        actor=w.users[Role.SOCIAL_WORKER], aid_request_id=refused.pk
    )


def _order_payment(w):
    granted = _decided(w, AidStatus.GRANTED)
    return lambda: payment_services.order_payment(
        actor=_secretary(w),
        aid_request_id=granted.pk,
        payee_kind=PayeeKind.PERSON,
        payee_name="Titulaire",
        holder="Titulaire",
        iban="FR7630006000011234567890189",
    )


COMMITTEE_WRITE_SERVICES = {
    "casefiles.committees.services.put_on_agenda": _put_on_agenda,
    "casefiles.committees.services.record_session_decision": _record_decision,
    "casefiles.committees.services.resubmit_request": _resubmit,
    "casefiles.payments.services.order_payment": _order_payment,
}

# A session is the département's, about no file; a batch gathers orders already made.
# Making a batch sets aside the order of a frozen file (it stays waiting, the batch page
# says why: tests/casefiles/committees/test_batch_with_a_frozen_file.py). Marking a batch
# paid or recording the finance software's return (a file, or through the API) still writes an event on each order's
# file, so a file frozen after the export stops that step with the limitation's message
# (record_for_file) until the DPO lifts it.
COMMITTEE_NOT_ON_AN_EXISTING_FILE = {
    "casefiles.committees.services.create_session",
    "casefiles.committees.services.close_session",
    "casefiles.payments.services.make_batch",
    "casefiles.payments.services.mark_batch_paid",
    "casefiles.payments.services.import_return",
    "casefiles.payments.services.record_return",
}
