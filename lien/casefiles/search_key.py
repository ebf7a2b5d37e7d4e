"""The normalised search key: what makes "ELISE" find "Élise" on SQLite too.

SQLite's LIKE folds only ASCII case, so names are stored a second time, accents
stripped and case folded, and queries are normalised the same way.
"""

import re
import unicodedata

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")
    return _NOT_ALNUM.sub(" ", stripped.casefold()).strip()


def tokens(query: str) -> list[str]:
    return [t for t in normalise(query).split(" ") if t]
