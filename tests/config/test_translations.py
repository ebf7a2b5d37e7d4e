from django.utils import translation

from lien.web.translation_check import catalogs, faults


def test_every_french_catalog_is_complete():
    assert catalogs()
    assert faults() == []


def test_french_is_the_default_language(settings):
    assert settings.LANGUAGE_CODE == "fr"
    with translation.override("fr"):
        assert translation.gettext("Find a person") == "Rechercher une personne"
