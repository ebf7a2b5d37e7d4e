"""Partners (CAF, CCAS, MDPH, France Travail, associations, the CRIP) and what each may
receive; what a person agreed to share, item by item; and the referrals sent.

A referral carries only catalogue items, each one the person agreed to share (and not
withdrawn) and the partner may receive: `services.refer` refuses any other."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.catalog.models import Item

from ..files.models import CaseFile
from ..households.models import Person
from ..versioning import Versioned


class PartnerKind(models.TextChoices):
    CAF = "caf", _("family allowance fund (CAF)")
    CCAS = "ccas", _("town social-action centre (CCAS)")
    MDPH = "mdph", _("disability centre (MDPH)")
    FRANCE_TRAVAIL = "france_travail", _("France Travail")
    ASSOCIATION = "association", _("association")
    CRIP = "crip", _("child-protection unit (CRIP)")
    OTHER = "other", _("other partner")


class Partner(models.Model):
    """An organisation the service refers people to: configuration, no person's data.
    Kept by the administrator in the administration site."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    email = models.EmailField(_("functional e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    address = models.TextField(_("address"), blank=True)
    receivable_items = models.ManyToManyField(
        Item, related_name="+", blank=True, verbose_name=_("items it may receive")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self) -> str:
        return self.name


class SharingAgreement(models.Model):
    """The person agreed, on `agreed_on`, that this one item of their file may be sent to
    partners; withdrawn on `withdrawn_on`."""

    casefile = models.ForeignKey(
        CaseFile,
        on_delete=models.CASCADE,
        related_name="sharing_agreements",
        verbose_name=_("case file"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="sharing_agreements",
        verbose_name=_("person"),
    )
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="+", verbose_name=_("item")
    )
    agreed_on = models.DateField(_("agreed on"), default=timezone.localdate)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["item__code", "-agreed_on"]
        verbose_name = _("agreement to share")
        verbose_name_plural = _("agreements to share")
        constraints = [
            models.UniqueConstraint(
                fields=["casefile", "person", "item"],
                condition=Q(withdrawn_on__isnull=True),
                name="one_running_agreement_per_item",
            )
        ]


class ReferralReason(models.TextChoices):
    ACCESS_TO_RIGHTS = "access_to_rights", _("access to rights")
    HOUSING = "housing", _("housing")
    EMPLOYMENT = "employment", _("employment and training")
    HEALTH_DISABILITY = "health_disability", _("health and disability")
    BUDGET = "budget", _("budget and debt")
    FAMILY = "family", _("family and parenting")
    OTHER = "other", _("other")


class ReferralAnswer(models.TextChoices):
    WAITING = "waiting", _("no answer yet")
    ACCEPTED = "accepted", _("taken up")
    REFUSED = "refused", _("declined")
    REDIRECTED = "redirected", _("redirected elsewhere")


class Referral(Versioned):
    casefile = models.ForeignKey(
        CaseFile, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("case file")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("person")
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("partner")
    )
    reason = models.CharField(_("why"), max_length=20, choices=ReferralReason.choices)
    sent_on = models.DateField(_("sent on"), default=timezone.localdate)
    items = models.ManyToManyField(Item, related_name="+", blank=True, verbose_name=_("items sent"))
    answer = models.CharField(
        _("answer"), max_length=12, choices=ReferralAnswer.choices, default=ReferralAnswer.WAITING
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sent by"),
    )

    class Meta:
        ordering = ["-sent_on", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
