from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..files.models import CaseFile
from ..households.models import Person


class VisitReason(models.TextChoices):
    INFORMATION = "information", _("information or orientation")
    APPOINTMENT = "appointment", _("arrival for an appointment")
    DOCUMENTS = "documents", _("dropping off or collecting documents")
    URGENT = "urgent", _("urgent request")
    OTHER = "other", _("other")


class Visit(models.Model):
    """A passage logged at reception."""

    casefile = models.ForeignKey(
        CaseFile, on_delete=models.CASCADE, related_name="visits", verbose_name=_("case file")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="visits", verbose_name=_("person")
    )
    occurred_at = models.DateTimeField(_("date and time"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=12, choices=VisitReason.choices)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("logged by"),
    )

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        # The reception desk reads one day's visits: without it, every visit of the
        # département's history (615,000 at a million persons: 190 ms a desk).
        indexes = [models.Index(fields=["occurred_at"])]
