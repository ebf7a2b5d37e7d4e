"""The person's consent to appointment reminders (and its withdrawal), and each reminder
sent or tried. A message's text is never stored: it is made from the appointment when
sent, and says nothing but the date, the time and the place."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..appointments.models import Appointment
from ..files.models import CaseFile
from ..households.models import Person


class ReminderChannel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    SMS = "sms", _("text message (SMS)")


class ReminderConsent(models.Model):
    """That the person agreed, on `given_on`, to be reminded of their appointments on this
    channel at this address; withdrawn on `withdrawn_on`. Never deleted while the file
    lives: the dates are the proof of what was allowed when."""

    casefile = models.ForeignKey(
        CaseFile,
        on_delete=models.CASCADE,
        related_name="reminder_consents",
        verbose_name=_("case file"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="reminder_consents", verbose_name=_("person")
    )
    channel = models.CharField(_("channel"), max_length=5, choices=ReminderChannel.choices)
    # The mobile number (international form, +33…) or the e-mail address the person gave
    # for the reminders.
    address = models.CharField(_("number or address"), max_length=254)
    given_on = models.DateField(_("consent given on"), default=timezone.localdate)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    withdrawal_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("withdrawal recorded by"),
    )

    class Meta:
        ordering = ["-given_on", "-pk"]
        verbose_name = _("consent to reminders")
        verbose_name_plural = _("consents to reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "channel"],
                condition=Q(withdrawn_on__isnull=True),
                name="one_running_reminder_consent_per_channel",
            )
        ]

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("to send")
    SENT = "sent", _("sent")
    RETRYING = "retrying", _("failed, will be tried again")
    GAVE_UP = "gave_up", _("failed, given up")
    CANCELLED = "cancelled", _("not sent (consent withdrawn or appointment changed)")


class MessageFailure(models.TextChoices):
    NONE = "", pgettext_lazy("reminder failure", "none")
    REFUSED = "refused", _("refused by the provider")
    UNREACHABLE = "unreachable", _("provider unreachable")


class ReminderMessage(models.Model):
    """One reminder of an appointment on one consent: its state and tries, not its text."""

    appointment = models.ForeignKey(
        Appointment,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("appointment"),
    )
    consent = models.ForeignKey(
        ReminderConsent,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("consent"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    failure = models.CharField(
        _("last failure"), max_length=12, choices=MessageFailure.choices, blank=True
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("appointment reminder")
        verbose_name_plural = _("appointment reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "consent"], name="one_reminder_per_appointment_consent"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
