"""Notes, and who else than its author may read a private one, and why.

A note is private to its author unless written for the team or shared: professional
secrecy. Its text is stored encrypted (`crypto.py`).

A share is the author's own act (secret partagé): named colleagues, a reason, an end
date. An inheritance is the office manager's act when the author has left: the
successor reads the departed author's private notes of a file from then on. Rows are
revoked, never deleted, so the file keeps the history of who could read what.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..files.models import CaseFile
from ..versioning import Versioned
from .crypto import EncryptedTextField


class NoteVisibility(models.TextChoices):
    PRIVATE = "private", _("only me")
    TEAM = "team", _("the social workers of the office")


class Note(Versioned):
    """A narrative note. Private to its author unless shared: professional secrecy."""

    casefile = models.ForeignKey(
        CaseFile, on_delete=models.CASCADE, related_name="notes", verbose_name=_("case file")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="notes",
        verbose_name=_("author"),
    )
    visibility = models.CharField(
        _("visible to"),
        max_length=10,
        choices=NoteVisibility.choices,
        default=NoteVisibility.PRIVATE,
    )
    text = EncryptedTextField(_("text"))  # ciphertext in the database: notes/crypto.py

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")


class AccessKind(models.TextChoices):
    SHARE = "share", _("shared by the author")
    INHERITANCE = "inheritance", _("inherited from a departed author")


class NoteAccess(models.Model):
    note = models.ForeignKey(
        "casefiles.Note", on_delete=models.CASCADE, related_name="accesses", verbose_name=_("note")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=AccessKind.choices)
    grantee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("colleague"),
    )
    reason = models.TextField(_("reason"))
    expires_on = models.DateField(_("until"), null=True, blank=True)  # none for inheritance
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["granted_at"]
        verbose_name = _("access to a note")
        verbose_name_plural = _("accesses to notes")

    def __str__(self):
        return f"{self.get_kind_display()} → {self.grantee}"
