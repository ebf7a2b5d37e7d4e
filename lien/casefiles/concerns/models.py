from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..files.models import CaseFile
from ..households.models import Person
from ..notes.crypto import EncryptedTextField
from ..referrals.models import Partner
from ..versioning import Versioned


class ConcernFollowUp(models.TextChoices):
    SENT = "sent", _("sent, not acknowledged yet")
    ACKNOWLEDGED = "acknowledged", _("acknowledged by the CRIP")
    ASSESSMENT = "assessment", _("assessment under way")
    NO_FURTHER_ACTION = "no_further_action", _("closed without further action")
    ADMINISTRATIVE_MEASURE = "administrative_measure", _("administrative protection measure")
    JUDICIAL_REFERRAL = "judicial_referral", _("referred to the public prosecutor")


class ChildProtectionConcern(Versioned):
    """An information préoccupante about one or more children of the household, written
    by a social worker and sent to the CRIP. Its account is encrypted at rest like the
    notes. Who may read it is in `selectors.py`, and nowhere else."""

    casefile = models.ForeignKey(
        CaseFile,
        on_delete=models.CASCADE,
        related_name="child_protection_concerns",
        verbose_name=_("case file"),
    )
    children = models.ManyToManyField(
        Person, related_name="+", verbose_name=_("children concerned")
    )
    account = EncryptedTextField(_("account of the concern"))
    crip = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="+", verbose_name=_("sent to")
    )
    sent_on = models.DateField(_("sent on"), default=timezone.localdate)
    # The proof of transmission: the CRIP's acknowledgement, by its reference and date.
    proof_reference = models.CharField(_("acknowledgement reference"), max_length=80, blank=True)
    proof_received_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    follow_up = models.CharField(
        _("follow-up"), max_length=30, choices=ConcernFollowUp.choices, default=ConcernFollowUp.SENT
    )
    follow_up_on = models.DateField(_("follow-up known on"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )

    class Meta:
        ordering = ["-sent_on", "-pk"]
        verbose_name = _("child-protection concern")
        verbose_name_plural = _("child-protection concerns")
