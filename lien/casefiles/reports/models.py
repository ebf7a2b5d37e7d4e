"""The social report (rapport social, évaluation sociale) written for an aid request: read
with the person, who agrees to it before it leaves for the committee."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..aid.models import AidRequest
from ..budget.models import BudgetSheet
from ..versioning import Versioned


class SocialReport(Versioned):
    aid_request = models.OneToOneField(
        AidRequest,
        on_delete=models.CASCADE,
        related_name="social_report",
        verbose_name=_("aid request"),
    )
    # Pre-filled from the file (the situation items the catalogue allows for financial
    # aid), then corrected by the worker.
    situation = models.TextField(_("situation"), blank=True)
    # The budget version the report cites; an earlier version is kept, never changed.
    budget_sheet = models.ForeignKey(
        BudgetSheet,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("budget cited"),
    )
    tried = models.TextField(_("what was tried"), blank=True)
    request_text = models.TextField(_("the request"), blank=True)
    # The worker's own words: checked by the free-text guard like a note.
    assessment = models.TextField(_("the social worker's assessment"), blank=True)
    # The person read the report and agreed to it being sent; any later change clears
    # the agreement, to be asked again.
    agreed_on = models.DateField(_("the person agreed on"), null=True, blank=True)
    agreement_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agreement recorded by"),
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("written by"),
    )

    class Meta:
        verbose_name = _("social report")
        verbose_name_plural = _("social reports")
