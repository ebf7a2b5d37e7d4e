"""The free-text guard reads phrasing, not only words: verb forms and multi-word
expressions with a few words between, the families of issue "free-text guard" (origin,
right to stay, suicide, hygiene), identifiers confirmed by their check digits, and the
words that are fine in context."""

import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from lien.accounts.roles import Role
from lien.casefiles.notes import services as note_services
from lien.privacy import guard
from lien.privacy.guard.families import FAMILIES
from lien.privacy.models import FlagCategory, FreeTextFlagCount


def _found(text):
    return [(flag.words, flag.category) for flag in guard.find(text)]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Madame a tenté de se suicider.", "tenté de se suicider"),
        ("Madame a tenté hier de se suicider.", "tenté hier de se suicider"),
        ("Il tentera encore de se pendre.", "tentera encore de se pendre"),
        ("Monsieur s'est pendu dans la cave.", "s'est pendu"),
        ("Elle veut en finir.", "veut en finir"),
        ("Il voulait vraiment en finir.", "voulait vraiment en finir"),
        ("Elle parle de mettre fin à ses jours.", "mettre fin à ses jours"),
        ("Il dit qu'il n'a plus envie de vivre.", "plus envie de vivre"),
        ("Madame s'est ouvert les veines.", "s'est ouvert les veines"),
    ],
)
def test_suicide_in_verb_forms_and_with_words_between(text, words):
    assert _found(text) == [(words, FlagCategory.HEALTH)]
    assert guard.find(text)[0].family == "suicide"


def test_a_gap_never_crosses_the_end_of_a_sentence():
    assert _found("Madame a tenté. Le RSA de se suicider.") != [
        ("tenté. Le RSA de se suicider", FlagCategory.HEALTH)
    ]
    assert _found("Il voulait un logement. Il faut en finir avec les impayés.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Famille sans papiers.",
        "Monsieur est sans-papiers.",
        "Elle est en situation irrégulière.",
        "Il a été débouté du droit d'asile.",
        "Madame, déboutée de sa demande d'asile, reste hébergée.",
        "Il vit sans aucun titre de séjour.",
        "Monsieur fait l'objet d'une OQTF.",
        "Elle est entrée illégalement en France.",
    ],
)
def test_the_right_to_stay_said_in_words(text):
    flags = guard.find(text)
    assert [(f.category, f.family) for f in flags] == [(FlagCategory.ORIGIN, "stay_status")]


@pytest.mark.parametrize(
    "text",
    [
        "Famille d'origine malienne.",
        "Ils sont d'origine turque.",
        "Madame appartient à la communauté rom.",
        "Un homme de type maghrébin.",
        "Monsieur est noir.",
        "Famille issue de l'immigration.",
    ],
)
def test_an_origin_or_a_community_named_as_such(text):
    assert {f.category for f in guard.find(text)} == {FlagCategory.ORIGIN}


@pytest.mark.parametrize(
    "text",
    [
        "Madame est sale.",
        "Monsieur pue.",
        "Il sent très mauvais.",
        "Le logement est une vraie porcherie.",
        "Cet homme me dégoûte.",
        "Une hygiène vraiment déplorable.",
        "Madame ne se lave jamais.",
    ],
)
def test_judgements_of_hygiene_or_disgust(text):
    flags = guard.find(text)
    assert [(f.category, f.family) for f in flags] == [(FlagCategory.JUDGEMENT, "hygiene")]


@pytest.mark.parametrize(
    "text",
    [
        # Fine phrases that hold a word of the lexicon in another sense.
        "Attestation d'assurance maladie reçue.",
        "Orientation vers le Secours catholique.",
        "Entretien rue de l'Église.",
        "Prévoir un interprète en arabe.",
        "Sursis à l'expulsion accordé par le juge.",
        "Madame est de nationalité marocaine.",
        "Titre de séjour renouvelé.",
        "Dossier de demande d'asile déposé.",
        "Madame manifeste le souhait de reprendre ses études.",
        "Rendez-vous avec l'assistante sociale du collège.",
        "Le conflit est violent, orientation vers l'avocate.",
        "L'aînée est interne au lycée.",
        "Logement indigne signalé à la mairie.",
        "Diagnostic social partagé avec la CAF.",
        "Prière de rappeler Madame.",
        "Syndicat des copropriétaires relancé.",
        "Le jeune a trouvé un stage.",
        # Surnames and places after a title, a street or a postal code.
        "Mme Gay et M. Chrétien reçus ensemble.",
        "12, rue Pasteur, 01000 Gay.",
    ],
)
def test_words_that_are_fine_in_context(text):
    assert _found(text) == []


@pytest.mark.parametrize(
    "number",
    [
        "1 84 05 78 006 084 43",
        "184057800608443",
        "1.84.05.78.006.084.43",
        "2 92 06 31 123 004 75",
        "1 91 02 2A 004 023 08",  # Corsica: 2A counts as 19 in the key
        "178112B03312043",  # and 2B as 18
    ],
)
def test_a_social_security_number_with_a_valid_key(number):
    text = f"Madame a donné le {number} au guichet."
    assert _found(text) == [(number, "nir")]


