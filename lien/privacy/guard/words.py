"""The words of a note as the guard compares them.

A word is known by several keys, so that its inflected forms meet the lexicon's entry:
- its surface, accents and capitals folded ("Dépressives" -> "depressives");
- a stem of our own: plural and the usual feminine endings reduced ("depressif");
- its lemma from simplemma's French dictionary, which knows verb forms ("tenté" ->
  "tenter", "veut" -> "vouloir") and irregular plurals, and the stem of that lemma;
- the stem of a first-group verb form, for the forms the dictionary misses.
Two words match when they share a key. Elided words ("d'", "s'", "qu'") are read as their
full form first, since the dictionary takes a lone "s" for a form of "avoir".
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import simplemma

# Words are runs of letters and digits: apostrophes and hyphens separate them, so that
# "sans-papiers" and "sans papiers", "d'origine" and "de origine" read alike.
_WORD = re.compile(r"[^\W_]+")
# What ends a sentence: a gap in an expression never crosses it.
_SENTENCE_END = re.compile(r"[.!?;\n]")
_APOSTROPHES = "'’ʼ"
_ELIDED = {
    "c": "ce",
    "d": "de",
    "j": "je",
    "l": "le",
    "m": "me",
    "n": "ne",
    "s": "se",
    "t": "te",
    "qu": "que",
    "jusqu": "jusque",
    "lorsqu": "lorsque",
    "puisqu": "puisque",
}
# After a title or a kind of street, capitalised words are a name ("Mme Gay", "M. Chrétien",
# "rue du Docteur-Chrétien", "01000 Gay"), never a word of the lexicon.
_TITLES = frozenset(
    {
        "m",
        "mme",
        "mmes",
        "mlle",
        "madame",
        "mesdames",
        "monsieur",
        "messieurs",
        "mr",
        "dr",
        "docteur",
        "me",
        "maitre",
        "famille",
        "epoux",
        "consorts",
        "rue",
        "avenue",
        "av",
        "boulevard",
        "bd",
        "place",
        "impasse",
        "allee",
        "chemin",
        "quai",
        "square",
        "route",
        "residence",
        "cite",
        "passage",
        "sentier",
        "villa",
        "hameau",
        "lieu",
        "lycee",
        "college",
        "ecole",
    }
)
_NAME_PARTICLES = frozenset({"de", "du", "des", "la", "le", "les", "d", "l"})
_MAX_NAME_WORDS = 3

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


def fold(text: str) -> str:
    """Accents and capitals folded: "Diabète" becomes "diabete"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def word_key(word: str) -> str:
    """A stem for the forms of a word: folded, without its plural, in the masculine."""
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


# Endings of a first-group verb ("jeter", "jeté", "jetaient"), folded, longest first: the
# dictionary misses some forms ("jeté", "trompe"), which then meet by this stem, kept
# apart from the other keys ("v:jet") so that a noun ("jet") does not meet the verb.
# Not "-ant" nor "-ent": they make nouns and adjectives too ("assistant", "violent").
_VERB_ENDINGS = ("aient", "ait", "ees", "ee", "es", "er", "ez", "e")
_MIN_VERB_STEM = 3


def verb_key(folded: str) -> str | None:
    for ending in _VERB_ENDINGS:
        if folded.endswith(ending) and len(folded) - len(ending) >= _MIN_VERB_STEM:
            return "v:" + folded[: -len(ending)]
    return None


@lru_cache(maxsize=65_536)
def _folded_and_keys(word: str) -> tuple[str, frozenset[str]]:
    return fold(word), keys(word)


@lru_cache(maxsize=65_536)
def keys(word: str) -> frozenset[str]:
    """Every key of a word (see the module's docstring), from its lower-case form.
    simplemma loads its French dictionary on the first call (about 0.2 s, 30 MB)."""
    lower = word.casefold()
    lemma = simplemma.lemmatize(lower, lang="fr").casefold()
    found = {fold(lower), word_key(lower), fold(lemma), word_key(lemma), verb_key(fold(lower))}
    return frozenset(key for key in found if key is not None)


# Forms of the auxiliaries "être" and "avoir": an expression steps over them without
# counting them as a gap ("se pendre" matches "s'est pendu", "a tenté" and "tente" alike).
_AUXILIARIES = frozenset(
    {
        "suis",
        "es",
        "est",
        "sommes",
        "êtes",
        "sont",
        "étais",
        "était",
        "étions",
        "étiez",
        "étaient",
        "sera",
        "seront",
        "serait",
        "seraient",
        "été",
        "ai",
        "as",
        "a",
        "avons",
        "avez",
        "ont",
        "avais",
        "avait",
        "avaient",
        "aura",
        "auront",
        "aurait",
        "auraient",
        "eu",
    }
)  # accents kept: "a" is "avoir", "à" is not


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    lower: str  # casefolded, accents kept: for the entries that must match exactly
    folded: str
    keys: frozenset[str]
    sentence: int

    @property
    def is_auxiliary(self) -> bool:
        return self.lower in _AUXILIARIES


def tokens(text: str) -> list[Token]:
    """The words of the text with their position, keys and sentence number."""
    found: list[Token] = []
    sentence, previous_end, name_words = 0, 0, 0
    for match in _WORD.finditer(text):
        start, end = match.span()
        if _SENTENCE_END.search(text, previous_end, start) and not _is_title_dot(
            text, previous_end, found
        ):
            sentence += 1
        previous_end = end
        word = match.group().casefold()
        if end < len(text) and text[end] in _APOSTROPHES:
            word = _ELIDED.get(word, word)
        folded, word_keys = _folded_and_keys(word)
        if name_words and match.group()[0].isupper():
            name_words -= 1
            found.append(Token(start, end, word, folded, frozenset(), sentence))
            continue
        if not (name_words and folded in _NAME_PARTICLES):
            name_words = _MAX_NAME_WORDS if folded in _TITLES or _is_postal_code(folded) else 0
        found.append(Token(start, end, word, folded, word_keys, sentence))
    return found


def _is_postal_code(folded: str) -> bool:
    """A postal code ("93200 Saint-Denis"): a town's name follows."""
    return len(folded) == 5 and folded.isdigit()


def _is_title_dot(text: str, previous_end: int, found: list[Token]) -> bool:
    """The dot of an abbreviated title ("M. Gay") does not end the sentence."""
    return bool(found) and found[-1].folded in _TITLES and text[previous_end] == "."
