from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..files.models import CaseFile
from ..versioning import Versioned


class DeadlineKind(models.TextChoices):
    RIGHT_RENEWAL = "right_renewal", _("right to renew")
    DOCUMENT = "document", _("document to bring")
    FOLLOW_UP_CALL = "follow_up_call", _("follow-up call")
    OTHER = "other", _("other reminder")


class Deadline(Versioned):
    """A dated reminder in a file, for the worker it is given to (the file's referent by
    default). Done or not; a done reminder keeps its date and who ticked it."""

    casefile = models.ForeignKey(
        CaseFile, on_delete=models.CASCADE, related_name="deadlines", verbose_name=_("case file")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DeadlineKind.choices)
    # What it is about, in a few words ("RSA", "avis d'imposition"): a label, not a note.
    label = models.CharField(_("what"), max_length=80)
    due_on = models.DateField(_("due on"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="deadlines",
        verbose_name=_("for"),
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        indexes = [models.Index(fields=["assigned_to", "done_on", "due_on"])]

    @property
    def is_done(self) -> bool:
        return self.done_on is not None
