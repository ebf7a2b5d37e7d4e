"""The case file. Everything personal hangs from a CaseFile, and a CaseFile belongs to one
office: that is what makes access office-scoped. Business rules live in the services."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.offices.models import Office

from ..households.models import Household
from ..versioning import Versioned


class FileStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class CloseReason(models.TextChoices):
    GOALS_MET = "goals_met", _("support completed")
    MOVED = "moved", _("household moved away")
    NO_CONTACT = "no_contact", _("no contact for a long time")
    REFERRED = "referred", _("referred to another service")
    DECLINED = "declined", _("the person no longer wishes to be supported")
    DECEASED = "deceased", _("death")
    OTHER = "other", _("other reason")


class CaseFile(Versioned):
    """The file of a household in one office."""

    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="casefiles", verbose_name=_("household")
    )
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="casefiles", verbose_name=_("office")
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="caseload",
        verbose_name=_("referent"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=FileStatus.choices, default=FileStatus.OPEN
    )
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.CharField(
        _("reason for closing"), max_length=20, choices=CloseReason.choices, blank=True
    )
    # The retention clock: the last contact coming from the person (a letter sent by the
    # service does not restart it). Kept here so the retention engine needs no scan.
    last_contact_on = models.DateField(_("last contact from the household"), null=True, blank=True)
    # The retention engine's marks (lien/privacy/retention_engine.py). An archived file
    # leaves every list and search (see scope.py); an anonymised one keeps no identity.
    archived_on = models.DateField(_("archived on"), null=True, blank=True)
    anonymised_on = models.DateField(_("anonymised on"), null=True, blank=True)
    legal_hold = models.BooleanField(_("legal hold"), default=False)
    legal_hold_reason = models.CharField(_("reason for the legal hold"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("case file")
        verbose_name_plural = _("case files")
        constraints = [
            models.UniqueConstraint(
                fields=["household", "office"],
                condition=Q(status=FileStatus.OPEN),
                name="one_open_file_per_household_and_office",
            ),
        ]
        indexes = [
            models.Index(fields=["office", "status"]),
            models.Index(fields=["referent", "status"]),
            # A worker's caseload in the order it is shown (open first, most recent
            # contact first, which in SQLite's descending order puts the never-contacted
            # last), its scope columns after: a page reads 50 entries, the count none of
            # the rows (SQLite; PostgreSQL sorts the worker's few hundred files).
            models.Index(
                fields=[
                    "referent",
                    "-status",
                    "-last_contact_on",
                    "-opened_on",
                    "-id",
                    "office",
                    "archived_on",
                ],
                name="casefile_caseload_order",
            ),
            # The retention engine's candidates, walked in id order batch by batch: only
            # the closed files still holding identity, not the whole table.
            models.Index(
                fields=["id"],
                condition=Q(status=FileStatus.CLOSED, anonymised_on__isnull=True),
                name="casefile_retention_candidates",
            ),
        ]

    def __str__(self):
        return _("File %(id)s") % {"id": self.pk}