def test_a_number_shaped_like_a_nir_is_left_alone_when_its_key_is_wrong():
    assert _found("Référence 1 84 05 78 006 084 44 du courrier.") == []


def test_a_nir_without_its_key_is_flagged_after_the_words_that_name_it():
    assert _found("Numéro de sécu de Monsieur : 1 84 05 78 006 084.") == [
        ("1 84 05 78 006 084", "nir")
    ]
    assert _found("Référence du courrier : 1 84 05 78 006 084.") == []


@pytest.mark.parametrize(
    "number",
    [
        "FR76 3000 6000 0112 3456 7890 189",
        "FR7630001007941234567890185",
        "FR14 2004 1010 0505 0001 3M02 606",
        "DE89 3704 0044 0532 0130 00",
    ],
)
def test_a_bank_account_with_a_valid_checksum(number):
    assert _found(f"Versement sur le {number} pour la facture.") == [(number, "bank_account")]


def test_a_bank_account_with_a_wrong_checksum_is_left_alone():
    assert _found("Référence FR76 3000 6000 0112 3456 7890 188.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Téléphone : 06 12 34 56 78.",
        "SIRET 732 829 320 00074.",
        "Code postal 93200.",
        "Dossier n° 2024-00123, montant 1 250,50 €.",
        "Né le 12/03/1985.",
        "Numéro unique de demande de logement 0930224123456.",
        "Allocataire CAF 1234567.",
    ],
)
def test_other_numbers_are_left_alone(text):
    assert _found(text) == []


def test_every_family_has_a_plain_french_reason_that_never_shows_a_code():
    # "religion" and "opinions" are codes and French words alike.
    codes = (set(FAMILIES) | set(FlagCategory.values)) - {"religion", "opinions"}
    for family in FAMILIES.values():
        flag = guard.Flag(0, 1, "x", family.category)
        with translation.override("en"):
            english = str(family.reason), str(flag.category_label)
        with translation.override("fr"):
            french = str(family.reason), str(flag.category_label)
        assert french != english, english  # translated
        for text in french:
            assert not any(re.search(rf"\b{code}\b", text) for code in codes), text


def test_the_check_names_the_category_and_the_reason_of_a_number(client, world):
    client.force_login(world.users[Role.SOCIAL_WORKER])
    url = reverse("check_note_text", args=[world.file.pk])
    with translation.override("fr"):
        body = client.post(
            url, {"note-text": "NIR 1 84 05 78 006 084 43"}, HTTP_HX_REQUEST="true"
        ).content.decode()
        assert ">1 84 05 78 006 084 43</mark>" in body
        assert "(numéro de sécurité sociale)" in body
        assert escape(str(FAMILIES["nir"].reason)) in body
    assert "nir)" not in body.replace("(NIR)", "")


def test_identifiers_are_pointed_out_but_not_counted_and_suicide_counts_as_health(world):
    worker = world.users[Role.SOCIAL_WORKER]
    note_services.write_note(
        actor=worker,
        casefile_id=world.file.pk,
        text="IBAN FR76 3000 6000 0112 3456 7890 189, NIR 1 84 05 78 006 084 43.",
    )
    assert not FreeTextFlagCount.objects.exists()
    note_services.write_note(
        actor=worker, casefile_id=world.file.pk, text="Madame a tenté de se suicider."
    )
    assert [c.category for c in FreeTextFlagCount.objects.all()] == [FlagCategory.HEALTH]


def test_an_extra_lexicon_may_name_families_lists_and_gaps(settings, tmp_path):
    extra = tmp_path / "extra.yaml"
    extra.write_text(
        "sets:\n  quartiers: [Cosmonautes, Floréal]\n"
        'judgement:\n  - "racaille … @quartiers"\n'
        "hygiene:\n  - cracra\n",
        encoding="utf-8",
    )
    settings.LIEN_GUARD_EXTRA_LEXICON = str(extra)
    assert [f.family for f in guard.find("Il est cracra.")] == ["hygiene"]
    assert [f.words for f in guard.find("La racaille des Cosmonautes.")] == [
        "racaille des Cosmonautes"
    ]


@pytest.mark.parametrize(
    "entry",
    ["'@inconnue'", "ab*", "… suicide", "tenter|d'ici"],
)
def test_a_malformed_entry_is_refused_with_its_reason(settings, tmp_path, entry):
    extra = tmp_path / "wrong.yaml"
    extra.write_text(f"health:\n  - {entry}\n", encoding="utf-8")
    settings.LIEN_GUARD_EXTRA_LEXICON = str(extra)
    with pytest.raises(ImproperlyConfigured, match="lexicon"):
        guard.find("texte")
