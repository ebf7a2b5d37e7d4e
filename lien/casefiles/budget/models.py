"""The household budget sheet (fiche budgétaire): dated versions kept with the file, each
with its monthly lines of income (by member and source) and of charges."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..files.models import CaseFile
from ..households.models import Person
from ..versioning import Versioned


class Direction(models.TextChoices):
    INCOME = "income", _("income")
    CHARGE = "charge", _("charge")


class IncomeSource(models.TextChoices):
    WAGES = "wages", _("wages")
    UNEMPLOYMENT = "unemployment", _("unemployment benefit (ARE)")
    RSA = "rsa", _("RSA")
    ACTIVITY_BONUS = "activity_bonus", _("prime d'activité")
    HOUSING = "housing", _("housing benefit (APL, ALS, ALF)")
    AAH = "aah", _("AAH")
    FAMILY = "family", _("family allowances")
    PENSION = "retirement_pension", _("pension")
    ALIMONY = "alimony", _("maintenance payment received")
    DAILY_SICKNESS = "sickness", _("daily sickness benefit")
    OTHER = "other_income", _("other income")


class ChargeKind(models.TextChoices):
    RENT = "rent", _("rent or mortgage")
    ENERGY = "energy", _("energy (electricity, gas, fuel)")
    WATER = "water", _("water")
    INSURANCE = "insurance", _("insurance and health cover")
    TRANSPORT = "transport", _("transport")
    TELECOM = "telecom", _("telephone and internet")
    CHILDCARE = "childcare", _("childcare and school canteen")
    TAXES = "local_taxes", _("taxes")
    ALIMONY = "alimony_paid", _("maintenance payment paid")
    DEBT = "debt", _("debt repayment or repayment plan")
    OTHER = "other_charge", _("other charge")


CATEGORY_LABELS = dict(IncomeSource.choices) | dict(ChargeKind.choices)


class BudgetSheet(Versioned):
    """One dated version of the household's budget. A new version starts as a copy of the
    last one; only the latest version of a file may still be changed."""

    casefile = models.ForeignKey(
        CaseFile,
        on_delete=models.CASCADE,
        related_name="budget_sheets",
        verbose_name=_("case file"),
    )
    dated_on = models.DateField(_("budget date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["-dated_on", "-pk"]
        verbose_name = _("budget sheet")
        verbose_name_plural = _("budget sheets")


class BudgetLine(models.Model):
    sheet = models.ForeignKey(
        BudgetSheet, on_delete=models.CASCADE, related_name="lines", verbose_name=_("budget sheet")
    )
    direction = models.CharField(_("income or charge"), max_length=6, choices=Direction.choices)
    category = models.CharField(
        _("category"), max_length=20, choices=[*IncomeSource.choices, *ChargeKind.choices]
    )
    # Whose income it is (a charge is the household's: no member).
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member"),
    )
    monthly_amount = models.DecimalField(_("monthly amount"), max_digits=9, decimal_places=2)
    # A few words, e.g. the creditor of a repayment plan: shown to the person, never
    # counted.
    detail = models.CharField(_("detail"), max_length=80, blank=True)

    class Meta:
        ordering = ["direction", "pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(monthly_amount__gt=0), name="budget_line_amount_positive"
            )
        ]

    @property
    def category_label(self) -> str:
        return str(CATEGORY_LABELS.get(self.category, self.category))
