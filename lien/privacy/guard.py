"""The free-text guard: while a note is typed, words of the categories the CNIL warns
against in free-text zones are pointed out with a suggestion. It never blocks saving,
and what it finds is counted only in aggregate: one counter per category and month,
with neither the text nor its author.

Words are compared by a key: accents and capitals folded, then the plural and the usual
feminine endings reduced, the same way for the lexicon and for the text, so that
"Dépressives" meets "dépressif" and "musulmane" meets "musulman".
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import FlagCategory, FreeTextFlagCount

LEXICON_FILE = Path(__file__).parent / "data" / "lexicon_fr.yaml"
MAX_WORDS_PER_EXPRESSION = 4

SUGGESTIONS = {
    FlagCategory.HEALTH: _(
        "Health data belongs to the medical file. Describe the effect on daily life "
        "instead (for example: cannot work full time)."
    ),
    FlagCategory.ORIGIN: _(
        "Origin is not to be recorded. If it matters, state the fact needed for the help "
        "(for example: residence permit under review)."
    ),
    FlagCategory.RELIGION: _("Religious beliefs are not to be recorded in a note."),
    FlagCategory.OPINIONS: _("Political opinions and union membership are not to be recorded."),
    FlagCategory.SEXUAL_LIFE: _("Sex life and sexual orientation are not to be recorded."),
    FlagCategory.OFFENCES: _(
        "Offences and convictions are not to be recorded. State only the fact needed for "
        "the help (for example: unavailable until a given date)."
    ),
    FlagCategory.JUDGEMENT: _(
        "A value judgement. Describe what was observed or said, objectively and in neutral terms."
    ),
}

# Feminine endings and their masculine form, longest first.
_FEMININE = (
    ("trice", "teur"),
    ("euse", "eu"),
    ("ienne", "ien"),
    ("enne", "en"),
    ("onne", "on"),
    ("elle", "el"),
    ("ere", "er"),
    ("ive", "if"),
)
_WORD = re.compile(r"\w+(?:-\w+)*")


def fold(text: str) -> str:
    """Accents and capitals folded: "Diabète" becomes "diabete"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def word_key(word: str) -> str:
    """One key for the forms of a word: folded, without its plural, in the masculine."""
    key = fold(word)
    if len(key) > 3 and key[-1] in "sx":
        key = key[:-1]
    for feminine, masculine in _FEMININE:
        if len(key) > len(feminine) + 1 and key.endswith(feminine):
            return key[: -len(feminine)] + masculine
    if len(key) > 4 and key.endswith("ee"):  # past participles: "syndiquée"
        key = key[:-1]
    if len(key) > 3 and key.endswith("e"):
        key = key[:-1]
    return key


def _expression_key(expression: str) -> tuple[str, ...]:
    return tuple(word_key(w) for w in _WORD.findall(expression))


def _read(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise ImproperlyConfigured(
            f"The free-text lexicon {path} cannot be read: {error}"
        ) from error
    unknown = set(data) - set(FlagCategory.values)
    if unknown or not all(isinstance(words, list) for words in data.values()):
        raise ImproperlyConfigured(
            f"The free-text lexicon {path} must map the categories {FlagCategory.values} "
            f"to lists of words; found {sorted(unknown) or 'a category without a list'}."
        )
    return data


@cache
def _lexicon(extra: str) -> dict[tuple[str, ...], str]:
    """The lexicon as {key of an expression: category}; the administrator's extra file
    (setting LIEN_GUARD_EXTRA_LEXICON) adds to the one shipped with Lien."""
    lexicon: dict[tuple[str, ...], str] = {}
    paths = [LEXICON_FILE] + ([Path(extra)] if extra else [])
    for path in paths:
        for category, words in _read(path).items():
            for word in words:
                key = _expression_key(str(word))
                if key and len(key) <= MAX_WORDS_PER_EXPRESSION:
                    lexicon[key] = category
    return lexicon


def lexicon() -> dict[tuple[str, ...], str]:
    return _lexicon(getattr(settings, "LIEN_GUARD_EXTRA_LEXICON", "") or "")


@dataclass(frozen=True)
class Flag:
    start: int
    end: int
    words: str
    category: str

    @property
    def category_label(self):
        return FlagCategory(self.category).label

    @property
    def suggestion(self):
        return SUGGESTIONS[FlagCategory(self.category)]


def find(text: str) -> list[Flag]:
    """The words of the text that the lexicon names, in their order, longest expression
    first where several overlap."""
    words = lexicon()
    tokens = [(m.start(), m.end(), word_key(m.group())) for m in _WORD.finditer(text)]
    flags, i = [], 0
    while i < len(tokens):
        for n in range(min(MAX_WORDS_PER_EXPRESSION, len(tokens) - i), 0, -1):
            category = words.get(tuple(t[2] for t in tokens[i : i + n]))
            if category:
                start, end = tokens[i][0], tokens[i + n - 1][1]
                flags.append(Flag(start, end, text[start:end], category))
                i += n
                break
        else:
            i += 1
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
    kept."""
    categories = {flag.category for flag in find(text)}
    categories -= {flag.category for flag in find(before)}
    month = timezone.localdate().replace(day=1)
    for category in sorted(categories):
        counter, created = FreeTextFlagCount.objects.get_or_create(
            category=category, month=month, defaults={"count": 1}
        )
        if not created:
            FreeTextFlagCount.objects.filter(pk=counter.pk).update(count=F("count") + 1)
