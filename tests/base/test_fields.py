"""Amounts, dates and times typed the French way, whatever the language of the page or
of the browser; and every form of Lien uses these fields (none of the browser's own
date, time or number inputs, which follow the browser's locale)."""

import importlib
import inspect
import pkgutil
import re
from datetime import date, time
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.utils import translation

import lien
from lien.base.fields import (
    AmountField,
    DateField,
    TimeField,
    format_euros,
    parse_amount,
)
from lien.base.forms import ConfirmationField, LienForm

LIEN = Path(lien.__file__).parent


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("350,50", Decimal("350.50")),
        ("350,5", Decimal("350.5")),
        ("1 234,5", Decimal("1234.5")),
        ("1\u00a0234,50", Decimal("1234.50")),  # no-break space
        ("1\u202f234,50", Decimal("1234.50")),  # narrow no-break space
        ("1.234,50", Decimal("1234.50")),
        ("1,234.50", Decimal("1234.50")),
        ("350.50", Decimal("350.50")),
        ("350 €", Decimal("350")),
        ("  80  ", Decimal("80")),
    ],
)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_amount_is_read_with_its_decimal_comma_and_spaces(typed, amount, language):
    with translation.override(language):
        assert AmountField().clean(typed) == amount


@pytest.mark.parametrize("typed", ["350,50,1", "abc", "12,345"])
def test_a_malformed_amount_is_refused_in_words(typed):
    with translation.override("fr"):
        with pytest.raises(forms.ValidationError) as refused:
            AmountField().clean(typed)
        # A French sentence: the example, or the decimals after the comma (read while
        # French is active: the message is translated when read).
        assert re.search("350,50|virgule", " ".join(refused.value.messages))


def test_the_amount_is_never_read_as_thousands_of_cents():
    # The bug this field replaces: "350,50" recorded as 35 050,00 €.
    assert parse_amount("350,50") == "350.50"
    assert AmountField().clean("350,50") != Decimal("35050")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_amounts_are_shown_the_french_way(language):
    with translation.override(language):
        assert format_euros(Decimal("150")) == "150,00\u00a0€"
        assert format_euros(Decimal("1234.5")) == "1\u00a0234,50\u00a0€"
        assert AmountField().widget.format_value(Decimal("350.5")) == "350,50"


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("typed", ["12/03/1980", "12.03.1980", "12-03-1980", "1980-03-12"])
def test_a_date_is_day_month_year_in_every_language(language, typed):
    with translation.override(language):
        assert DateField().clean(typed) == date(1980, 3, 12)


@pytest.mark.parametrize("typed", ["03/31/1980", "12/03/80", "31/02/2020", "hier", "12/03"])
def test_a_date_that_is_not_dd_mm_yyyy_is_refused(typed):
    with translation.override("fr"), pytest.raises(forms.ValidationError) as refused:
        DateField().clean(typed)
    assert refused.value.messages == [
        "Saisissez la date sous la forme jj/mm/aaaa, par exemple 12/03/1980."
    ]


def test_a_date_field_is_a_text_input_shown_as_dd_mm_yyyy_with_its_calendar_button():
    class Form(LienForm):
        day = DateField(label="Jour")

    html = str(Form(initial={"day": date(1980, 3, 12)})["day"])
    assert 'type="text"' in html and 'value="12/03/1980"' in html
    assert "data-date-picker" in html and 'type="date"' not in html


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("14:30", time(14, 30)), ("14h30", time(14, 30)), ("9h", time(9, 0)), ("09:05", time(9, 5))],
)
def test_a_time_is_read_on_24_hours(typed, expected):
    assert TimeField().clean(typed) == expected


@pytest.mark.parametrize("typed", ["2:30 PM", "25:00", "14:75", "midi"])
def test_a_time_not_on_24_hours_is_refused(typed):
    with pytest.raises(forms.ValidationError):
        TimeField().clean(typed)


def test_a_confirmation_shows_only_once_a_service_asks_for_it():
    class Form(LienForm):
        confirm = ConfirmationField(label="Je confirme")

    form = Form(data={"confirm": "False"})
    assert form.is_valid() and 'type="hidden"' in str(form["confirm"])
    form.add_error("confirm", "Le montant dépasse la demande.")
    assert 'type="checkbox"' in str(form["confirm"])


# --- every form uses them ---------------------------------------------------------------


def _form_classes():
    for module_info in pkgutil.walk_packages(lien.__path__, "lien."):
        if module_info.name.rsplit(".", 1)[-1] not in ("forms", "admin", "value_types"):
            continue
        module = importlib.import_module(module_info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


def test_every_form_types_dates_times_and_amounts_the_french_way():
    classes = list(_form_classes())
    assert {"AidDecisionForm", "AppointmentForm", "PersonForm"} <= {c.__name__ for c in classes}
    faults = []
    for cls in classes:
        for name, field in getattr(cls, "base_fields", {}).items():
            kind = type(field)
            if isinstance(field, forms.DateField) and kind is not DateField:
                faults.append(f"{cls.__module__}.{cls.__name__}.{name}: a date")
            if isinstance(field, forms.TimeField) and kind is not TimeField:
                faults.append(f"{cls.__module__}.{cls.__name__}.{name}: a time")
            if isinstance(field, forms.DecimalField) and kind is not AmountField:
                faults.append(f"{cls.__module__}.{cls.__name__}.{name}: an amount")
    assert faults == [], "use lien.base.fields (French input whatever the browser)"


def test_no_template_or_form_uses_the_browsers_own_date_or_time_input():
    native = re.compile(r"""type\s*[=:]\s*["'](date|time|datetime-local)["']""")
    offenders = [
        str(path.relative_to(LIEN))
        for path in [*LIEN.glob("**/templates/**/*.html"), *LIEN.glob("**/*.py")]
        if native.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_situation_items_take_french_amounts_and_dates():
    from lien.catalog.value_types import ValueType, spec_of

    class Item:
        def __init__(self, value_type):
            self.value_type = value_type

    assert isinstance(spec_of(Item(ValueType.AMOUNT)).form_field(None), AmountField)
    assert isinstance(spec_of(Item(ValueType.DATE)).form_field(None), DateField)
    with translation.override("fr"):
        assert spec_of(Item(ValueType.AMOUNT)).display(None, "150.00") == "150,00\u00a0€"
        assert spec_of(Item(ValueType.DATE)).display(None, "1980-03-12") == "12/03/1980"
