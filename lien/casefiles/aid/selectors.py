"""Reads of one aid request."""

from lien.accounts.policy import Can
from lien.audit.models import Action
from lien.audit.services import record_for_file

from ..scope import get_or_404
from .models import AidRequest


def aid_request_for(*, actor, pk) -> AidRequest:
    aid = get_or_404(
        AidRequest.objects.select_related("casefile", "aid_type"), actor, Can.VIEW_SOCIAL, pk
    )
    record_for_file(actor=actor, action=Action.VIEW, casefile=aid.casefile, obj=aid)
    return aid
