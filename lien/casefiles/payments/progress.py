"""Where an aid stands, as the file page shows it: requested → decided → ordered → paid."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ..aid.models import AidRequest, AidStatus
from .models import PaymentStatus

STEPS = (
    ("requested", _("requested")),
    ("decided", _("decided")),
    ("ordered", _("payment ordered")),
    ("paid", _("paid")),
)


@dataclass(frozen=True)
class Step:
    label: str
    reached: bool
    current: bool


def progress_of(aid: AidRequest) -> list[Step]:
    """The four steps, those reached and the current one; nothing for a draft, and the
    first two only for an aid refused or withdrawn (no payment follows)."""
    if aid.status == AidStatus.DRAFT:
        return []
    reached = 1
    if aid.status != AidStatus.SUBMITTED:
        reached = 2
    order = getattr(aid, "payment_order", None)
    if order is not None:
        reached = 4 if order.status == PaymentStatus.PAID else 3
    steps = STEPS if aid.status == AidStatus.GRANTED else STEPS[:2]
    return [
        Step(str(label), number <= reached, number == reached)
        for number, (_code, label) in enumerate(steps, start=1)
    ]
