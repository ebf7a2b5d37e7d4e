"""The catalogues compile without GNU gettext, and what is compiled translates every
entry of its catalogue as the catalogue says (plurals and contexts included)."""

import gettext

import polib
import pytest

from lien.base.compile_translations import compile_translation, translation_files


def test_every_app_with_strings_has_its_translations():
    apps = {path.parts[-5] for path in translation_files()}
    assert {"accounts", "casefiles", "privacy", "stats"} <= apps


@pytest.mark.parametrize("po_path", translation_files(), ids=lambda p: p.parts[-5])
def test_the_compiled_translations_say_what_the_po_file_says(po_path, tmp_path):
    mo_path = compile_translation(po_path, tmp_path / "django.mo")
    with mo_path.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    entries = polib.pofile(str(po_path)).translated_entries()
    assert entries
    for entry in entries:
        if entry.msgid_plural:
            for count, form in ((1, "0"), (2, "1")):
                got = (
                    compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, count)
                    if entry.msgctxt
                    else compiled.ngettext(entry.msgid, entry.msgid_plural, count)
                )
                assert got == entry.msgstr_plural[int(form)], entry.msgid
        elif entry.msgctxt:
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr


def test_fuzzy_entries_are_left_out(tmp_path):
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "fr"}
    po.append(polib.POEntry(msgid="Saved", msgstr="Enregistré"))
    po.append(polib.POEntry(msgid="Guessed", msgstr="Deviné", flags=["fuzzy"]))
    po.save(str(tmp_path / "django.po"))
    with compile_translation(tmp_path / "django.po").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    assert compiled.gettext("Saved") == "Enregistré"
    assert compiled.gettext("Guessed") == "Guessed"
