"""A merge of two persons or two households found as duplicates, and its journal: every
row the merge changed or removed, with what it held before, so that undoing it restores
exactly what was there."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lien.offices.models import Office


class MergeKind(models.TextChoices):
    PERSON = "person", _("two persons")
    HOUSEHOLD = "household", _("two households")


class Merge(models.Model):
    kind = models.CharField(_("what was merged"), max_length=10, choices=MergeKind.choices)
    # The office whose manager merged: the merge is listed there, and undone from there.
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="+", verbose_name=_("office")
    )
    # Keys, not foreign keys: the absorbed person or household stays as an empty row, and
    # the merge must outlive what retention later removes.
    kept_id = models.PositiveBigIntegerField(_("record kept"))
    absorbed_id = models.PositiveBigIntegerField(_("record absorbed"))
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("merged by"),
    )
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("undone by"),
    )
    # What the statistical layer returned when told of a household merge: an opaque key
    # of its own record of the merge, handed back to undo it. Says nothing of the household.
    statistics_handle = models.CharField(_("statistical handle"), max_length=36, blank=True)

    class Meta:
        verbose_name = _("merge of duplicates")
        verbose_name_plural = _("merges of duplicates")
        ordering = ["-merged_at", "-pk"]

    @property
    def undo_until(self):
        """The end of the period within which the merge may be undone."""
        return self.merged_at + timedelta(days=settings.LIEN_MERGE_UNDO_DAYS)


class JournalEntry(models.Model):
    """One row changed (`field` and its former value) or removed (`snapshot`, the row as
    Django's serialiser writes it) by a merge."""

    merge = models.ForeignKey(
        Merge, on_delete=models.CASCADE, related_name="journal", verbose_name=_("merge")
    )
    model = models.CharField(_("model"), max_length=100)
    object_pk = models.CharField(_("row key"), max_length=40)
    field = models.CharField(_("field"), max_length=60, blank=True)
    former_value = models.JSONField(_("former value"), null=True, blank=True)
    snapshot = models.JSONField(_("row removed"), null=True, blank=True)

    class Meta:
        verbose_name = _("merge journal entry")
        verbose_name_plural = _("merge journal entries")
        ordering = ["pk"]
