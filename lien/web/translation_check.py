"""Fails when a French catalogue has an untranslated or fuzzy entry, or a translation
whose placeholders are not its English's (one it lacks loses the value; one the English
lacks fails the page; a template's `{{ name }}` would be shown as it is).

`make check-translations` first extracts the msgids of the code into the catalogues, so
that a string added without its French fails here."""

import re
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def catalogs() -> list[Path]:
    return sorted(ROOT.glob("*/locale/fr/LC_MESSAGES/django.po"))


def _names(text: str) -> set[str]:
    return set(re.findall(r"%\((\w+)\)", text))


def placeholder_faults(entry: polib.POEntry) -> list[str]:
    """What is wrong with the placeholders of a translated entry."""
    translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
    # A template's tag in a translation, unless the English has it too (letters' fields).
    problems = [
        t for t in translations for tag in ("{{", "{%") if tag in t and tag not in entry.msgid
    ]
    if "python-format" in entry.flags:
        english = _names(entry.msgid) | _names(entry.msgid_plural)
        # The singular form may leave the count out ("Un dossier"), not the plural.
        needed = _names(entry.msgid_plural or entry.msgid)
        forms = entry.msgstr_plural.items() if entry.msgid_plural else [(1, entry.msgstr)]
        for index, text in forms:
            if not _names(text) <= english or (int(index) > 0 and not needed <= _names(text)):
                problems.append(text)
    return problems


def faults() -> list[str]:
    found = []
    for path in catalogs():
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            if "fuzzy" in entry.flags:
                found.append(f"{path.relative_to(ROOT.parent)}: fuzzy: {entry.msgid!r}")
            elif not entry.translated():
                found.append(f"{path.relative_to(ROOT.parent)}: untranslated: {entry.msgid!r}")
            elif placeholder_faults(entry):
                found.append(f"{path.relative_to(ROOT.parent)}: placeholders: {entry.msgid!r}")
    return found


def main() -> int:
    problems = faults()
    for line in problems:
        print(line)
    print(f"{len(catalogs())} French catalogues, {len(problems)} faults")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
