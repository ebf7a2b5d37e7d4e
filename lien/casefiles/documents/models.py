from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..files.models import CaseFile
from ..households.models import Person


class DocumentKind(models.TextChoices):
    IDENTITY = "identity", _("identity document")
    RESOURCES = "resources", _("proof of resources")
    HOUSING = "housing", _("proof of address or housing")
    OTHER = "other", _("other supporting document")


class Document(models.Model):
    """A scanned document (identity, proofs) kept with a file. The bytes live under
    MEDIA_ROOT, which is never served as static files: they are only sent by a view that
    looks the document up through a selector."""

    casefile = models.ForeignKey(
        CaseFile, on_delete=models.CASCADE, related_name="documents", verbose_name=_("case file")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("concerns"),
    )
    kind = models.CharField(_("kind of document"), max_length=12, choices=DocumentKind.choices)
    # The stored name is random: the original file name may contain a person's name.
    file = models.FileField(_("file"), upload_to="documents/%Y/%m/", max_length=200)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
