"""One registry entry per type of value: every type the model offers has one, the limits a
form shows are the limits the service applies, and what each type stores survives a round
trip through its form field."""

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from lien.casefiles.models import SituationValue
from lien.catalog.coarsening import Coarsening, coarsen
from lien.catalog.models import CoarseningMethod, Item
from lien.catalog.value_types import (
    REGISTRY,
    ShortText,
    ValueType,
    spec_of,
    statistical_value,
    types_cleared_when_anonymised,
)
from lien.catalog.values import normalise_value

CHOICES = [
    {"code": "salary", "fr": "Salaire", "en": "Wages"},
    {"code": "rsa", "fr": "RSA", "en": "Minimum income"},
    {"code": "pension", "fr": "Retraite", "en": "Pension"},
]

# A value of each type as a worker types it, and as the file stores it.
SAMPLES = {
    ValueType.YES_NO: ("Yes", "yes"),
    ValueType.CHOICE: ("rsa", "rsa"),
    ValueType.MULTIPLE_CHOICE: (["pension", "salary"], "salary|pension"),
    ValueType.INTEGER: (" 3 ", "3"),
    ValueType.AMOUNT: ("1 250,5", "1250.50"),
    ValueType.DATE: ("2001-02-03", "2001-02-03"),
    ValueType.SHORT_TEXT: ("  two   words ", "two words"),
}


def item_of(value_type: str) -> Item:
    has_choices = REGISTRY[value_type].has_choices
    return Item(
        code="x", label_fr="X", value_type=value_type, choices=CHOICES if has_choices else []
    )


def test_every_type_of_value_the_model_offers_has_its_registry_entry():
    offered = {code for code, _label in Item._meta.get_field("value_type").choices}
    missing = offered - set(REGISTRY)
    assert not missing, f"types of value without an entry in catalog/value_types.py: {missing}"
    assert set(REGISTRY) == offered == set(ValueType.values)
    for code, spec in REGISTRY.items():
        assert spec.value_type == code


def test_every_type_declares_coarsenings_the_catalog_knows_and_free_text_declares_none():
    for spec in REGISTRY.values():
        assert spec.coarsenings <= set(CoarseningMethod.values) - {Coarsening.NONE}
        if spec.free_text:
            assert spec.coarsenings == frozenset()
            assert spec.cleared_when_anonymised
    assert types_cleared_when_anonymised() == [ValueType.SHORT_TEXT]


@pytest.mark.parametrize("value_type", list(REGISTRY))
def test_what_a_type_stores_comes_back_unchanged_through_its_form_field(value_type):
    assert value_type in SAMPLES, f"give {value_type} a sample value in this test"
    typed, stored = SAMPLES[value_type]
    item = item_of(value_type)
    assert normalise_value(item, typed) == stored
    spec = spec_of(item)
    field = spec.form_field(item, label="X", required=False)
    cleaned = field.clean(field.prepare_value(spec.initial(item, stored)))
    assert normalise_value(item, cleaned) == stored


@pytest.mark.parametrize("value_type", list(REGISTRY))
def test_an_empty_value_is_refused_by_every_type(value_type):
    for empty in (None, "", []):
        with pytest.raises(ValidationError) as error:
            normalise_value(item_of(value_type), empty)
        assert error.value.code == "required"


def test_the_form_and_the_service_share_one_limit():
    whole = item_of(ValueType.INTEGER)
    field = spec_of(whole).form_field(whole)
    limit = REGISTRY[ValueType.INTEGER].maximum
    assert field.clean(str(limit)) == limit and normalise_value(whole, limit) == str(limit)
    with pytest.raises(ValidationError):
        field.clean(str(limit + 1))
    with pytest.raises(ValidationError):
        normalise_value(whole, limit + 1)

    text = item_of(ValueType.SHORT_TEXT)
    field = spec_of(text).form_field(text)
    longest = "a" * ShortText.max_length
    assert field.clean(longest) == longest == normalise_value(text, longest)
    with pytest.raises(ValidationError):
        field.clean(longest + "a")
    with pytest.raises(ValidationError):
        normalise_value(text, longest + "a")
    # The file's column holds the longest text the type accepts.
    assert SituationValue._meta.get_field("value").max_length >= ShortText.max_length


def test_values_read_in_french():
    with translation.override("fr"):
        assert item_of(ValueType.YES_NO).display_value("yes") == "oui"
        several = item_of(ValueType.MULTIPLE_CHOICE)
        assert several.display_value("salary|pension") == "Salaire, Retraite"
        assert item_of(ValueType.AMOUNT).display_value("12.00") == "12.00"


def test_a_choice_item_refuses_an_unknown_code():
    with pytest.raises(ValidationError):
        normalise_value(item_of(ValueType.CHOICE), "castle")
    with pytest.raises(ValidationError):
        normalise_value(item_of(ValueType.MULTIPLE_CHOICE), ["salary", "castle"])


# 23:30 on 31 December in UTC is already 1 January in Paris (TIME_ZONE). A ZoneInfo
# destination also sets the process's own time zone to UTC, as on most servers.
NEW_YEARS_EVE_UTC = datetime(2026, 12, 31, 23, 30, tzinfo=ZoneInfo("UTC"))


def test_today_is_the_services_day_not_the_servers():
    with time_machine.travel(NEW_YEARS_EVE_UTC, tick=False):
        assert normalise_value(item_of(ValueType.DATE), "2027-01-01") == "2027-01-01"
        with pytest.raises(ValidationError):
            normalise_value(item_of(ValueType.DATE), "2027-01-02")
        # Born on 1 January 2009: 18 today in Paris.
        assert coarsen(Coarsening.AGE_BAND, "2009-01-01") == "18-24"


def test_a_multiple_choice_is_counted_as_its_set_of_codes():
    several = SimpleNamespace(
        feeds_statistics=True, coarsening=Coarsening.AS_IS, value_type=ValueType.MULTIPLE_CHOICE
    )
    assert statistical_value(several, "salary|pension") == "pension+salary"
