"""The person's rights: the information notices given to them, and their opposition to
statistics. Each record hangs from a file, so that it is office-scoped like the rest."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from lien.base.compiled import compiled
from lien.casefiles.models import CaseFile, Person


class NoticeText(models.Model):
    """One version of the information notice (GDPR art. 13), in French and English.
    A published version is never rewritten: a change of wording is a new version, so that
    what a person was given can always be shown again."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    text_fr = models.TextField(_("text (French)"))
    text_en = models.TextField(_("text (English)"))
    published_on = models.DateField(_("in force from"), default=timezone.localdate)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("information notice")
        verbose_name_plural = _("information notices")

    def __str__(self) -> str:
        return _("Information notice, version %(version)s") % {"version": self.version}

    @property
    def title(self) -> str:
        return self.title_en if (get_language() or "fr").startswith("en") else self.title_fr

    @property
    def text(self) -> str:
        return self.text_en if (get_language() or "fr").startswith("en") else self.text_fr

    @classmethod
    def current(cls) -> "NoticeText | None":
        found = _in_force_on(day=timezone.localdate())
        return found[0] if found else None


@compiled
def _in_force_on(day: date) -> models.QuerySet[NoticeText]:
    """The version in force on that day: read on every file page (compiled once)."""
    return NoticeText.objects.filter(published_on__lte=day).order_by("-version")[:1]


class NoticeMethod(models.TextChoices):
    HANDED = "handed", _("handed over")
    READ_ALOUD = "read_aloud", _("read aloud")
    SENT = "sent", _("sent")


class NoticeGiven(models.Model):
    """That a person was given a version of the notice: when, by whom, how."""

    casefile = models.ForeignKey(
        CaseFile, on_delete=models.CASCADE, related_name="+", verbose_name=_("case file")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="notices", verbose_name=_("person")
    )
    notice = models.ForeignKey(
        NoticeText, on_delete=models.PROTECT, related_name="+", verbose_name=_("notice")
    )
    given_on = models.DateField(_("given on"), default=timezone.localdate)
    method = models.CharField(_("how"), max_length=12, choices=NoticeMethod.choices)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("given by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-given_on", "-created_at"]
        verbose_name = _("notice given")
        verbose_name_plural = _("notices given")


