"""Writes a validated import: households, persons, members and files in bulk, in one
transaction, with one audit event carrying the number of households."""

from django.db import transaction
from django.utils import timezone

from lien.accounts.models import User
from lien.accounts.policy import Can
from lien.audit.models import Action
from lien.audit.services import record

from .. import statistics
from ..models import CaseFile, Household, HouseholdMember, Person
from ..scope import require_office
from ..services import PERSON_FIELDS
from .reading import ImportPlan

BATCH = 2000


class InvalidImport(Exception):
    """Rows are invalid and the import of the valid rows alone was not chosen."""


@transaction.atomic
def import_households(
    *, actor: User, office_id: int, plan: ImportPlan, valid_rows_only: bool = False
) -> int:
    """Registers the households of a validated plan in the office: nothing when a row is
    invalid, unless `valid_rows_only` (then the households with no bad row). Returns
    the number of households written."""
    require_office(actor, Can.EDIT_IDENTITY, office_id)
    if plan.errors and not valid_rows_only:
        raise InvalidImport
    today = timezone.localdate()
    for start in range(0, len(plan.households), BATCH):
        chunk = plan.households[start : start + BATCH]
        households = Household.objects.bulk_create([Household() for _ in chunk])
        persons, members = [], []
        for household, imported in zip(households, chunk, strict=True):
            joined_on = imported.opened_on or today
            for data, relationship in imported.members:
                person = Person(**{name: getattr(data, name) for name in PERSON_FIELDS})
                person.search_key = person.computed_search_key()
                persons.append(person)
                members.append((household, person, relationship, joined_on))
        Person.objects.bulk_create(persons)
        HouseholdMember.objects.bulk_create(
            [
                HouseholdMember(household=h, person=p, relationship=r, joined_on=d)
                for h, p, r, d in members
            ]
        )
        files = CaseFile.objects.bulk_create(
            [
                CaseFile(household=household, office_id=office_id, opened_on=i.opened_on or today)
                for household, i in zip(households, chunk, strict=True)
            ]
        )
        for casefile in files:
            statistics.record(casefile, "file_opened", casefile.opened_on)
    record(
        actor=actor,
        action=Action.CREATE,
        object_kind="household_import",
        office_id=office_id,
        result_count=len(plan.households),
    )
    return len(plan.households)
