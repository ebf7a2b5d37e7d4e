from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.catalog.models import Item

from ..files.models import CaseFile


class SituationValue(models.Model):
    """A value of a situation item for a file. A change supersedes the row instead of
    overwriting it, so that a rectification keeps the old value in the history."""

    casefile = models.ForeignKey(
        CaseFile, on_delete=models.CASCADE, related_name="situation", verbose_name=_("case file")
    )
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="+", verbose_name=_("item")
    )
    value = models.CharField(_("value"), max_length=200)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("situation value")
        verbose_name_plural = _("situation values")
        constraints = [
            models.UniqueConstraint(
                fields=["casefile", "item"],
                condition=Q(superseded_at__isnull=True),
                name="one_current_value_per_item",
            ),
        ]
