"""Reads of the aid requests: one for its file's page; the granted ones of an office for
the finance software."""

from datetime import date

from lien.accounts.policy import Can
from lien.audit.models import Action
from lien.audit.services import record, record_for_file

from ..scope import get_or_404, in_scope, require_office
from .models import AidRequest, AidStatus


def aid_request_for(*, actor, pk) -> AidRequest:
    aid = get_or_404(
        AidRequest.objects.select_related("casefile", "aid_type"), actor, Can.VIEW_SOCIAL, pk
    )
    record_for_file(actor=actor, action=Action.VIEW, casefile=aid.casefile, obj=aid)
    return aid


# The most granted decisions one read returns; the caller asks again from the last id.
DECISIONS_PAGE = 200


def granted_aid_decisions_for(
    *, actor, office_id: int, decided_since: date, after_id: int = 0
) -> list[AidRequest]:
    """The aid granted in one office since a date, oldest first, for the finance software
    (the REST API): the file's number, the type of aid, the amount and the date, never a
    person. One office at a time, at most DECISIONS_PAGE; the list is an audit event."""
    require_office(actor, Can.VIEW_SOCIAL, office_id)
    decisions = list(
        in_scope(AidRequest.objects.select_related("casefile", "aid_type"), actor, Can.VIEW_SOCIAL)
        .filter(
            casefile__office_id=office_id,
            status=AidStatus.GRANTED,
            decided_on__gte=decided_since,
            pk__gt=after_id,
        )
        .order_by("pk")[:DECISIONS_PAGE]
    )
    record(
        actor=actor,
        action=Action.LIST,
        object_kind="aid_decisions",
        office_id=office_id,
        result_count=len(decisions),
    )
    return decisions
