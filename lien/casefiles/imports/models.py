"""An import of households from a spreadsheet, from its upload to its end: the uploaded
file waits here between the validation report and the manager's confirmation, and the
row tells the page how the import went."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.background.models import Job
from lien.offices.models import Office


class ImportStatus(models.TextChoices):
    CHECKED = "checked", _("checked, waiting for confirmation")
    RUNNING = "running", _("importing")
    DONE = "done", _("imported")
    FAILED = "failed", _("failed, nothing imported")
    ABANDONED = "abandoned", _("abandoned")


class HouseholdImport(models.Model):
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="+", verbose_name=_("office")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("imported by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    # The uploaded spreadsheet, kept only until the import ends or is abandoned (then
    # emptied): it holds the persons' identities.
    content = models.BinaryField(_("file content"), blank=True, default=b"")
    file_name = models.CharField(_("file name"), max_length=200)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    households = models.PositiveIntegerField(_("valid households"), default=0)
    persons = models.PositiveIntegerField(_("persons of the valid households"), default=0)
    # [[line, reason], …]: what the manager must correct, by line of the file.
    errors = models.JSONField(_("invalid rows"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.CHECKED
    )
    valid_only = models.BooleanField(_("valid rows only"), default=False)
    imported = models.PositiveIntegerField(_("households imported"), default=0)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The SHA-256 of the uploaded file, kept after its content is erased: the same file is
    # not imported twice (a constraint, below, whatever two managers do at once).
    digest = models.CharField(_("digest of the file"), max_length=64, blank=True, db_index=True)
    # The background job that writes it, once confirmed (its progress, its worker).
    job = models.OneToOneField(
        Job,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="household_import",
        verbose_name=_("background job"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["digest"],
                condition=Q(status__in=["running", "done"]) & ~Q(digest=""),
                name="a_file_is_imported_once",
            )
        ]
        verbose_name = _("household import")
        verbose_name_plural = _("household imports")
