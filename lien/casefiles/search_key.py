"""The normalised search key: what makes "ELISE" find "Élise" on SQLite too.

SQLite's LIKE folds only ASCII case, so names are stored a second time, accents
stripped and case folded, and queries are normalised the same way.
"""

import re
import unicodedata
from functools import lru_cache

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")
    return _NOT_ALNUM.sub(" ", stripped.casefold()).strip()


@lru_cache(maxsize=65536)  # an import repeats its names (Martin, Jean) many times
def _normalised_part(text: str) -> str:
    return normalise(text)


def person_key(usage_name: str, birth_name: str, first_names: str) -> str:
    """A person's search key: the words of their names, normalised. The same as
    normalising the three names joined by spaces (a space ends a word either way), each
    name normalised once however many persons share it."""
    parts = (_normalised_part(usage_name), _normalised_part(birth_name))
    return " ".join(part for part in (*parts, _normalised_part(first_names)) if part)


def tokens(query: str) -> list[str]:
    return [t for t in normalise(query).split(" ") if t]
