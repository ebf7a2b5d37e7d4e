"""The free-text guard: it points out, while a note is typed, the words of the
categories the CNIL warns against; it never blocks saving; it counts only in aggregate."""

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from lien.accounts.roles import Role
from lien.casefiles.notes import services as note_services
from lien.privacy import guard
from lien.privacy.models import FlagCategory, FreeTextFlagCount

OBJECTIVE_NOTE = (
    "Entretien au bureau le 12 mars avec Mme et son fils. Loyer impayé depuis deux mois "
    "à la suite d'une baisse de revenus ; dossier FSL constitué, pièces remises. "
    "Madame cherche un emploi à temps partiel et souhaite une place en crèche. "
    "Prochain rendez-vous fixé le 2 avril pour faire le point avec le bailleur."
)


@pytest.mark.parametrize(
    ("word", "category"),
    [
        ("diabète", FlagCategory.HEALTH),
        ("Diabètes", FlagCategory.HEALTH),
        ("DIABETIQUE", FlagCategory.HEALTH),
        ("dépressive", FlagCategory.HEALTH),
        ("dépressifs", FlagCategory.HEALTH),
        ("Dépressives", FlagCategory.HEALTH),
        ("schizophrène", FlagCategory.HEALTH),
        ("alcooliques", FlagCategory.HEALTH),
        ("musulmane", FlagCategory.RELIGION),
        ("Musulmans", FlagCategory.RELIGION),
        ("juive", FlagCategory.RELIGION),
        ("pratiquante", FlagCategory.RELIGION),
        ("sans-papiers", FlagCategory.ORIGIN),
        ("Sans-Papiers", FlagCategory.ORIGIN),
        ("clandestine", FlagCategory.ORIGIN),
        ("syndiquée", FlagCategory.OPINIONS),
        ("homosexuelle", FlagCategory.SEXUAL_LIFE),
        ("lesbiennes", FlagCategory.SEXUAL_LIFE),
        ("délinquante", FlagCategory.OFFENCES),
        ("incarcéré", FlagCategory.OFFENCES),
        ("fainéant", FlagCategory.JUDGEMENT),
        ("fainéante", FlagCategory.JUDGEMENT),
        ("Fainéants", FlagCategory.JUDGEMENT),
        ("paresseuse", FlagCategory.JUDGEMENT),
        ("paresseux", FlagCategory.JUDGEMENT),
        ("manipulatrice", FlagCategory.JUDGEMENT),
        ("hystérique", FlagCategory.JUDGEMENT),
    ],
)
def test_the_guard_flags_the_forms_of_a_word(word, category):
    text = f"Lors de l'entretien : {word}, selon le voisin."
    flags = guard.find(text)
    assert [(f.words, f.category) for f in flags] == [(word, category)]
    assert text[flags[0].start : flags[0].end] == word
    assert flags[0].suggestion


def test_the_guard_flags_expressions_of_several_words():
    text = "Mauvaise mère d'après l'école ; casier judiciaire ; Témoins de Jéhovah."
    assert [(f.words, f.category) for f in guard.find(text)] == [
        ("Mauvaise mère", FlagCategory.JUDGEMENT),
        ("casier judiciaire", FlagCategory.OFFENCES),
        ("Témoins de Jéhovah", FlagCategory.RELIGION),
    ]


def test_the_guard_leaves_an_objective_note_untouched():
    assert guard.find(OBJECTIVE_NOTE) == []


def test_the_segments_rebuild_the_text():
    text = "Mme est diabétique et musulmane.\nSuivi."
    flags = guard.find(text)
    pieces = guard.segments(text, flags)
    assert "".join(p.text for p in pieces) == text
    assert [p.text for p in pieces if p.flag] == ["diabétique", "musulmane"]


def test_the_administrator_extends_the_lexicon(settings, tmp_path):
    extra = tmp_path / "extra.yaml"
    extra.write_text("judgement:\n  - je-m'en-foutiste\n  - glandeur\n", encoding="utf-8")
    assert guard.find("Un glandeur.") == []
    settings.LIEN_GUARD_EXTRA_LEXICON = str(extra)
    assert [f.words for f in guard.find("Deux glandeuses, un glandeur.")] == ["glandeur"]
    # The shipped words are still there.
    assert [f.words for f in guard.find("diabète")] == ["diabète"]


def test_an_extra_lexicon_of_the_wrong_shape_is_refused(settings, tmp_path):
    extra = tmp_path / "wrong.yaml"
    extra.write_text("politics:\n  - quelqu'un\n", encoding="utf-8")
    settings.LIEN_GUARD_EXTRA_LEXICON = str(extra)
    with pytest.raises(ImproperlyConfigured):
        guard.find("texte")


