"""The free-text guard: while a note is typed, what should not be in it is pointed out with
the reason and a suggestion. It never blocks saving, and what it finds is counted only in
aggregate: one counter per category and month, with neither the text nor its author.

What it looks for: words and phrasings of the categories the CNIL warns against in
free-text zones (health, origin, religion, opinions, sex life, offences, value judgements;
GDPR art. 9 and 10), in any inflected form and with a few words between the members of an
expression (expressions.py, words.py, data/lexicon_fr.yaml); and the numbers Lien does not
collect, a social-security number or a bank account, confirmed by their check digits
(numbers.py). What it cannot see, it cannot flag: a paraphrase it has no words for, a
sensitive fact told by implication ("au CMP mardi"), a misspelt word.
"""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.functional import Promise

from ..models import FlagCategory, FreeTextFlagCount
from . import expressions, numbers, words
from .families import FAMILIES, SUGGESTIONS, category_label
from .words import fold, word_key

__all__ = [
    "LEXICON_FILE",
    "SUGGESTIONS",
    "Flag",
    "Segment",
    "count_in_aggregate",
    "find",
    "fold",
    "lexicon",
    "segments",
    "word_key",
]

LEXICON_FILE = str(Path(__file__).parent.parent / "data" / "lexicon_fr.yaml")


def lexicon() -> expressions.Lexicon:
    """The lexicon shipped with Lien, and the administrator's extra file (setting
    LIEN_GUARD_EXTRA_LEXICON, of the same shape) if there is one."""
    extra = getattr(settings, "LIEN_GUARD_EXTRA_LEXICON", "") or ""
    return expressions.load(LEXICON_FILE, *([extra] if extra else []))


@dataclass(frozen=True)
class Flag:
    start: int
    end: int
    words: str
    category: str
    family: str = ""

    @property
    def category_label(self) -> str | Promise:
        return category_label(self.category)

    @property
    def suggestion(self) -> str | Promise:
        family = FAMILIES.get(self.family)
        return family.reason if family else SUGGESTIONS[FlagCategory(self.category)]


def find(text: str) -> list[Flag]:
    """What the guard points out in the text, in its order, without overlap."""
    tokens = words.tokens(text)
    spans = [
        (tokens[first].start, tokens[last].end, family)
        for first, last, family in lexicon().find(tokens)
    ]
    flags, position = [], 0
    for start, end, family in sorted(spans + numbers.find(text)):
        if start < position:  # a word inside a number already flagged, or the reverse
            continue
        category = FAMILIES[family].category
        flags.append(Flag(start, end, text[start:end], category, family))
        position = end
    return flags


@dataclass(frozen=True)
class Segment:
    text: str
    flag: Flag | None = None


def segments(text: str, flags: list[Flag]) -> list[Segment]:
    """The text cut into plain and flagged pieces, for the template to highlight (and
    escape) without building any HTML here."""
    pieces, position = [], 0
    for flag in flags:
        if flag.start > position:
            pieces.append(Segment(text[position : flag.start]))
        pieces.append(Segment(text[flag.start : flag.end], flag))
        position = flag.end
    if position < len(text):
        pieces.append(Segment(text[position:]))
    return pieces


def count_in_aggregate(text: str, *, before: str = "") -> None:
    """Called when a note is saved, inside the saving transaction: adds one to the
    month's counter of each category the note touches (on an edit, of each category the
    old text did not touch yet). Neither the text, nor the words, nor the author are
    kept. The identifiers (NIR, bank account) are pointed out while typing but have no
    counter."""
    categories = {flag.category for flag in find(text)} & set(FlagCategory.values)
    categories -= {flag.category for flag in find(before)}
    month = timezone.localdate().replace(day=1)
    for category in sorted(categories):
        counter, created = FreeTextFlagCount.objects.get_or_create(
            category=category, month=month, defaults={"count": 1}
        )
        if not created:
            FreeTextFlagCount.objects.filter(pk=counter.pk).update(count=F("count") + 1)
