"""Reads of persons: one person, and the search by name (exact words, and the likely
duplicates of a name being typed), always within the actor's offices. The audit records
the number of results, never the terms."""

from dataclasses import dataclass

from django.db import connections
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat
from rapidfuzz import fuzz

from lien.accounts.policy import Can
from lien.audit.models import Action
from lien.audit.services import record
from lien.base.lookups import object_or_404

from ..files.models import CaseFile
from ..files.selectors import files_visible_to
from ..scope import files_in_scope
from ..search_key import normalise, tokens
from .models import HouseholdMember, Person

SEARCH_LIMIT = 50


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


def _name_words_start_with(
    queryset: QuerySet[Person], words: list[str], *, every: bool
) -> QuerySet[Person]:
    """Persons of whose name each (every=True) or some (every=False) of `words` starts a
    word. The words come from `tokens()`: letters and digits only.

    On SQLite the FTS5 index of the search keys answers it (migration casefiles/0004),
    on PostgreSQL the same condition with LIKE, which its trigram index answers."""
    if connections[queryset.db].vendor == "sqlite":
        match = (" AND " if every else " OR ").join(f'"{word}"*' for word in words)
        return queryset.filter(
            pk__in=RawSQL(
                "SELECT rowid FROM casefiles_person_fts WHERE casefiles_person_fts MATCH %s",
                [match],
            )
        )
    conditions = [Q(search_key__startswith=w) | Q(search_key__contains=" " + w) for w in words]
    combined = conditions[0]
    for condition in conditions[1:]:
        combined = (combined & condition) if every else (combined | condition)
    return queryset.filter(combined)


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
    words = tokens(query)
    persons: list[Person] = []
    if words:
        queryset = _name_words_start_with(_persons_in_scope(actor), words, every=True)
        persons = list(_by_search_key(queryset)[:limit])
    files_by_person = _files_of_persons(actor, persons)
    matches = [PersonMatch(person=p, casefiles=files_by_person.get(p.pk, [])) for p in persons]
    record(actor=actor, action=Action.SEARCH, object_kind="person", result_count=len(matches))
    return matches


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
    actor's offices. Candidates share the first three letters of a word with the query
    (an index-friendly prefix on the search key); rapidfuzz ranks them."""
    words = [w for w in tokens(query) if len(w) >= 2]
    persons: list[Person] = []
    if words:
        stems = sorted({word[:3] for word in words})
        candidates = _by_search_key(
            _name_words_start_with(_persons_in_scope(actor), stems, every=False)
        )
        scored = [
            (_similarity(words, person.search_key or normalise(person.full_name)), person)
            for person in candidates[:_CANDIDATE_POOL]
        ]
        scored = [pair for pair in scored if pair[0] >= SIMILARITY_THRESHOLD]
        scored.sort(key=lambda pair: (-pair[0], pair[1].search_key))
        persons = [person for _score, person in scored[:limit]]
    files_by_person = _files_of_persons(actor, persons)
    matches = [PersonMatch(person=p, casefiles=files_by_person.get(p.pk, [])) for p in persons]
    record(actor=actor, action=Action.SEARCH, object_kind="person", result_count=len(matches))
    return matches
