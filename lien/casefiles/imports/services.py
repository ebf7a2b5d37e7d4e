"""Writes a validated import: households, persons, members and files in bulk, in one
transaction. Audited as one event for the import (with the number of households) and,
as `register_household` does, one "created" event per file, so that each household's
access log says how its file began. The statistical record gets each file's opening
through the batch path (`statistics.record_many`), with the same rows as one by one."""

import hashlib
from collections.abc import Callable
from datetime import date, datetime
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from lien import bulk
from lien.accounts.models import User
from lien.accounts.policy import Can
from lien.audit.models import Action, queued_at_the_end
from lien.audit.services import record, record_for_files
from lien.background import jobs
from lien.background.priority import pacing_for

from .. import statistics
from ..households.services import PERSON_FIELDS
from ..models import CaseFile, Household, HouseholdImport, HouseholdMember, ImportStatus, Person
from ..scope import imports_in_scope, require_office
from ..search_key import person_key
from .reading import ImportedHousehold, ImportPlan, UnreadableFile, plan_import, read_rows
from .tables import CONTROL_CHARACTERS

BATCH = 2000
# Paced (PostgreSQL), a batch is about half a second of the server's work: short enough
# that the agents' requests queue only briefly behind it.
PACED_BATCH = 250


class NewFile(NamedTuple):
    """A file just written, as the statistics and the audit log take it (its id, its
    household and office) without a model instance."""

    pk: int
    household_id: int
    office_id: int
    opened_on: date


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
    today, now = timezone.localdate(), timezone.now()
    pacing = pacing_for()
    batch = PACED_BATCH if pacing.ratio else BATCH
    # The events' queue entries at the end: until the commit, every sealing round of the
    # département would step over them (lien/audit/models.py, queued_at_the_end).
    with queued_at_the_end():
        for start in range(0, len(plan.households), batch):
            chunk = plan.households[start : start + batch]
            _write_households(actor, office_id, chunk, today=today, now=now)
            if progress is not None:
                progress(start + len(chunk))
            if start + batch < len(plan.households):  # no pause before the commit
                pacing.step_done()
    record(
        actor=actor,
        action=Action.CREATE,
        object_kind="household_import",
        office_id=office_id,
        result_count=len(plan.households),
    )
    return len(plan.households)


def _write_households(
    actor: User, office_id: int, chunk: list[ImportedHousehold], *, today: date, now: datetime
) -> None:
    """One batch of an import: its households, persons, members and files, with their
    statistical and audit events."""
    # The rows are written straight from the validated data, without a model instance
    # each (most of the cost of a write), their ids reserved first so that nothing is
    # read back. Versions and the other columns take their defaults.
    household_ids = bulk.reserve_ids(Household, len(chunk))
    bulk.insert_rows(
        Household,
        ("id", "created_at", "updated_at"),
        [(pk, now, now) for pk in household_ids],
    )
    person_ids = iter(bulk.reserve_ids(Person, sum(len(i.members) for i in chunk)))
    persons, members = [], []
    for household_id, imported in zip(household_ids, chunk, strict=True):
        joined_on = imported.opened_on or today
        for data, relationship in imported.members:
            person_id = next(person_ids)
            key = person_key(data.usage_name, data.birth_name, data.first_names)
            persons.append(
                (person_id, now, now, *[getattr(data, name) for name in PERSON_FIELDS], key)
            )
            members.append((household_id, person_id, relationship, joined_on))
    bulk.insert_rows(
        Person, ("id", "created_at", "updated_at", *PERSON_FIELDS, "search_key"), persons
    )
    bulk.insert_rows(
        HouseholdMember, ("household_id", "person_id", "relationship", "joined_on"), members
    )
    files = [
        NewFile(
            pk=pk,
            household_id=household_id,
            office_id=office_id,
            opened_on=i.opened_on or today,
        )
        for pk, household_id, i in zip(
            bulk.reserve_ids(CaseFile, len(chunk)), household_ids, chunk, strict=True
        )
    ]
    bulk.insert_rows(
        CaseFile,
        ("id", "created_at", "updated_at", "household_id", "office_id", "opened_on"),
        [(f.pk, now, now, f.household_id, f.office_id, f.opened_on) for f in files],
    )
    statistics.record_many([(f, statistics.Kind.FILE_OPENED, f.opened_on, {}) for f in files])
    record_for_files(actor=actor, action=Action.CREATE, casefiles=files)


@transaction.atomic
def check_import(*, actor: User, office_id: int, file_name: str, content: bytes) -> HouseholdImport:
    """Reads and validates an uploaded spreadsheet and keeps it, with its validation
    report, until the manager confirms or abandons the import. Raises ValidationError
    when the file is not a readable table. Earlier imports of the office still waiting
    are abandoned (their content emptied): one upload waits at a time."""
    require_office(actor, Can.IMPORT_HOUSEHOLDS, office_id)
    digest = hashlib.sha256(content).hexdigest()
    _refuse_if_imported(digest)
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
        file_name=CONTROL_CHARACTERS.sub("", file_name)[:200],  # PostgreSQL refuses a null byte
        content=content,
        digest=digest,
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
    if job.digest:
        _refuse_if_imported(job.digest)
    # Only a checked import starts, and only once, even if confirmed twice at once; and a
    # file only once, even if two managers confirm the same file at once (the constraint).
    try:
        with transaction.atomic():
            started = HouseholdImport.objects.filter(pk=job.pk, status=ImportStatus.CHECKED).update(
                status=ImportStatus.RUNNING, valid_only=valid_only
            )
    except IntegrityError:
        _refuse_if_imported(job.digest)
        raise
    if not started:
        raise ValidationError(_("This import was already started or abandoned."), code="state")
    # Its job and task, written with it: the worker writes the households
    # (imports/tasks.py, which imports this module: hence imported here). An immediate
    # backend (the tests) runs it at once.
    from .tasks import KIND, run_household_import

    background = jobs.enqueue(
        run_household_import, kind=KIND, subject=str(job.pk), total=job.households
    )
    HouseholdImport.objects.filter(pk=job.pk).update(job=background)
    job.refresh_from_db()
    return job


def _refuse_if_imported(digest: str) -> None:
    """Refuses a file already imported, or being imported, recognised by its digest."""
    earlier = (
        HouseholdImport.objects.filter(
            digest=digest, status__in=(ImportStatus.RUNNING, ImportStatus.DONE)
        )
        .only("status", "finished_at", "imported")
        .first()
    )
    if earlier is None:
        return
    if earlier.status == ImportStatus.RUNNING or earlier.finished_at is None:
        raise ValidationError(
            {"file": _("This file is being imported already: it is not imported twice.")},
            code="duplicate",
        )
    raise ValidationError(
        {
            "file": _(
                "This file was already imported on %(date)s (%(count)s households): "
                "it is not imported twice."
            )
            % {
                "date": date_format(timezone.localtime(earlier.finished_at), "SHORT_DATE_FORMAT"),
                "count": number_format(earlier.imported, force_grouping=True),
            }
        },
        code="duplicate",
    )
