"""An aid scheme (secours d'urgence, FSL énergie, FSL maintien, allocation mensuelle
ASE…) is an aid type of the catalogue with its rules as data: the ceiling, who
instructs and who decides, the documents a request needs, and the closed lists of
reasons a refusal or a partial grant may give. The administrator edits them in the
administration site; the services read them (schemes/rules.py)."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lien.catalog.models import Family, Item

from ..documents.models import DocumentKind


class Instructor(models.TextChoices):
    SOCIAL_WORKER = "social_worker", _("the social worker of the file's office")


class Decider(models.TextChoices):
    COMMITTEE = "committee", _("a committee in session")
    SOCIAL_WORKER = "social_worker", _("the office, recorded by the social worker")


class AidScheme(models.Model):
    aid_type = models.OneToOneField(
        Item,
        on_delete=models.PROTECT,
        related_name="aid_scheme",
        limit_choices_to={"family": Family.AID},
        verbose_name=_("type of aid"),
    )
    ceiling = models.DecimalField(
        _("ceiling per request (€)"),
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    instructed_by = models.CharField(
        _("instructed by"),
        max_length=20,
        choices=Instructor.choices,
        default=Instructor.SOCIAL_WORKER,
    )
    decided_by = models.CharField(
        _("decided by"), max_length=20, choices=Decider.choices, default=Decider.COMMITTEE
    )
    # Kinds of document (DocumentKind) the file must hold before the request is submitted.
    required_documents = models.JSONField(_("required documents"), default=list, blank=True)

    class Meta:
        ordering = ["aid_type__code"]
        verbose_name = _("aid scheme")
        verbose_name_plural = _("aid schemes")

    def __str__(self) -> str:
        return str(self.aid_type.label)

    @property
    def goes_to_committee(self) -> bool:
        return self.decided_by == Decider.COMMITTEE

    @property
    def required_documents_in_words(self) -> list[str]:
        labels = dict(DocumentKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.required_documents]


class ReasonKind(models.TextChoices):
    REFUSAL = "refusal", _("reason for a refusal")
    PARTIAL = "partial", _("reason for a partial grant")


class ReasonFamily(models.TextChoices):
    """The département-wide family of a reason, the same for every scheme: the statistics
    count refusals by family (the reasons' wordings and codes are each scheme's own)."""

    RESOURCES = "resources", _("resources above the scheme's scale")
    ALREADY_HELPED = "already-helped", _("aid already granted, or ceiling for the year reached")
    INCOMPLETE = "incomplete", _("request incomplete")
    NOT_ELIGIBLE = "not-eligible", _("outside the scheme's criteria")
    OTHER_ROUTE = "other-route", _("covered by another scheme or benefit")
    OTHER = "other", _("other reason")


class SchemeReason(models.Model):
    """One reason of the scheme's closed list; a decision picks among them and may add
    text. A reason used once is never deleted (the decision must still say it): it is
    withdrawn from the list instead."""

    scheme = models.ForeignKey(
        AidScheme, on_delete=models.CASCADE, related_name="reasons", verbose_name=_("aid scheme")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReasonKind.choices)
    code = models.SlugField(_("code"), max_length=40)
    text = models.CharField(_("wording"), max_length=300)
    family = models.CharField(
        _("family (for the statistics)"),
        max_length=20,
        choices=ReasonFamily.choices,
        default=ReasonFamily.OTHER,
    )
    in_use = models.BooleanField(_("offered"), default=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("reason of a scheme")
        verbose_name_plural = _("reasons of a scheme")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="scheme_reason_code_unique")
        ]

    def __str__(self) -> str:
        return self.text
