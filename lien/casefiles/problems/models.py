from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.catalog.models import Item

from ..files.models import CaseFile
from ..versioning import Versioned


class Problem(Versioned):
    """A problem identified with the household, from the catalogue's problem family."""

    casefile = models.ForeignKey(
        CaseFile, on_delete=models.CASCADE, related_name="problems", verbose_name=_("case file")
    )
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="+", verbose_name=_("problem")
    )
    opened_on = models.DateField(_("identified on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["-opened_on"]
        verbose_name = _("problem")
        verbose_name_plural = _("problems")

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class Intervention(models.Model):
    casefile = models.ForeignKey(
        CaseFile,
        on_delete=models.CASCADE,
        related_name="interventions",
        verbose_name=_("case file"),
    )
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="+", verbose_name=_("intervention")
    )
    problems = models.ManyToManyField(
        Problem, related_name="interventions", blank=True, verbose_name=_("problems addressed")
    )
    occurred_on = models.DateField(_("date"), default=timezone.localdate)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Not a column: the problems it addressed, set for the file page by its selector.
    addressed_problems: list[Problem]

    class Meta:
        ordering = ["-occurred_on", "-created_at"]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
