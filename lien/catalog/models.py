"""The catalogue: the only things a file may record in structured form.

Problems, interventions, aid types and situation values all point to an Item, so that
what is collected is decided (and justified) here, not in the code. Each item carries its
own justification (purposes, legal basis, retention, who may see it, whether and how it
feeds statistics); the register of processing is generated from these fields.

This module imports nothing from the rest of Lien but the catalogue's own `coarsening`
and `value_types` (role and retention codes are plain strings checked by the services),
so that the `stats` app may read items without reaching the accounts or the privacy app.
Rules live in `rules.py` and `services.py`.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from .coarsening import Coarsening
from .value_types import ValueType, spec_of


class Family(models.TextChoices):
    SITUATION = "situation", _("household situation")
    PROBLEM = "problem", _("problem")
    INTERVENTION = "intervention", _("intervention")
    AID = "aid", _("financial aid")
    POPULATION_SURVEY = "population_survey", _("population survey")


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    ACTIVE = "active", _("active")
    DEPRECATED = "deprecated", _("deprecated")
    RETIRED = "retired", _("retired")


class Sensitivity(models.TextChoices):
    ORDINARY = "ordinary", _("ordinary")
    SENSITIVE = "sensitive", _("sensitive (GDPR art. 9)")
    OFFENCES = "offences", _("offences and convictions (GDPR art. 10)")
    FORBIDDEN = "forbidden", _("forbidden")


class Purpose(models.TextChoices):
    SOCIAL_SUPPORT = "social_support", _("social support of the household")
    ACCESS_TO_RIGHTS = "access_to_rights", _("access to rights")
    FINANCIAL_AID = "financial_aid", _("instruction and payment of financial aid")
    CHILD_PROTECTION = "child_protection", _("child protection (referral to the unit)")
    RECEPTION = "reception", _("reception and appointments")
    ACTIVITY_STATISTICS = "activity_statistics", _("activity statistics")


class LegalBasis(models.TextChoices):
    PUBLIC_TASK = "public_task", _("task in the public interest (GDPR art. 6.1.e)")
    LEGAL_OBLIGATION = "legal_obligation", _("legal obligation (GDPR art. 6.1.c)")
    VITAL_INTERESTS = "vital_interests", _("vital interests (GDPR art. 6.1.d)")
    CONSENT = "consent", _("consent (GDPR art. 6.1.a)")


class RetentionFamily(models.TextChoices):
    # The same codes as lien.privacy.inventory.Retention; the periods are in
    # lien.privacy.retention.
    ACTIVE_FILE = "active_file", _("case file (2 years after the last contact)")
    AID_DECISION = "aid_decision", _("aid decision (archived 5 years)")


class CoarseningMethod(models.TextChoices):
    NONE = Coarsening.NONE, _("does not feed statistics")
    AS_IS = Coarsening.AS_IS, _("counted as is (already a category)")
    AGE_BAND = Coarsening.AGE_BAND, _("age band")
    AMOUNT_BAND = Coarsening.AMOUNT_BAND, _("amount band")
    COUNT_BAND = Coarsening.COUNT_BAND, _("count band (0, 1, 2, 3, 4+)")


class ItemQuerySet(models.QuerySet):
    def offered(self, *families: str):
        """Items a worker may choose today. Retired ones stay readable in old files."""
        return self.filter(family__in=families, status=Status.ACTIVE)


class Item(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    family = models.CharField(_("family"), max_length=20, choices=Family.choices)
    label_fr = models.CharField(_("French label"), max_length=200)
    label_en = models.CharField(_("English label"), max_length=200)
    help_fr = models.CharField(_("French help text"), max_length=300, blank=True)
    help_en = models.CharField(_("English help text"), max_length=300, blank=True)
    # The types and what each accepts are in value_types.py.
    value_type = models.CharField(
        _("type of value"), max_length=20, choices=ValueType.choices, default=ValueType.YES_NO
    )
    # [{"code": "...", "fr": "...", "en": "..."}]: kept on the row so that a form of 400
    # items is built from one query.
    choices = models.JSONField(_("choices"), default=list, blank=True)
    sensitivity = models.CharField(
        _("sensitivity"), max_length=12, choices=Sensitivity.choices, default=Sensitivity.ORDINARY
    )
    purposes = models.JSONField(_("purposes"), default=list, blank=True)
    legal_basis = models.CharField(
        _("legal basis"), max_length=20, choices=LegalBasis.choices, blank=True
    )
    retention_family = models.CharField(
        _("retention"), max_length=20, choices=RetentionFamily.choices, blank=True
    )
    # Role codes (lien.accounts.roles.Role) allowed to see the item's values.
    visible_to_roles = models.JSONField(_("roles that may see it"), default=list, blank=True)
    feeds_statistics = models.BooleanField(_("feeds statistics"), default=False)
    coarsening = models.CharField(
        _("coarsening for statistics"),
        max_length=20,
        choices=CoarseningMethod.choices,
        default=CoarseningMethod.NONE,
    )
    owner = models.CharField(_("owner"), max_length=150, blank=True)
    justification = models.TextField(_("justification"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    # A sensitive item is proposed by one person and approved by the DPO, another person.
    approval_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed for activation by"),
    )
    approval_requested_at = models.DateTimeField(_("proposed on"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved on"), null=True, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    # Whether recording this intervention means the person was in contact (an interview,
    # a home visit), which restarts the retention clock; a letter sent by the service does not.
    counts_as_contact = models.BooleanField(_("counts as a contact from the person"), default=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["family", "position", "code"]
        verbose_name = _("catalogue item")
        verbose_name_plural = _("catalogue items")
        indexes = [models.Index(fields=["family", "status"])]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return self.label_en if _english() else self.label_fr

    @property
    def help_text(self) -> str:
        return self.help_en if _english() else self.help_fr

    @property
    def is_sensitive(self) -> bool:
        return self.sensitivity in (Sensitivity.SENSITIVE, Sensitivity.OFFENCES)

    @property
    def awaiting_approval(self) -> bool:
        return self.approval_requested_at is not None and self.status == Status.DRAFT

    def choice_pairs(self) -> list[tuple[str, str]]:
        key = "en" if _english() else "fr"
        return [(c["code"], c.get(key) or c["code"]) for c in self.choices or []]

    def display_value(self, value: str) -> str:
        """A stored value as the reader should see it (choice labels, yes/no)."""
        return spec_of(self).display(self, value)


def _english() -> bool:
    return (get_language() or "fr").startswith("en")


class ChangeKind(models.TextChoices):
    CREATED = "created", _("created")
    CHANGED = "changed", _("changed")
    PROPOSED = "proposed", _("proposed for activation")
    APPROVED = "approved", _("approved by the DPO")
    REFUSED = "refused", _("refused by the DPO")
    ACTIVATED = "activated", _("activated")
    STATUS = "status", _("status changed")
    IMPORTED = "imported", _("imported")


class ItemChange(models.Model):
    """The full history of an item: who changed what, when, old and new values."""

    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="changes", verbose_name=_("item")
    )
    at = models.DateTimeField(_("date and time"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    kind = models.CharField(_("kind of change"), max_length=12, choices=ChangeKind.choices)
    # {"field": [old, new]}
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("change of an item")
        verbose_name_plural = _("changes of items")

    def __str__(self):
        """ "Modifié le 2 décembre 2026 10:24 par Marc Petit" (the administration site
        names each row of the history so); the fields it changed: `history.py`."""
        values = {
            "kind": capfirst(self.get_kind_display()),
            "date": date_format(timezone.localtime(self.at), "DATETIME_FORMAT"),
            "actor": self.actor or gettext("the system"),
        }
        return gettext("%(kind)s on %(date)s by %(actor)s") % values


class CatalogueVersion(models.Model):
    """A numbered snapshot of the whole catalogue, taken at each import or on request,
    so that two versions can be compared."""

    number = models.PositiveIntegerField(_("number"), unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    # {code: {field: value}}
    snapshot = models.JSONField(_("snapshot"), default=dict)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("catalogue version")
        verbose_name_plural = _("catalogue versions")

    def __str__(self):
        return f"v{self.number}"
