from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from lien.base.fields import format_euros
from lien.catalog.models import Item

from ..files.models import CaseFile
from ..versioning import Versioned


class AidStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    GRANTED = "granted", _("granted")
    REFUSED = "refused", _("refused")
    WITHDRAWN = "withdrawn", _("withdrawn by the person")


@dataclass(frozen=True)
class EarlierDecision:
    """One decision a correction replaced, as the request's history shows it."""

    summary: str
    corrected_at: datetime
    corrected_by: str
    correction_reason: str


def describe_decision(
    status: str, decided_on: date | None, amount_granted: Decimal | None, refusal_reason: str
) -> str:
    """A decision in words: "granted on 03/11/2026: 150,00 €"."""
    words = str(AidStatus(status).label)
    if decided_on:
        words = _("%(status)s on %(date)s") % {
            "status": words,
            "date": date_format(decided_on, "SHORT_DATE_FORMAT"),
        }
    if amount_granted is not None:
        words = _("%(decision)s: %(amount)s") % {
            "decision": words,
            "amount": format_euros(amount_granted),
        }
    if refusal_reason:
        words = _("%(decision)s (reasons: %(reasons)s)") % {
            "decision": words,
            "reasons": refusal_reason,
        }
    return str(words)


class AidRequest(Versioned):
    casefile = models.ForeignKey(
        CaseFile, on_delete=models.CASCADE, related_name="aid_requests", verbose_name=_("case file")
    )
    aid_type = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="+", verbose_name=_("type of aid")
    )
    amount_requested = models.DecimalField(_("amount requested"), max_digits=9, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=10, choices=AidStatus.choices, default=AidStatus.DRAFT
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    amount_granted = models.DecimalField(
        _("amount granted"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    # The reasons of a refusal, as the decision gives them: an unfavourable decision
    # must state its reasons (Code des relations entre le public et l'administration,
    # L211-2), and the person may ask for them.
    refusal_reason = models.TextField(_("reasons for the refusal"), blank=True)
    # The decisions this one corrected, oldest first: what each said, and who corrected
    # it, when and why (see services.correct_aid_decision). The audit log records each
    # correction too.
    earlier_decisions = models.JSONField(_("earlier decisions"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )

    @property
    def earlier_history(self) -> list[EarlierDecision]:
        return [
            EarlierDecision(
                summary=describe_decision(
                    earlier["status"],
                    date.fromisoformat(earlier["decided_on"]) if earlier["decided_on"] else None,
                    Decimal(earlier["amount_granted"]) if earlier["amount_granted"] else None,
                    earlier["refusal_reason"],
                ),
                corrected_at=datetime.fromisoformat(earlier["corrected_at"]),
                corrected_by=earlier["corrected_by"],
                correction_reason=earlier["correction_reason"],
            )
            for earlier in self.earlier_decisions
        ]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("aid request")
        verbose_name_plural = _("aid requests")
        constraints = [
            models.CheckConstraint(condition=Q(amount_requested__gt=0), name="aid_amount_positive")
        ]
