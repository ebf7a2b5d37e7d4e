from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..files.models import CaseFile
from ..households.models import Person
from ..versioning import Versioned


class AppointmentKind(models.TextChoices):
    OFFICE = "office", _("at the office")
    HOME = "home", _("home visit")
    PHONE = "phone", _("by phone")


class AppointmentStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    # Logged at reception: the person is in the waiting room (the worker's home page says so).
    ARRIVED = "arrived", _("arrived")
    DONE = "done", _("took place")
    MISSED = "missed", _("missed")
    CANCELLED = "cancelled", _("cancelled")


class Appointment(Versioned):
    casefile = models.ForeignKey(
        CaseFile, on_delete=models.CASCADE, related_name="appointments", verbose_name=_("case file")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="appointments", verbose_name=_("person")
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("with"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    kind = models.CharField(
        _("kind"), max_length=10, choices=AppointmentKind.choices, default=AppointmentKind.OFFICE
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.PLANNED,
    )
    arrived_at = models.DateTimeField(_("arrived at"), null=True, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("booked by"),
    )

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="appointment_ends_after_start"
            )
        ]
        # The worker's diary; the reception desk's day (all the office's workers).
        indexes = [models.Index(fields=["worker", "starts_at"]), models.Index(fields=["starts_at"])]
