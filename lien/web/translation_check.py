"""Fails when a French catalogue has an untranslated or fuzzy entry.

`make check-translations` first extracts the msgids of the code into the catalogues, so
that a string added without its French fails here."""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def catalogs() -> list[Path]:
    return sorted(ROOT.glob("*/locale/fr/LC_MESSAGES/django.po"))


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
    return found


def main() -> int:
    problems = faults()
    for line in problems:
        print(line)
    print(f"{len(catalogs())} French catalogues, {len(problems)} faults")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
