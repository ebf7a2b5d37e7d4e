"""The forms of the budget sheet: a line of income or charge, a new dated version."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lien.base.fields import AmountField, DateField
from lien.base.forms import LienForm, choice_field

from ..forms import member_choices
from .models import ChargeKind, Direction, IncomeSource


class BudgetLineForm(LienForm):
    """One line; the category's list follows income or charge (both lists are offered,
    grouped, and the service checks the pair)."""

    direction = forms.ChoiceField(
        label=_("Income or charge"),
        choices=Direction.choices,
        initial=Direction.INCOME,
        widget=forms.RadioSelect,
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[
            ("", "—"),
            (_("Income"), IncomeSource.choices),
            (_("Charges"), ChargeKind.choices),
        ],
    )
    person = forms.TypedChoiceField(
        label=_("Whose income"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("For an income only: charges are the household's."),
    )
    monthly_amount = AmountField(label=_("Monthly amount (€)"))
    detail = forms.CharField(
        label=_("Detail (optional)"),
        required=False,
        max_length=80,
        help_text=_("A few words, e.g. the creditor of a repayment plan."),
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "person").choices = [("", "—"), *member_choices(members)]


class NewBudgetForm(LienForm):
    dated_on = DateField(label=_("Date of the new budget"))
