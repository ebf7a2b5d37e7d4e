"""`python -m lien.base.compile_translations`: compiles every app's French catalogue
(`lien/*/locale/*/LC_MESSAGES/django.po`) into the `.mo` file Django reads.

Django's own `compilemessages` calls GNU gettext's `msgfmt`, which a bare Debian does not
have: Lien's two commands (`make demo`, `make test`) must need nothing but Python and
make. polib (already a dependency) writes the same binary format; fuzzy and obsolete
entries are left out, as msgfmt leaves them out. A catalogue is compiled again only when
it changed since its `.mo` was written.
"""

import sys
from pathlib import Path

import polib

LIEN = Path(__file__).resolve().parent.parent


def translation_files(root: Path = LIEN) -> list[Path]:
    return sorted(root.glob("*/locale/*/LC_MESSAGES/django.po"))


def compile_translation(po_path: Path, mo_path: Path | None = None) -> Path:
    mo_path = mo_path or po_path.with_suffix(".mo")
    partial = mo_path.with_name(mo_path.name + ".part")
    polib.pofile(str(po_path)).save_as_mofile(str(partial))
    partial.replace(mo_path)  # never a half-written catalogue for a running server
    return mo_path


def main() -> int:
    compiled = 0
    for po_path in translation_files():
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            compile_translation(po_path, mo_path)
            compiled += 1
    if compiled:
        print(f"{compiled} catalogue(s) compiled.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
