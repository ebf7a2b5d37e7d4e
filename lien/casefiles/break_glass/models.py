from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.casefiles.files.models import CaseFile


class BreakGlassGrant(models.Model):
    """A social worker's emergency access to one file of another office, until
    `expires_at`. Rows are never changed: an access ends by expiring."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agent"),
    )
    casefile = models.ForeignKey(
        CaseFile, on_delete=models.CASCADE, related_name="+", verbose_name=_("case file")
    )
    reason = models.TextField(_("reason"))
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        ordering = ["-granted_at", "-id"]
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")
        indexes = [models.Index(fields=["actor", "expires_at"])]

    def __str__(self):
        return _("Emergency access %(id)s") % {"id": self.pk}
