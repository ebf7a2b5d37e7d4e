from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StoredFile(models.Model):
    """The bytes of an uploaded file (a document of a case file), encrypted, in the
    database: every application server reads the same, and the backup, the retention
    run and the erasure of a file reach them with the rows (docs/admin/documents.md)."""

    # A backup holds this many rows in memory at once (each up to the upload limit).
    BACKUP_BATCH = 4

    name = models.CharField(_("stored name"), max_length=255, unique=True)
    sealed = models.BinaryField(_("encrypted content"))
    key_id = models.CharField(_("key id"), max_length=8, db_index=True)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    stored_at = models.DateTimeField(_("stored at"), default=timezone.now)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")

    def __str__(self) -> str:
        return str(_("stored file %(id)s") % {"id": self.pk})
