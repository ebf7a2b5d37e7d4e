from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lien.catalog.models import Item

from ..files.models import CaseFile
from ..versioning import Versioned


class AidStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    GRANTED = "granted", _("granted")
    REFUSED = "refused", _("refused")
    WITHDRAWN = "withdrawn", _("withdrawn")


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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("aid request")
        verbose_name_plural = _("aid requests")
        constraints = [
            models.CheckConstraint(condition=Q(amount_requested__gt=0), name="aid_amount_positive")
        ]
