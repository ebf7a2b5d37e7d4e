"""Reads of the committees. The secretary (Can.RUN_COMMITTEES, organisation-wide) sees
every session and its agenda, never a social report; a member sees the requests on the
agenda of a session they sit on, and the committee's copy of their social reports, on the
day of the session and until it is closed; anyone else, and a member on another day,
gets 404."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from lien.accounts.models import User
from lien.accounts.policy import Can, can
from lien.audit.models import Action
from lien.audit.services import record, record_for_file

from ..aid.models import AidRequest, AidStatus
from ..documents.models import DocumentKind
from ..households.models import HouseholdMember, Relationship
from ..reports.copies import Recipient, report_copy
from ..schemes.rules import missing_documents
from .models import AgendaEntry, AgendaOutcome, CommitteeSession


def sessions_for(*, actor: User) -> QuerySet[CommitteeSession]:
    """The sessions the actor prepares (every one) or sits on: dates and schemes, no
    person's data."""
    sessions = CommitteeSession.objects.select_related("scheme__aid_type")
    if can(actor, Can.RUN_COMMITTEES):
        return sessions.all()
    return sessions.filter(members=actor)


def _reference_names(household_ids: set[int]) -> dict[int, str]:
    """The reference person's name of each household, in one query."""
    members = HouseholdMember.objects.filter(
        household_id__in=household_ids,
        relationship=Relationship.REFERENCE,
        left_on__isnull=True,
    ).select_related("person")
    return {m.household_id: m.person.full_name for m in members}


@dataclass(frozen=True)
class AgendaLine:
    entry: AgendaEntry
    missing: list[str]  # kinds of required document the file lacks today
    name: str  # the household's reference person

    @property
    def missing_in_words(self) -> list[str]:
        labels = dict(DocumentKind.choices)
        return [str(labels[kind]) for kind in self.missing]


@dataclass(frozen=True)
class SessionPage:
    session: CommitteeSession
    lines: list[AgendaLine]
    may_decide: bool
    # A member sitting today reads the committee's copy of each request's social report.
    may_read_reports: bool = False


def session_for(*, actor: User, pk: int) -> SessionPage:
    session = CommitteeSession.objects.select_related("scheme__aid_type").filter(pk=pk).first()
    if session is None:
        raise Http404
    secretary = can(actor, Can.RUN_COMMITTEES)
    sitting = session.sitting_today and session.members.filter(pk=actor.pk).exists()
    if not (secretary or sitting):
        raise Http404
    entries = list(
        session.entries.select_related(
            "aid_request__casefile__household",
            "aid_request__casefile__office",
            "aid_request__aid_type",
            "aid_request__social_report",
        ).prefetch_related("reasons")
    )
    for entry in entries:
        record_for_file(
            actor=actor, action=Action.VIEW, casefile=entry.aid_request.casefile, obj=entry
        )
    names = _reference_names({e.aid_request.casefile.household_id for e in entries})
    lines = [
        AgendaLine(
            entry,
            missing_documents(session.scheme, entry.aid_request.casefile),
            names.get(entry.aid_request.casefile.household_id, ""),
        )
        for entry in entries
    ]
    return SessionPage(
        session=session,
        lines=lines,
        may_decide=secretary and session.is_open,
        may_read_reports=sitting and not secretary,
    )


def agenda_report_for(*, actor: User, entry_id: int) -> tuple[AgendaEntry, dict]:
    """The committee's copy of the social report of one request on the agenda (only the
    fields a committee needs, reports/copies.py), for a member of that session on its
    day until it is closed. The secretary, who records the decisions, reads none: 404,
    as for a request on no agenda of the member's, another day, or a request without
    a report."""
    entry = (
        AgendaEntry.objects.select_related(
            "session__scheme__aid_type",
            "aid_request__casefile__office",
            "aid_request__aid_type",
            "aid_request__social_report__budget_sheet",
        )
        .filter(pk=entry_id)
        .first()
    )
    if entry is None or can(actor, Can.RUN_COMMITTEES):
        raise Http404
    session = entry.session
    if not (session.sitting_today and session.members.filter(pk=actor.pk).exists()):
        raise Http404
    report = getattr(entry.aid_request, "social_report", None)
    if report is None:
        raise Http404
    copy = report_copy(report, Recipient.COMMITTEE)
    record_for_file(
        actor=actor,
        action=Action.VIEW,
        casefile=entry.aid_request.casefile,
        obj=report,
        reason=str(Recipient.COMMITTEE.label),
    )
    return entry, copy


def requests_awaiting_session(*, actor: User, session: CommitteeSession) -> list[AidRequest]:
    """Submitted requests of the session's scheme, from every office, not on the agenda
    of an open session (an adjourned one comes back here)."""
    if not can(actor, Can.RUN_COMMITTEES):
        raise Http404
    waiting = AgendaEntry.objects.filter(
        outcome=AgendaOutcome.PENDING, session__closed_at__isnull=True
    ).values("aid_request_id")
    requests = list(
        AidRequest.objects.filter(
            status=AidStatus.SUBMITTED, aid_type_id=session.scheme.aid_type_id
        )
        .exclude(pk__in=waiting)
        .select_related("casefile__household", "casefile__office")
        .order_by("submitted_on", "pk")
    )
    names = _reference_names({aid.casefile.household_id for aid in requests})
    for aid in requests:
        aid.reference_name = names.get(aid.casefile.household_id, "")  # type: ignore[attr-defined]
    record(
        actor=actor,
        action=Action.LIST,
        object_kind="committee_awaiting",
        result_count=len(requests),
    )
    return requests


def entry_for(*, actor: User, pk: int) -> AgendaEntry:
    """One line of an agenda, for the secretary to record its decision."""
    if not can(actor, Can.RUN_COMMITTEES):
        raise Http404
    entry = (
        AgendaEntry.objects.select_related(
            "session__scheme__aid_type", "aid_request__casefile", "aid_request__aid_type"
        )
        .prefetch_related(Prefetch("session__scheme__reasons"))
        .filter(pk=pk)
        .first()
    )
    if entry is None:
        raise Http404
    record_for_file(actor=actor, action=Action.VIEW, casefile=entry.aid_request.casefile, obj=entry)
    return entry
