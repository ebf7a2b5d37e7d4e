"""Letters: the templates the administrator writes, and each letter produced from one for
a file (what was produced, when, by whom, in which format; not its text, which the
template and the file give again)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.catalog.models import Purpose

from ..aid.models import AidRequest
from ..files.models import CaseFile


class LetterKind(models.TextChoices):
    DECISION_GRANTED = "granted", _("decision letter: aid granted")
    DECISION_REFUSED = "refused", _("decision letter: aid refused")
    DECISION_ADJOURNED = "adjourned", _("decision letter: request adjourned")
    CONVOCATION = "convocation", _("convocation")
    ATTESTATION = "attestation", _("attestation of follow-up")
    PARTNER = "partner", _("letter to a partner")
    OTHER = "other", _("other letter")


# The kinds that speak of an aid request: produced from one.
ABOUT_AID = (
    LetterKind.DECISION_GRANTED,
    LetterKind.DECISION_REFUSED,
    LetterKind.DECISION_ADJOURNED,
)


class LetterFormat(models.TextChoices):
    PDF = "pdf", _("PDF")
    ODT = "odt", _("OpenDocument text (ODT)")


class LetterTemplate(models.Model):
    """Written by the administrator; its placeholders are checked against what the
    catalogue allows for its purpose when it is saved."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind of letter"), max_length=12, choices=LetterKind.choices)
    purpose = models.CharField(
        _("purpose"), max_length=20, choices=Purpose.choices, default=Purpose.SOCIAL_SUPPORT
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(
        _("body"),
        help_text=_("Placeholders are written {{ name }}; the list shows those allowed."),
    )
    is_active = models.BooleanField(_("offered"), default=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")

    def __str__(self) -> str:
        return self.name


class Letter(models.Model):
    casefile = models.ForeignKey(
        CaseFile, on_delete=models.CASCADE, related_name="letters", verbose_name=_("case file")
    )
    template = models.ForeignKey(
        LetterTemplate, on_delete=models.PROTECT, related_name="+", verbose_name=_("template")
    )
    aid_request = models.ForeignKey(
        AidRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("aid request"),
    )
    format = models.CharField(_("format"), max_length=3, choices=LetterFormat.choices)
    produced_at = models.DateTimeField(_("produced at"), default=timezone.now)
    produced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("produced by"),
    )

    class Meta:
        ordering = ["-produced_at", "-pk"]
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
