"""Writes a validated import: households, persons, members and files in bulk, in one
transaction. Audited as one event for the import (with the number of households) and,
as `register_household` does, one "created" event per file, so that each household's
access log says how its file began. The statistical record gets each file's opening
through the batch path (`statistics.record_many`), with the same rows as one by one."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from lien import bulk
from lien.accounts.models import User
from lien.accounts.policy import Can
from lien.audit.models import Action
from lien.audit.services import record, record_for_files

from .. import statistics
from ..models import CaseFile, Household, HouseholdImport, HouseholdMember, ImportStatus, Person
from ..scope import imports_in_scope, require_office
from ..services import PERSON_FIELDS
from .reading import ImportPlan, UnreadableFile, plan_import, read_rows

BATCH = 2000


class InvalidImport(Exception):
    """Rows are invalid and the import of the valid rows alone was not chosen."""


@transaction.atomic
def import_households(
    *,
    actor: User,
    office_id: int,
    plan: ImportPlan,
    valid_rows_only: bool = False,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Registers the households of a validated plan in the office: nothing when a row is
    invalid, unless `valid_rows_only` (then the households with no bad row). Returns
    the number of households written; `progress` is told how many are written so far,
    after each batch (still inside the transaction: nothing is committed before the end)."""
    require_office(actor, Can.IMPORT_HOUSEHOLDS, office_id)
    if plan.errors and not valid_rows_only:
        raise InvalidImport
    today = timezone.localdate()
    for start in range(0, len(plan.households), BATCH):
        chunk = plan.households[start : start + BATCH]
        # Ids reserved first, so that the rows go in without reading their keys back.
        households = [Household(pk=pk) for pk in bulk.reserve_ids(Household, len(chunk))]
        bulk.insert(households)
        person_ids = iter(bulk.reserve_ids(Person, sum(len(i.members) for i in chunk)))
        persons, members = [], []
        for household, imported in zip(households, chunk, strict=True):
            joined_on = imported.opened_on or today
            for data, relationship in imported.members:
                person = Person(
                    pk=next(person_ids), **{name: getattr(data, name) for name in PERSON_FIELDS}
                )
                person.search_key = person.computed_search_key()
                persons.append(person)
                members.append(
                    HouseholdMember(
                        household=household,
                        person=person,
                        relationship=relationship,
                        joined_on=joined_on,
                    )
                )
        bulk.insert(persons)
        bulk.insert(members)
        files = [
            CaseFile(
                pk=pk, household=household, office_id=office_id, opened_on=i.opened_on or today
            )
            for pk, household, i in zip(
                bulk.reserve_ids(CaseFile, len(chunk)), households, chunk, strict=True
            )
        ]
        bulk.insert(files)
        statistics.record_many([(f, "file_opened", f.opened_on, {}) for f in files])
        record_for_files(actor=actor, action=Action.CREATE, casefiles=files)
        if progress is not None:
            progress(start + len(chunk))
    record(
        actor=actor,
        action=Action.CREATE,
        object_kind="household_import",
        office_id=office_id,
        result_count=len(plan.households),
    )
    return len(plan.households)


@transaction.atomic
def check_import(*, actor: User, office_id: int, file_name: str, content: bytes) -> HouseholdImport:
    """Reads and validates an uploaded spreadsheet and keeps it, with its validation
    report, until the manager confirms or abandons the import. Raises ValidationError
    when the file is not a readable table. Earlier imports of the office still waiting
    are abandoned (their content emptied): one upload waits at a time."""
    require_office(actor, Can.IMPORT_HOUSEHOLDS, office_id)
    try:
        plan = plan_import(read_rows(file_name, content))
    except UnreadableFile as error:
        raise ValidationError({"file": str(error)}, code="unreadable") from None
    HouseholdImport.objects.filter(office_id=office_id, status=ImportStatus.CHECKED).update(
        status=ImportStatus.ABANDONED, content=b"", finished_at=timezone.now()
    )
    job = HouseholdImport.objects.create(
        office_id=office_id,
        created_by=actor,
        file_name=file_name[:200],
        content=content,
        rows=plan.rows,
        households=len(plan.households),
        persons=plan.persons,
        errors=[[error.line, error.reason] for error in plan.errors],
    )
    record(
        actor=actor,
        action=Action.CREATE,
        object_kind="household_import_file",
        object_id=job.pk,
        office_id=office_id,
        result_count=plan.rows,
    )
    return job


@transaction.atomic
def start_import(*, actor: User, import_id: int, valid_only: bool) -> HouseholdImport:
    """The manager confirms a checked import: all of it (only when no row is invalid) or
    its valid households. Marks it running; the caller then runs it (`jobs.run`)."""
    job = imports_in_scope(actor).filter(pk=import_id).first()
    if job is None:
        raise Http404
    if job.errors and not valid_only:
        raise ValidationError(
            _("Some rows are invalid: correct the file, or import the valid households only."),
            code="invalid_rows",
        )
    if not job.households:
        raise ValidationError(_("No household of this file is valid."), code="nothing")
    # Only a checked import starts, and only once, even if confirmed twice at once.
    started = HouseholdImport.objects.filter(pk=job.pk, status=ImportStatus.CHECKED).update(
        status=ImportStatus.RUNNING, valid_only=valid_only
    )
    if not started:
        raise ValidationError(_("This import was already started or abandoned."), code="state")
    job.refresh_from_db()
    return job
