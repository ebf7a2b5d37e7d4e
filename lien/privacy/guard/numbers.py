"""Numbers a note must not hold: a social-security number (NIR) or a bank account (IBAN).

Found by their shape, then confirmed by their check digits (python-stdnum), so that a
phone number, a file number, a SIRET or an amount is left alone:
- a NIR: 15 characters, sex 1/2 (or 3, 4, 7, 8 for a temporary number), year, month,
  département (2A and 2B for Corsica), commune, order number and the 97-modulus key,
  with or without spaces, dots or hyphens. Without its key (13 characters) it is taken
  for a NIR only right after words that name it ("n° de sécu", "NIR", "carte Vitale");
- an IBAN: country, check digits and account, grouped by four or not, the 97-modulus of
  ISO 13616 checked.
"""

import re
from collections.abc import Iterator

from stdnum import iban
from stdnum.fr import nir

from .families import BANK_ACCOUNT, NIR
from .words import fold

_SEPARATOR = r"[ .\-]?"
_NIR_SHAPE = re.compile(
    r"(?<![\w])[1-478]"
    + rf"(?:{_SEPARATOR}\d){{4}}"  # year, month
    + rf"{_SEPARATOR}(?:\d{_SEPARATOR}\d|2{_SEPARATOR}[AaBb])"  # département
    + rf"(?:{_SEPARATOR}\d){{6}}"  # commune, order number
    + rf"(?:{_SEPARATOR}\d{_SEPARATOR}\d)?"  # key
    + r"(?![\w])"
)
# Words that name a NIR, looked for just before a number without its key.
_NIR_WORDS = re.compile(
    r"\b(?:nir|secu|securite sociale|insee|ss|vitale|immatriculation|assure social)\W*"
    r"(?:\w+\W+){0,4}$"
)
_NIR_CONTEXT_CHARS = 60
_IBAN_SHAPE = re.compile(r"(?<![\w])[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]){11,30}(?![\w])")
_IBAN_MIN_CHARS = 15  # Norway's, the shortest


def _compact(number: str) -> str:
    return re.sub(r"[ .\-]", "", number).upper()


def _nirs(text: str) -> Iterator[tuple[int, int, str]]:
    for match in _NIR_SHAPE.finditer(text):
        number = _compact(match.group())
        if len(number) == 15 and nir.is_valid(number):
            yield match.start(), match.end(), NIR
        elif len(number) in (13, 15):
            before = fold(text[max(0, match.start() - _NIR_CONTEXT_CHARS) : match.start()])
            if _NIR_WORDS.search(before):
                yield match.start(), match.end(), NIR


def _ibans(text: str) -> Iterator[tuple[int, int, str]]:
    """The shape may run into the words that follow ("FR76 … 189 CAF"): the groups are
    dropped from the end until the number is valid or too short."""
    for match in _IBAN_SHAPE.finditer(text):
        candidate = match.group()
        while len(_compact(candidate)) >= _IBAN_MIN_CHARS:
            if iban.is_valid(_compact(candidate)):
                yield match.start(), match.start() + len(candidate), BANK_ACCOUNT
                break
            if " " not in candidate:
                break
            candidate = candidate.rsplit(" ", 1)[0]


def find(text: str) -> list[tuple[int, int, str]]:
    """(start, end, family) of each number found, in the order of the text."""
    return sorted([*_nirs(text), *_ibans(text)])
