"""Reads of persons: one person, and the search by name (exact words, and the likely
duplicates of a name being typed), always within the actor's offices. The audit records
the number of results, never the terms."""

from dataclasses import dataclass

from django.db import connections
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat
from rapidfuzz import fuzz

from lien.accounts.policy import Can, offices_where
from lien.audit.models import Action
from lien.audit.services import record
from lien.base.lookups import object_or_404

from ..break_glass.grants import granted_file_ids
from ..files.models import CaseFile
from ..files.selectors import files_visible_to
from ..scope import files_in_scope
from ..search_key import normalise, tokens
from .models import HouseholdMember, Person

SEARCH_LIMIT = 50
# While typing, the box asks again at each pause: the first 20 names are enough to see
# whether the person is there, and half the rows to render (the page's main cost at each
# keystroke). "Show more" or Enter without JavaScript asks for SEARCH_LIMIT.
TYPING_LIMIT = 20


def person_for(*, actor, pk) -> Person:
    person = object_or_404(_persons_in_scope(actor), pk)
    record(actor=actor, action=Action.VIEW, object_kind="person", object_id=person.pk)
    return person


def _persons_in_scope(actor) -> QuerySet[Person]:
    """Persons of a household with a file in the actor's offices. Written as two nested
    lookups (the person's memberships, then the files of each household) so that the
    database checks a person from the person's side: with the office condition in the
    same subquery, SQLite read every file of the office for each candidate of a search."""
    file_in_office = files_in_scope(actor, Can.VIEW_IDENTITY).filter(
        household_id=OuterRef("household_id")
    )
    in_office = HouseholdMember.objects.filter(person=OuterRef("pk")).filter(Exists(file_in_office))
    return Person.objects.filter(Exists(in_office))


def _office_term(office_id: int, word: str) -> str:
    """A word as indexed for one office (migration casefiles/0013): the office id on 6
    digits, then the word."""
    return f"o{office_id:06d}{word}"


def _name_words_start_with(
    queryset: QuerySet[Person], words: list[str], *, every: bool, actor
) -> QuerySet[Person]:
    """Persons of the actor's offices of whose name each (every=True) or some (every=False)
    of `words` starts a word. The words come from `tokens()`: letters and digits only.

    The office is part of what the index looks up (migration casefiles/0013): on SQLite
    the FTS5 query `("o000012ma"* OR "o000013ma"*) AND …`, on PostgreSQL the tsquery
    `(o000012ma:* | o000013ma:*) & …` on a GIN index; either reads the terms of the
    actor's offices beginning with each word, so the cost grows with the matches in those
    offices, not in the département. The files of the actor's emergency accesses (a few,
    possibly in other offices) are added by their households. The caller's scope
    condition is still applied to what is found (archived files, exact capability)."""
    offices = sorted(offices_where(actor, Can.VIEW_IDENTITY))
    sqlite = connections[queryset.db].vendor == "sqlite"
    found = Q(pk__in=[])
    if offices:
        groups = []
        for word in words:
            if sqlite:
                terms = " OR ".join(f'"{_office_term(o, word)}"*' for o in offices)
            else:
                terms = " | ".join(f"{_office_term(o, word)}:*" for o in offices)
            groups.append(f"({terms})")
        # The match is a parameter; its words are letters and digits only (tokens()).
        if sqlite:
            match = (" AND " if every else " OR ").join(groups)
            lookup = RawSQL(
                "SELECT rowid FROM casefiles_person_office_fts "
                "WHERE casefiles_person_office_fts MATCH %s",
                [match],
            )
        else:
            match = (" & " if every else " | ").join(groups)
            lookup = RawSQL(
                "SELECT person_id FROM casefiles_person_office_key "
                "WHERE keys @@ to_tsquery('simple', %s)",
                [match],
            )
        found = Q(pk__in=lookup)
    granted = granted_file_ids(actor)
    if granted:
        in_granted = HouseholdMember.objects.filter(household__casefiles__pk__in=granted).values(
            "person_id"
        )
        found |= Q(pk__in=in_granted) & _words_condition(words, every=every)
    return queryset.filter(found)


def _words_condition(words: list[str], *, every: bool) -> Q:
    """The same condition on the search key itself, for the few persons of emergency
    accesses (a LIKE on each of them, no index needed)."""
    conditions = [Q(search_key__startswith=w) | Q(search_key__contains=" " + w) for w in words]
    combined = conditions[0]
    for condition in conditions[1:]:
        combined = (combined & condition) if every else (combined | condition)
    return combined


def _by_search_key(queryset: QuerySet[Person]) -> QuerySet[Person]:
    """Ordered by search key. On PostgreSQL by the key as an expression (the same order:
    `key || ''`), which its B-tree index cannot serve: given `ORDER BY search_key LIMIT
    50`, the planner walked that index through every person of the département, checking
    the name and the office of each, until it had 50 (over 300 ms for "martin" at 100,000
    households). Without it, it takes the matches from the trigram index, sorts them and
    checks the office of the first ones only."""
    if connections[queryset.db].vendor == "postgresql":
        return queryset.order_by(Concat("search_key", Value("")))
    return queryset.order_by("search_key")


@dataclass
class PersonMatch:
    person: Person
    casefiles: list[CaseFile]