# The page htmx calls while the note is typed.


def _check(client, world, text, *, user=None, casefile=None, field="note-text"):
    client.force_login(user or world.users[Role.SOCIAL_WORKER])
    url = reverse("check_note_text", args=[(casefile or world.file).pk])
    return client.post(url, {field: text}, HTTP_HX_REQUEST="true")


def test_the_check_highlights_the_words_with_a_suggestion(client, world):
    response = _check(client, world, "Mme, dépressive et <b>musulmane</b>.")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<mark" in body
    assert ">dépressive</mark>" in body
    assert ">musulmane</mark>" in body
    assert "&lt;b&gt;" in body and "<b>" not in body  # the text is escaped
    with translation.override("fr"):
        assert escape(str(guard.SUGGESTIONS[FlagCategory.HEALTH])) in body


def test_the_check_of_an_objective_note_says_nothing(client, world):
    response = _check(client, world, OBJECTIVE_NOTE)
    assert response.status_code == 200
    assert response.content.decode().strip() == ""


def test_the_check_also_serves_the_edit_form(client, world):
    response = _check(client, world, "Il est fainéant.", field="text")
    assert ">fainéant</mark>" in response.content.decode()


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.MANAGER, Role.DPO, Role.STATISTICIAN])
def test_only_who_may_write_notes_on_the_file_may_check(client, world, role):
    assert _check(client, world, "diabète", user=world.users[role]).status_code == 404


def test_the_check_answers_404_on_a_file_of_another_office(client, world):
    assert _check(client, world, "diabète", casefile=world.other_file).status_code == 404


def test_the_check_keeps_nothing(client, world):
    _check(client, world, "Mme est diabétique.")
    assert not FreeTextFlagCount.objects.exists()


def test_the_note_form_asks_the_guard_while_typing(client, world):
    client.force_login(world.users[Role.SOCIAL_WORKER])
    body = client.get(reverse("casefile_detail", args=[world.file.pk])).content.decode()
    assert f'hx-post="{reverse("check_note_text", args=[world.file.pk])}"' in body
    assert 'hx-trigger="keyup changed delay:500ms, change"' in body
    assert 'id="note-guard"' in body


# Saving: never blocked, counted only in aggregate.


def test_a_flagged_note_is_saved_and_counted_per_category_and_month(world):
    worker = world.users[Role.SOCIAL_WORKER]
    with time_machine.travel("2026-03-10 10:00 +0100", tick=False):
        note = note_services.write_note(
            actor=worker, casefile_id=world.file.pk, text="Mme diabétique, mari fainéant."
        )
        note_services.write_note(actor=worker, casefile_id=world.file.pk, text="Diabète. Malade.")
        note_services.write_note(actor=worker, casefile_id=world.file.pk, text=OBJECTIVE_NOTE)
    with time_machine.travel("2026-04-02 10:00 +0100", tick=False):
        note_services.write_note(actor=worker, casefile_id=world.file.pk, text="Dépressive.")
    assert note.text == "Mme diabétique, mari fainéant."
    counts = {(c.category, c.month.isoformat()): c.count for c in FreeTextFlagCount.objects.all()}
    assert counts == {
        (FlagCategory.HEALTH, "2026-03-01"): 2,
        (FlagCategory.JUDGEMENT, "2026-03-01"): 1,
        (FlagCategory.HEALTH, "2026-04-01"): 1,
    }


def test_an_edit_counts_only_the_categories_it_adds(world):
    worker = world.users[Role.SOCIAL_WORKER]
    note = note_services.write_note(actor=worker, casefile_id=world.file.pk, text="Diabète.")
    note_services.edit_note(actor=worker, note_id=note.pk, text="Diabète, dépressive, fainéante.")
    counts = {c.category: c.count for c in FreeTextFlagCount.objects.all()}
    assert counts == {FlagCategory.HEALTH: 1, FlagCategory.JUDGEMENT: 1}


def test_the_counter_holds_no_text_and_no_author():
    names = {f.name for f in FreeTextFlagCount._meta.get_fields()}
    assert names == {"id", "category", "month", "count"}


def test_a_flagged_note_posted_from_the_page_is_saved(client, world):
    client.force_login(world.users[Role.SOCIAL_WORKER])
    response = client.post(
        reverse("write_note", args=[world.file.pk]),
        {"note-text": "Mme est diabétique.", "note-visibility": "private"},
    )
    assert response.status_code == 302
    assert "Mme est diabétique." in [n.text for n in world.file.notes.all()]
