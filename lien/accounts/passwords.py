"""Password rules of the French security agency's kind (ANSSI, CNIL délibération
2022-100): length over complexity, no breached password, no forced renewal.

StrengthValidator asks for about 75 bits of entropy, counted as length × log2(size of
the alphabet used): 12 characters mixing four kinds, 13 with three kinds, or a
passphrase of 16 lower-case letters and more. BreachedPasswordValidator refuses the
passwords of a breached-password list: the one shipped with Lien (common French choices)
and, if the administrator provides one, a larger list (one password or SHA-1 per line,
e.g. an offline copy of a public breach corpus) named by LIEN_BREACHED_PASSWORDS_FILE.
"""

import gzip
import hashlib
import math
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_BUILTIN_LIST = Path(__file__).parent / "data" / "breached-fr.txt"
_KINDS = [(r"[a-z]", 26), (r"[A-Z]", 26), (r"[0-9]", 10), (r"[^a-zA-Z0-9]", 33)]


def entropy_bits(password: str) -> float:
    alphabet = sum(size for pattern, size in _KINDS if re.search(pattern, password))
    return len(password) * math.log2(alphabet) if alphabet else 0.0


class StrengthValidator:
    def __init__(self, min_bits: int = 75):
        self.min_bits = min_bits

    def validate(self, password: str, user: Any = None) -> None:
        if entropy_bits(password) < self.min_bits:
            raise ValidationError(self.get_help_text(), code="password_too_weak")

    def get_help_text(self) -> str:
        return _(
            "Choose a longer password: at least 12 characters mixing lower case, upper case, digits and symbols, or a passphrase of 16 characters or more."
        )


def _core(password: str) -> str:
    """ "Soleil2026!" and "soleil" are the same guess for an attacker."""
    return re.sub(r"[\d\W_]+$", "", password.casefold()) or password.casefold()


@lru_cache(maxsize=4)
def _load(path: str) -> frozenset[str]:
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", errors="ignore") as lines:
        return frozenset(
            line.split(":")[0].strip().casefold()
            for line in lines
            if line.strip() and not line.startswith("#")
        )


class BreachedPasswordValidator:
    def _lists(self) -> list[frozenset[str]]:
        lists = [_load(str(_BUILTIN_LIST))]
        extra = os.environ.get("LIEN_BREACHED_PASSWORDS_FILE", "")
        if extra:
            lists.append(_load(extra))
        return lists

    def validate(self, password: str, user: Any = None) -> None:
        sha1 = hashlib.sha1(password.encode("utf-8"), usedforsecurity=False).hexdigest()
        candidates = {password.casefold(), _core(password), sha1}
        if any(candidates & known for known in self._lists()):
            raise ValidationError(
                _("This password appears in lists of breached passwords. Choose another."),
                code="password_breached",
            )

    def get_help_text(self) -> str:
        return _("Your password must not appear in lists of breached passwords.")