class StatisticsOpposition(models.Model):
    """A person's opposition (GDPR art. 21) to their household being counted in the
    statistics. It stops the statistical record from then on and never blocks help: the
    case-file services go on as before, only `casefiles.statistics` reads it."""

    person = models.OneToOneField(
        Person,
        on_delete=models.CASCADE,
        related_name="statistics_opposition",
        verbose_name=_("person"),
    )
    casefile = models.ForeignKey(
        CaseFile, on_delete=models.CASCADE, related_name="+", verbose_name=_("case file")
    )
    opposed_on = models.DateField(_("opposed on"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("opposition to statistics")
        verbose_name_plural = _("oppositions to statistics")


class RightKind(models.TextChoices):
    ACCESS = "access", _("access (a copy of the data)")
    RECTIFICATION = "rectification", _("rectification")
    LIMITATION = "limitation", _("limitation of processing")
    OPPOSITION = "opposition", _("opposition")
    ERASURE = "erasure", _("erasure")


class RequestStatus(models.TextChoices):
    # A request is feminine in French (« demande ouverte »): with a context of their own,
    # these words are not taken from the files' "open" (« dossier ouvert »).
    OPEN = "open", pgettext_lazy("rights request", "open")
    ANSWERED = "answered", pgettext_lazy("rights request", "answered")
    REFUSED = "refused", pgettext_lazy("rights request", "refused")


class RightsRequest(models.Model):
    """A request of a person to exercise one of their rights (GDPR art. 15 to 21). The
    answer is due within one month of receipt, extendable by two more months with a
    reason given to the person (art. 12(3))."""

    casefile = models.ForeignKey(
        CaseFile, on_delete=models.CASCADE, related_name="+", verbose_name=_("case file")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="rights_requests", verbose_name=_("person")
    )
    kind = models.CharField(_("right exercised"), max_length=15, choices=RightKind.choices)
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    due_on = models.DateField(_("answer due on"))
    extension_reason = models.CharField(_("reason for the extension"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.CharField(_("answer given"), max_length=300, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("rights request")
        verbose_name_plural = _("rights requests")

    def __str__(self) -> str:
        return _("Rights request %(id)s") % {"id": self.pk}

    @property
    def is_extended(self) -> bool:
        return bool(self.extension_reason)

    @property
    def is_overdue(self) -> bool:
        return self.status == RequestStatus.OPEN and self.due_on < timezone.localdate()


class FlagCategory(models.TextChoices):
    """The categories the CNIL warns against in free-text zones."""

    HEALTH = "health", _("health and diagnoses")
    ORIGIN = "origin", _("origin")
    RELIGION = "religion", _("religion")
    OPINIONS = "opinions", _("political or union opinions")
    SEXUAL_LIFE = "sexual_life", _("sex life")
    OFFENCES = "offences", _("offences and convictions")
    JUDGEMENT = "judgement", _("value judgements and insults")


class FreeTextFlagCount(models.Model):
    """How many saved notes touched a category in a month: the free-text guard's only
    trace. No text, no word, no author, no file."""

    category = models.CharField(_("category"), max_length=20, choices=FlagCategory.choices)
    month = models.DateField(_("month"))
    count = models.PositiveIntegerField(_("notes"), default=0)

    class Meta:
        ordering = ["-month", "category"]
        constraints = [
            models.UniqueConstraint(fields=["category", "month"], name="one_flag_count_a_month")
        ]
        verbose_name = _("free-text guard counter")
        verbose_name_plural = _("free-text guard counters")


class Rectification(models.Model):
    """One field of a person corrected (GDPR art. 16): the old value is kept beside the
    new one, with who, when and why, so that a correction never erases what was held
    before. Written by the correcting service itself, never edited afterwards."""

    casefile = models.ForeignKey(
        CaseFile, on_delete=models.CASCADE, related_name="+", verbose_name=_("case file")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="rectifications", verbose_name=_("person")
    )
    field_name = models.CharField(_("field corrected"), max_length=50)
    # Not a column: the field's label, set for display by privacy.selectors.
    field_label: str
    old_value = models.CharField(_("former value"), max_length=300, blank=True)
    new_value = models.CharField(_("new value"), max_length=300, blank=True)
    reason = models.CharField(_("reason for the correction"), max_length=300, blank=True)
    rights_request = models.ForeignKey(
        RightsRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rectifications",
        verbose_name=_("rectification request"),
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("corrected by"),
    )
    changed_at = models.DateTimeField(_("corrected on"), default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")


class Limitation(models.Model):
    """A limitation of processing (GDPR art. 18) applied by the DPO on a file: while it is
    in force the file is only kept: read-only for everyone, every write refused
    (`lien.privacy.limitation.refuse_if_limited`), the retention engine suspended. Lifting
    it is recorded here and in the audit log."""

    casefile = models.ForeignKey(
        CaseFile, on_delete=models.CASCADE, related_name="+", verbose_name=_("case file")
    )
    rights_request = models.ForeignKey(
        RightsRequest,
        on_delete=models.CASCADE,
        related_name="limitations",
        verbose_name=_("limitation request"),
    )
    reason = models.CharField(_("reason for the limitation"), max_length=300)
    since = models.DateTimeField(_("limited since"), default=timezone.now)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("applied by"),
    )
    lifted_at = models.DateTimeField(_("lifted on"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lifted by"),
    )
    lift_reason = models.CharField(_("reason for lifting"), max_length=300, blank=True)

    class Meta:
        ordering = ["-since", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["casefile"],
                condition=models.Q(lifted_at__isnull=True),
                name="one_limitation_in_force_per_file",
            )
        ]
        verbose_name = _("limitation of processing")
        verbose_name_plural = _("limitations of processing")


# Registered with the app from here; the releases of notes live with the rest of their code.
from .releases.models import NoteRelease, ReleaseDecision, WithholdingGround  # noqa: E402, F401
