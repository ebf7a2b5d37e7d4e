"""A committee session (commission) of one aid scheme: its date, its members, and its
agenda of requests submitted in every office. The committee secretary records each
decision taken in session; the members read the requests of their agenda on the day of
the session only."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..aid.models import AidRequest
from ..documents.models import DocumentKind
from ..schemes.models import AidScheme, SchemeReason


class CommitteeSession(models.Model):
    scheme = models.ForeignKey(
        AidScheme, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("aid scheme")
    )
    held_on = models.DateField(_("date of the session"))
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="committee_sessions", verbose_name=_("members")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("prepared by"),
    )
    created_at = models.DateTimeField(_("prepared at"), default=timezone.now)
    # Once closed, the members no longer see the agenda and no decision is added.
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("committee session")
        verbose_name_plural = _("committee sessions")

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def sitting_today(self) -> bool:
        """The members read the agenda for the session's duration: its day, until closed."""
        return self.is_open and self.held_on == timezone.localdate()


class AgendaOutcome(models.TextChoices):
    PENDING = "pending", _("to be examined")
    GRANTED = "granted", _("granted")
    PARTIAL = "partial", _("partially granted")
    REFUSED = "refused", _("refused")
    ADJOURNED = "adjourned", _("adjourned, waiting for a document")
    WITHDRAWN = "withdrawn", _("withdrawn by the person")


class AgendaEntry(models.Model):
    session = models.ForeignKey(
        CommitteeSession,
        on_delete=models.CASCADE,
        related_name="entries",
        verbose_name=_("committee session"),
    )
    aid_request = models.ForeignKey(
        AidRequest,
        on_delete=models.CASCADE,
        related_name="agenda_entries",
        verbose_name=_("aid request"),
    )
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=AgendaOutcome.choices, default=AgendaOutcome.PENDING
    )
    amount_granted = models.DecimalField(
        _("amount granted"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    reasons = models.ManyToManyField(
        SchemeReason, blank=True, related_name="+", verbose_name=_("reasons")
    )
    reason_text = models.TextField(_("reasons, in the committee's words"), blank=True)
    # Kinds of document (DocumentKind) the committee waits for, when adjourned.
    missing_documents = models.JSONField(_("missing documents"), default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    decided_at = models.DateTimeField(_("recorded at"), null=True, blank=True)

    class Meta:
        ordering = ["session", "id"]
        verbose_name = _("request on a committee's agenda")
        verbose_name_plural = _("requests on a committee's agenda")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "aid_request"], name="agenda_entry_once_per_session"
            )
        ]

    @property
    def missing_documents_in_words(self) -> list[str]:
        labels = dict(DocumentKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.missing_documents]
