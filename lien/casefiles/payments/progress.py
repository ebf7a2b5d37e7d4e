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
REJECTED = _("payment rejected, to be ordered again")


@dataclass(frozen=True)
class Step:
    label: str
    reached: bool
    current: bool


def latest_order_status(aid: AidRequest) -> str | None:
    """The status of the aid's last payment order (None without one): annotated by the
    file page's selector (`payment_status`), else read."""
    if hasattr(aid, "payment_status"):
        return aid.payment_status
    return aid.payment_orders.order_by("-pk").values_list("status", flat=True).first()


def progress_of(aid: AidRequest) -> list[Step]:
    """The four steps, those reached and the current one; nothing for a draft, and the
    first two only for an aid refused or withdrawn (no payment follows). An order the
    finance department rejected is said as such until the aid is ordered again."""
    if aid.status == AidStatus.DRAFT:
        return []
    reached = 1
    if aid.status != AidStatus.SUBMITTED:
        reached = 2
    status = latest_order_status(aid)
    if status is not None:
        reached = 4 if status == PaymentStatus.PAID else 3
    steps = STEPS if aid.status == AidStatus.GRANTED else STEPS[:2]
    return [
        Step(
            str(REJECTED if number == 3 and status == PaymentStatus.REJECTED else label),
            number <= reached,
            number == reached,
        )
        for number, (_code, label) in enumerate(steps, start=1)
    ]
