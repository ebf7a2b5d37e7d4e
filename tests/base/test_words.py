"""The words for values that are not text (lien/base/words.py)."""

from datetime import UTC, date, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from lien.base.words import born_on, euros, long_date, yes_no


@pytest.fixture
def french():
    with translation.override("fr"):
        yield


def test_booleans_and_nothing_read_as_words(french):
    assert (yes_no(True), yes_no(False), yes_no(None)) == ("oui", "non", "—")


def test_the_first_of_the_month_is_an_ordinal_in_french(french):
    assert long_date(date(2026, 7, 1)) == "1er juillet 2026"
    assert long_date(date(2026, 7, 21)) == "21 juillet 2026"
    assert (
        long_date(datetime(2026, 3, 1, 9, 5, tzinfo=UTC), "DATETIME_FORMAT")
        == "1er mars 2026 09:05"
    )
    # Every template's `date` filter says it too (a built-in replaces Django's).
    rendered = Template('{{ d|date:"DATE_FORMAT" }} {{ d|date:"d/m/Y" }}').render(
        Context({"d": date(2026, 7, 1)})
    )
    assert rendered == "1er juillet 2026 01/07/2026"
    with translation.override("en"):
        assert "1er" not in long_date(date(2026, 7, 1))


def test_amounts_have_a_decimal_comma_and_grouped_thousands(french):
    assert euros(Decimal("150")) == "150,00\u00a0€"
    assert euros(Decimal("1500.5")).replace("\u202f", " ").replace("\u00a0", " ") == "1 500,50 €"
    assert euros(None) == "—"


@pytest.mark.parametrize(
    ("sex", "french_words"), [("F", "née le"), ("M", "né le"), ("", "né·e le")]
)
def test_born_on_agrees_with_the_person(french, sex, french_words):
    person = SimpleNamespace(sex=sex, birth_date=date(1980, 3, 12))
    assert born_on(person) == f"{french_words} 12 mars 1980"


@pytest.mark.django_db
@pytest.mark.parametrize(("sex", "french_words"), [("F", "née"), ("M", "né"), ("", "né·e")])
def test_a_usage_name_says_the_birth_name_in_agreement(french, sex, french_words):
    from lien.casefiles.models import Person

    person = Person(birth_name="Durand", usage_name="Martin", first_names="Alex", sex=sex)
    assert person.full_name == f"MARTIN Alex {french_words} DURAND"
