"""The lexicon's expressions: how an entry is written, read, and found in a note.

An entry is one or more words, each matching any inflected form of itself (see words.py):
- "tenter … de se suicider": "…" (or "...") lets up to MAX_GAP words stand between its
  neighbours ("a tenté hier de se suicider"), never across the end of a sentence;
  the forms of "être" and "avoir" are stepped over anywhere ("se pendre" matches
  "s'est pendu");
- "porter le voile|foulard": "|" gives alternatives for one word;
- "de origine @peoples": "@name" is any word of the named list under `sets:`;
- "psychiatr*": any word that begins so (at least four letters);
- "=jeûne": this word exactly (accents kept, plural allowed), where folding would
  confuse it with another ("jeune").
Where several expressions start on the same word, the longest wins; an expression of the
family `safe` wins a tie and silences the words it covers.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ImproperlyConfigured

from lien.base.yaml_loading import load_yaml

from . import words
from .families import SAFE, WORD_FAMILIES

MAX_GAP = 4
_MAX_CACHED_WORDS = 65_536
MIN_PREFIX = 4
_GAP_MARKS = {"…", "..."}


@dataclass(frozen=True, slots=True)
class Member:
    keys: frozenset[str]
    exact: frozenset[str]
    prefixes: tuple[str, ...]
    gap: int  # how many words may stand between the previous member and this one

    def matches(self, token: words.Token) -> bool:
        return (
            not self.keys.isdisjoint(token.keys)
            or token.lower in self.exact
            or (bool(self.prefixes) and token.folded.startswith(self.prefixes))
        )


@dataclass(frozen=True, slots=True, eq=False)  # compared by identity: hashed often
class Expression:
    members: tuple[Member, ...]
    family: str


class LexiconError(ValueError):
    pass


def _alternative(text: str, sets: dict[str, list[str]]) -> tuple[set[str], set[str], set[str]]:
    """The keys, exact forms and prefixes of one alternative of a word."""
    if text.startswith("@"):
        if text[1:] not in sets:
            raise LexiconError(f"unknown list {text!r}")
        found: tuple[set[str], set[str], set[str]] = (set(), set(), set())
        for item in sets[text[1:]]:
            for part, more in zip(found, _alternative(str(item), sets), strict=True):
                part |= more
        return found
    if text.startswith("="):
        exact = text[1:].casefold()
        return set(), {exact, exact + "s"}, set()
    if text.endswith("*"):
        prefix = words.fold(text[:-1])
        if len(prefix) < MIN_PREFIX or not prefix.isalpha():
            raise LexiconError(f"a prefix needs {MIN_PREFIX} letters at least: {text!r}")
        return set(), set(), {prefix}
    found_words = words.tokens(text)
    if len(found_words) != 1:
        raise LexiconError(f"an alternative must be one word: {text!r}")
    return set(found_words[0].keys), set(), set()


def parse(entry: str, family: str, sets: dict[str, list[str]]) -> Expression:
    members: list[Member] = []
    gap = 0
    for piece in entry.split():
        if piece in _GAP_MARKS:
            if not members:
                raise LexiconError(f"an entry cannot begin with a gap: {entry!r}")
            gap = MAX_GAP
            continue
        if "|" in piece or piece[0] in "@=" or piece.endswith("*"):
            keys, exact, prefixes = set(), set(), set()
            for alternative in piece.split("|"):
                more = _alternative(alternative, sets)
                keys |= more[0]
                exact |= more[1]
                prefixes |= more[2]
            members.append(Member(frozenset(keys), frozenset(exact), tuple(prefixes), gap))
        else:  # a plain word, or several joined by an apostrophe or a hyphen
            for i, token in enumerate(words.tokens(piece)):
                members.append(Member(token.keys, frozenset(), (), gap if i == 0 else 0))
        gap = 0
    if not members:
        raise LexiconError(f"an empty entry in {family!r}")
    return Expression(tuple(members), family)


class Lexicon:
    """The expressions, indexed by what their first word can be."""

    def __init__(self, expressions: list[Expression]):
        self.by_key: dict[str, list[Expression]] = {}
        self.by_exact: dict[str, list[Expression]] = {}
        self.by_prefix: dict[str, list[Expression]] = {}
        for expression in expressions:
            first = expression.members[0]
            for key in first.keys:
                self.by_key.setdefault(key, []).append(expression)
            for exact in first.exact:
                self.by_exact.setdefault(exact, []).append(expression)
            for prefix in first.prefixes:
                self.by_prefix.setdefault(prefix, []).append(expression)
        self.prefixes = tuple(self.by_prefix)
        self.size = len(expressions)
        self._cache: dict[tuple[frozenset[str], str], tuple[Expression, ...]] = {}

    def _starting_at(self, token: words.Token) -> tuple[Expression, ...]:
        return self._candidates(token.keys, token.lower, token.folded)

    def _candidates(self, keys: frozenset[str], lower: str, folded: str) -> tuple[Expression, ...]:
        """The expressions a word may start, remembered per word: a note repeats its
        words, and the check runs again on every pause in the typing."""
        cached = self._cache.get((keys, lower))
        if cached is not None:
            return cached
        found: set[Expression] = set()
        for key in keys:
            found.update(self.by_key.get(key, ()))
        found.update(self.by_exact.get(lower, ()))
        if self.prefixes and folded.startswith(self.prefixes):
            for prefix, expressions in self.by_prefix.items():
                if folded.startswith(prefix):
                    found.update(expressions)
        if len(self._cache) > _MAX_CACHED_WORDS:
            self._cache.clear()
        self._cache[keys, lower] = candidates = tuple(found)
        return candidates

    def find(self, tokens: list[words.Token]) -> list[tuple[int, int, str]]:
        """(first word, last word, family) of each expression found, left to right,
        without overlap."""
        found, i = [], 0
        while i < len(tokens):
            best_end, best_family = -1, None
            for expression in self._starting_at(tokens[i]):
                end = _match_rest(expression.members, tokens, 1, i)
                if end is None:
                    continue
                if end > best_end or (end == best_end and expression.family == SAFE):
                    best_end, best_family = end, expression.family
            if best_family is None:
                i += 1
                continue
            if best_family != SAFE:
                found.append((i, best_end, best_family))
            i = best_end + 1
        return found


def _match_rest(
    members: tuple[Member, ...], tokens: list[words.Token], m: int, last: int
) -> int | None:
    """The index of the last word if members[m:] follow the word `last`, the nearest
    words first; None otherwise."""
    if m == len(members):
        return last
    member, skipped = members[m], 0
    for j in range(last + 1, len(tokens)):
        if tokens[j].sentence != tokens[last].sentence:
            break
        if member.matches(tokens[j]):
            end = _match_rest(members, tokens, m + 1, j)
            if end is not None:
                return end
        if not tokens[j].is_auxiliary:
            skipped += 1
            if skipped > member.gap:
                break
    return None


def _read(path: Path) -> dict[str, Any]:
    try:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise ImproperlyConfigured(
            f"The free-text lexicon {path} cannot be read: {error}"
        ) from error
    if not isinstance(data, dict):
        raise ImproperlyConfigured(f"The free-text lexicon {path} must be a mapping.")
    return data


@cache
def load(*paths: str) -> Lexicon:
    """The lexicon of the files, read in order: a later file may use the lists (`sets:`)
    of an earlier one and adds its entries."""
    sets: dict[str, list[str]] = {}
    expressions = []
    for path in map(Path, paths):
        data = _read(path)
        sets.update(data.pop("sets", None) or {})
        unknown = set(data) - WORD_FAMILIES
        if unknown or not all(isinstance(entries, list) for entries in data.values()):
            raise ImproperlyConfigured(
                f"The free-text lexicon {path} must map the families {sorted(WORD_FAMILIES)} "
                f"to lists of words; found {sorted(unknown) or 'a family without a list'}."
            )
        for family, entries in data.items():
            for entry in entries:
                try:
                    expressions.append(parse(str(entry), family, sets))
                except LexiconError as error:
                    raise ImproperlyConfigured(f"The free-text lexicon {path}: {error}.") from error
    return Lexicon(expressions)
