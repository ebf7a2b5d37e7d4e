"""Which files an emergency access may open: those of the households of a person whose
exact identity was given, in the offices where the worker does not work.

Exact, not fuzzy: the page must not become a way to find out who is followed where. The
normalised search key (accents and case folded) absorbs typing differences only."""

from datetime import date

from django.db.models import QuerySet

from lien.accounts.policy import Can, offices_where
from lien.casefiles.models import CaseFile, HouseholdMember, Person
from lien.casefiles.scope import not_archived
from lien.casefiles.search_key import normalise


def exact_persons(birth_name: str, first_names: str, birth_date: date) -> list[Person]:
    wanted_name, wanted_first = normalise(birth_name), normalise(first_names)
    if not wanted_name or not wanted_first:
        return []
    # The search key holds "usage birth first": narrowed in the database, checked here.
    candidates = Person.objects.filter(
        birth_date=birth_date, search_key__contains=f"{wanted_name} {wanted_first}"
    )
    return [
        p
        for p in candidates
        if normalise(p.birth_name) == wanted_name and normalise(p.first_names) == wanted_first
    ]


def files_elsewhere(actor, persons: list[Person]) -> QuerySet[CaseFile]:
    """The persons' households' files, archived ones left out, in the offices where the
    actor is not a social worker."""
    households = HouseholdMember.objects.filter(
        person__in=persons, left_on__isnull=True
    ).values_list("household_id", flat=True)
    return (
        CaseFile.objects.filter(not_archived(), household_id__in=households)
        .exclude(office_id__in=offices_where(actor, Can.WRITE_NOTES))
        .select_related("office")
        .order_by("pk")
    )