def search_persons(*, actor, query: str, limit: int = SEARCH_LIMIT) -> list[PersonMatch]:
    """Accent- and case-insensitive search on names, within the actor's offices.

    Every word of the query must start a word of the name ("dup jea" finds "DUPONT
    Jean-Marc"). The audit records the number of results, never the terms.
    """
    matches = _matches(actor, _exact_persons(actor, tokens(query), limit))
    record(actor=actor, action=Action.SEARCH, object_kind="person", result_count=len(matches))
    return matches


# Fewer letters than this find half the département: the search box waits for more.
MIN_LETTERS = 2
# Close spellings are looked for only when the names found are fewer than this: when the
# person typed is there, ranking typos on every keystroke would only cost time.
SIMILAR_BELOW = 3


@dataclass
class SearchResult:
    matches: list[PersonMatch]
    similar: list[PersonMatch]
    too_short: bool = False
    # More names start with what was typed than the `limit` shown.
    more: bool = False


def find_persons(*, actor, query: str, limit: int = SEARCH_LIMIT) -> SearchResult:
    """The search box: the names that start with what was typed and, when they are few,
    the close spellings (typos, accents), recorded as one search in the audit log. A query
    of fewer than MIN_LETTERS letters searches nothing and records nothing."""
    words = tokens(query)
    if sum(len(word) for word in words) < MIN_LETTERS:
        return SearchResult(matches=[], similar=[], too_short=True)
    # One more than shown, to know whether there are more.
    exact = _exact_persons(actor, words, limit + 1)
    more, exact = len(exact) > limit, exact[:limit]
    close: list[Person] = []
    if len(exact) < SIMILAR_BELOW:
        found = {person.pk for person in exact}
        close = [p for p in _close_persons(actor, words) if p.pk not in found]
    files_by_person = _files_of_persons(actor, exact + close)
    result = SearchResult(
        matches=[PersonMatch(p, files_by_person.get(p.pk, [])) for p in exact],
        similar=[PersonMatch(p, files_by_person.get(p.pk, [])) for p in close],
        more=more,
    )
    record(
        actor=actor,
        action=Action.SEARCH,
        object_kind="person",
        result_count=len(result.matches) + len(result.similar),
    )
    return result


def _exact_persons(actor, words: list[str], limit: int) -> list[Person]:
    if not words:
        return []
    queryset = _name_words_start_with(_persons_in_scope(actor), words, every=True, actor=actor)
    return list(_by_search_key(queryset)[:limit])


def _matches(actor, persons: list[Person]) -> list[PersonMatch]:
    files_by_person = _files_of_persons(actor, persons)
    return [PersonMatch(person=p, casefiles=files_by_person.get(p.pk, [])) for p in persons]


def _files_of_persons(actor, persons: list[Person]) -> dict[int, list[CaseFile]]:
    memberships = HouseholdMember.objects.filter(
        person__in=persons, left_on__isnull=True
    ).values_list("person_id", "household_id")
    households: dict[int, list[int]] = {}
    for person_id, household_id in memberships:
        households.setdefault(household_id, []).append(person_id)
    result: dict[int, list[CaseFile]] = {}
    # The office scope as a correlated EXISTS rather than `office_id IN (…)`: so the
    # database looks the few files up by household instead of reading a whole office's.
    visible = files_visible_to(actor=actor).filter(pk=OuterRef("pk"))
    for casefile in (
        CaseFile.objects.filter(household_id__in=households)
        .filter(Exists(visible))
        .select_related("office", "referent")
    ):
        for person_id in households[casefile.household_id]:
            result.setdefault(person_id, []).append(casefile)
    return result


SIMILARITY_THRESHOLD = 80


_CANDIDATE_POOL = 300


def _similarity(query_words: list[str], key: str) -> float:
    """How well each word typed matches its closest word of the name, on average:
    "mohamed" ~ "mohammed" and "lefebvre" ~ "lefevre" score above 90."""
    name_words = key.split()
    if not name_words:
        return 0.0
    return sum(max(fuzz.ratio(q, n) for n in name_words) for q in query_words) / len(query_words)


def similar_persons(*, actor, query: str, limit: int = 8) -> list[PersonMatch]:
    """Likely duplicates of a name being typed, tolerant of accents and typos, within the
    actor's offices. The audit records the number of results, never the terms."""
    matches = _matches(actor, _close_persons(actor, tokens(query), limit))
    record(actor=actor, action=Action.SEARCH, object_kind="person", result_count=len(matches))
    return matches


def _close_persons(actor, query_words: list[str], limit: int = 8) -> list[Person]:
    """Candidates share the first three letters of a word with the query (an
    index-friendly prefix on the search key); rapidfuzz ranks them."""
    words = [w for w in query_words if len(w) >= 2]
    if not words:
        return []
    stems = sorted({word[:3] for word in words})
    candidates = _by_search_key(
        _name_words_start_with(_persons_in_scope(actor), stems, every=False, actor=actor)
    )
    scored = [
        (_similarity(words, person.search_key or normalise(person.full_name)), person)
        for person in candidates[:_CANDIDATE_POOL]
    ]
    scored = [pair for pair in scored if pair[0] >= SIMILARITY_THRESHOLD]
    scored.sort(key=lambda pair: (-pair[0], pair[1].search_key))
    return [person for _score, person in scored[:limit]]
