"""One decision on one note for one access request: released (the text as released kept,
sealed like the note) or withheld on a legal ground. A decision taken before the note was
last edited no longer counts: the note waits again for its releaser."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.casefiles.notes.crypto import EncryptedTextField


class ReleaseDecision(models.TextChoices):
    RELEASED = "released", _("released")
    WITHHELD = "withheld", _("withheld")


class WithholdingGround(models.TextChoices):
    """The grounds on which a note may be kept out of an access export. The person is told
    which one (GDPR art. 12(4)); a passage about someone else is blacked out rather than
    the whole note withheld, wherever that is enough."""

    THIRD_PARTIES = (
        "third_parties",
        _("its disclosure would harm the rights and freedoms of others (GDPR art. 15(4))"),
    )
    ANOTHER_PERSON = (
        "another_person",
        _("it concerns another member of the household, not the person"),
    )


class NoteRelease(models.Model):
    rights_request = models.ForeignKey(
        "privacy.RightsRequest",
        on_delete=models.CASCADE,
        related_name="note_releases",
        verbose_name=_("access request"),
    )
    note = models.ForeignKey(
        "casefiles.Note", on_delete=models.CASCADE, related_name="+", verbose_name=_("note")
    )
    decision = models.CharField(_("decision"), max_length=10, choices=ReleaseDecision.choices)
    # What the export shows: the note's text with third parties' passages blacked out.
    released_text = EncryptedTextField(_("text as released"), blank=True)
    masked_passages = models.PositiveSmallIntegerField(_("passages blacked out"), default=0)
    ground = models.CharField(
        _("ground for withholding"), max_length=20, choices=WithholdingGround.choices, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        ordering = ["decided_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rights_request", "note"], name="one_release_per_note_and_request"
            )
        ]
        verbose_name = _("release of a note")
        verbose_name_plural = _("releases of notes")
