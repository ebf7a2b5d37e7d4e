import polib
import pytest
from django.utils import translation

from lien.web.translation_check import catalogs, faults, placeholder_faults


def test_every_french_catalog_is_complete():
    assert catalogs()
    assert faults() == []


def test_french_is_the_default_language(settings):
    assert settings.LANGUAGE_CODE == "fr"
    with translation.override("fr"):
        assert translation.gettext("Find a person") == "Rechercher une personne"


def _plural(singular, plural, *forms):
    return polib.POEntry(
        msgid=singular,
        msgid_plural=plural,
        msgstr_plural=dict(enumerate(forms)),
        flags=["python-format"],
    )


@pytest.mark.parametrize(
    ("entry", "wrong"),
    [
        (polib.POEntry(msgid="%(n)s files", msgstr="%(n)s dossiers", flags=["python-format"]), 0),
        (polib.POEntry(msgid="%(n)s files", msgstr="des dossiers", flags=["python-format"]), 1),
        (polib.POEntry(msgid="%(n)s files", msgstr="%(m)s dossiers", flags=["python-format"]), 1),
        (polib.POEntry(msgid="Shown", msgstr="Les {{ counter }} affichés"), 1),
        (polib.POEntry(msgid="Write {{ name }}", msgstr="Écrivez {{ name }}"), 0),
        (_plural("One file", "%(counter)s files", "Un dossier", "%(counter)s dossiers"), 0),
        (_plural("One file", "%(counter)s files", "Un dossier", "{{ counter }} dossiers"), 2),
        (_plural("One file", "%(counter)s files", "Un dossier", "Des dossiers"), 1),
    ],
)
def test_a_translation_keeps_the_placeholders_of_its_english(entry, wrong):
    assert len(placeholder_faults(entry)) == wrong
