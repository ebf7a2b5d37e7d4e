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


class PreparedFile(models.Model):
    """A file the task worker makes for one agent (a statistics export, a PDF), encrypted
    like the documents and erased LIEN_PREPARED_FILE_HOURS after it was asked for
    (lien/storage/prepared.py). Never in a backup: it is made again on demand."""

    # What builds it (a key of prepared.BUILDERS) and with what (grid, office, year…).
    kind = models.CharField(_("kind"), max_length=40)
    parameters = models.JSONField(_("parameters"), default=dict)
    # A plain id: the storage sits below the accounts. Only this agent may fetch it.
    requested_by_id = models.BigIntegerField(_("requested by"), db_index=True)
    job = models.ForeignKey(
        "background.Job",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("background job"),
    )
    file_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    key_id = models.CharField(_("key id"), max_length=8, blank=True)
    sealed = models.BinaryField(_("encrypted content"), default=b"")
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("erased after"), db_index=True)

    class Meta:
        verbose_name = _("prepared file")
        verbose_name_plural = _("prepared files")

    def __str__(self) -> str:
        return str(_("prepared file %(id)s") % {"id": self.pk})
