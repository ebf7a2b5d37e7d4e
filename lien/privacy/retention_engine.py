"""The retention engine: a closed file's life after the active period.

The periods come from `retention.py` (the one place they are set). A file's clock is the
later of its closure and the last contact coming from the person. Then:

1. archive: at the end of the active period (2 years) a closed file enters the
   intermediate archive: it leaves every list, search and page (`casefiles/scope.py`);
   only the manager of its office and the DPO may open it, with a reason, and every such
   read is logged;
2. anonymise: a file holding an aid decision (granted or refused) stays in the archive
   for 5 more years, as evidence; every other file is anonymised at once, at the end of
   the active period. Anonymising deletes the notes, the documents and the aid requests
   (the aid-decision family ends in deletion), clears free-text situation values and
   their history; once no file of the household is left unanonymised, its persons lose
   their names and contact details, their birth date is coarsened to the year, and the
   audit events naming the household or those persons are rewritten without them through
   `lien.audit.maintenance.rewrite_events`.

A file under legal hold, or under a limitation of processing (GDPR art. 18: storage only),
is skipped by both steps. Each batch is its own transaction and
the state lives in the files themselves (`archived_on`, `anonymised_on`), so a run can be
stopped at any point and the next one carries on where it stopped.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce, Greatest, TruncYear
from django.utils import timezone
from django.utils.translation import gettext

from lien.audit.maintenance import rewrite_events
from lien.audit.models import Action, AuditEvent
from lien.audit.sealer import EventValues
from lien.audit.services import record
from lien.base.dates import months_before
from lien.casefiles.merges.settling import settle_merges
from lien.casefiles.merges.settling import settled as settled_merges
from lien.casefiles.models import (
    AidRequest,
    AidStatus,
    BudgetSheet,
    CaseFile,
    ChildProtectionConcern,
    Deadline,
    Document,
    FileStatus,
    HouseholdMember,
    Letter,
    Note,
    Person,
    Referral,
    ReminderConsent,
    SharingAgreement,
    SituationValue,
)
from lien.catalog.value_types import types_cleared_when_anonymised

from .inventory import Retention
from .limitation import limited_files
from .models import Rectification
from .retention import RETENTION_RULES

DEFAULT_BATCH_SIZE = 500
ARCHIVE, ANONYMISE = "archive", "anonymise"
STEPS = (ARCHIVE, ANONYMISE)

_DECISIONS = (AidStatus.GRANTED, AidStatus.REFUSED)


@dataclass(frozen=True)
class Deadlines:
    """The clock values past which a file is archived, or anonymised."""

    today: date
    active_end: date  # files whose clock is on or before this leave the active period
    evidence_end: date  # files with an aid decision: the end of their archive

    @classmethod
    def on(cls, today: date) -> "Deadlines":
        active = RETENTION_RULES[Retention.ACTIVE_FILE].fixed_active_months
        aid = RETENTION_RULES[Retention.AID_DECISION]
        return cls(
            today=today,
            active_end=months_before(today, active),
            evidence_end=months_before(today, aid.fixed_active_months + aid.archive_months),
        )


def _clock_at_most(queryset: QuerySet[CaseFile], end: date) -> QuerySet[CaseFile]:
    """The files whose retention clock (the later of the closure and the last contact)
    is on or before `end`, the clock annotated as `retention_clock`."""
    return queryset.annotate(
        retention_clock=Greatest(
            Coalesce("last_contact_on", "closed_on"), Coalesce("closed_on", "last_contact_on")
        )
    ).filter(retention_clock__lte=end)


def _past_active_period(deadlines: Deadlines) -> QuerySet[CaseFile]:
    # A limitation of processing (GDPR art. 18) allows storage only: like a legal hold,
    # it suspends archiving and anonymisation until it is lifted.
    return _clock_at_most(
        CaseFile.objects.filter(status=FileStatus.CLOSED, legal_hold=False).exclude(
            pk__in=limited_files()
        ),
        deadlines.active_end,
    )


def to_archive(deadlines: Deadlines) -> QuerySet[CaseFile]:
    # An anonymised file is always archived: the condition changes nothing but lets the
    # selection use the candidates' index (closed, not anonymised) like `to_anonymise`.
    return _past_active_period(deadlines).filter(
        archived_on__isnull=True, anonymised_on__isnull=True
    )


def to_anonymise(deadlines: Deadlines) -> QuerySet[CaseFile]:
    has_decision = Exists(AidRequest.objects.filter(casefile=OuterRef("pk"), status__in=_DECISIONS))
    return (
        _past_active_period(deadlines)
        .filter(anonymised_on__isnull=True)
        .annotate(has_decision=has_decision)
        .filter(Q(has_decision=False) | Q(retention_clock__lte=deadlines.evidence_end))
    )


def held(deadlines: Deadlines) -> QuerySet[CaseFile]:
    """Files the engine would act on but for their legal hold or limitation."""
    return _clock_at_most(
        CaseFile.objects.filter(status=FileStatus.CLOSED, anonymised_on__isnull=True).filter(
            Q(legal_hold=True) | Q(pk__in=limited_files())
        ),
        deadlines.active_end,
    )


@dataclass
class RetentionReport:
    wet_run: bool
    deadlines: Deadlines
    counts: dict[str, int] = field(default_factory=dict)  # files per step
    persons_anonymised: int = 0
    audit_events_rewritten: int = 0
    held: int = 0
    # Open files without contact for the whole active period: the engine acts on closed
    # files only, so these wait for their referent or manager to close them (dormant files).
    dormant_open: int = 0
    # Merges of duplicates past their undo period: journal and emptied record deleted.
    merges_settled: int = 0
    batches: int = 0
    finished: bool = True


def dormant_open(deadlines: Deadlines) -> QuerySet[CaseFile]:
    """Open files whose last contact (or opening) is past the active period."""
    return CaseFile.objects.filter(status=FileStatus.OPEN, archived_on__isnull=True).filter(
        Q(last_contact_on__lte=deadlines.active_end)
        | Q(last_contact_on__isnull=True, opened_on__lte=deadlines.active_end)
    )


def plan(*, today: date | None = None) -> RetentionReport:
    """What a wet run would do now: the dry run. Changes nothing."""
    deadlines = Deadlines.on(today or timezone.localdate())
    report = RetentionReport(wet_run=False, deadlines=deadlines)
    report.counts[ARCHIVE] = to_archive(deadlines).count()
    report.counts[ANONYMISE] = to_anonymise(deadlines).count()
    report.held = held(deadlines).count()
    report.dormant_open = dormant_open(deadlines).count()
    report.merges_settled = settled_merges().count()
    return report


def apply(
    *,
    today: date | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    max_batches: int | None = None,
    progress: Callable[[str, int], None] | None = None,
    in_batch: Callable[[str, int], None] | None = None,
) -> RetentionReport:
    """Archives, then anonymises, batch by batch, each batch in its own transaction.
    With `max_batches`, stops after that many batches (the next run resumes). `in_batch`
    is told each batch inside its transaction (a job's counts commit with the batch);
    `progress`, after it committed."""
    deadlines = Deadlines.on(today or timezone.localdate())
    report = RetentionReport(wet_run=True, deadlines=deadlines, counts=dict.fromkeys(STEPS, 0))
    report.held = held(deadlines).count()
    report.dormant_open = dormant_open(deadlines).count()
    report.merges_settled = settle_merges()
    steps = ((ARCHIVE, to_archive, _archive_batch), (ANONYMISE, to_anonymise, _anonymise_batch))
    for step, candidates, act in steps:
        after = 0  # batches follow the ids: each one starts where the last one ended
        while True:
            if max_batches is not None and report.batches >= max_batches:
                report.finished = not any(c(deadlines).exists() for _, c, _ in steps)
                return report
            ids = list(
                candidates(deadlines)
                .filter(pk__gt=after)
                .order_by("pk")
                .values_list("pk", flat=True)[:batch_size]
            )
            if not ids:
                break
            after = ids[-1]
            with transaction.atomic():
                act(ids, deadlines, report)
                if in_batch:
                    in_batch(step, len(ids))
            report.counts[step] += len(ids)
            report.batches += 1
            if progress:
                progress(step, len(ids))
    return report


def anonymise_file_now(casefile_id: int) -> RetentionReport:
    """Anonymises one file at once, as the engine would at the end of its periods: the
    DPO's answer to an erasure request (`privacy.services.erase_file`, which checks that
    the law allows it). Runs inside the caller's transaction."""
    deadlines = Deadlines.on(timezone.localdate())
    report = RetentionReport(wet_run=True, deadlines=deadlines, counts={ANONYMISE: 1})
    _anonymise_batch([casefile_id], deadlines, report)
    return report


def has_aid_decision(casefile_id: int) -> bool:
    """Whether the file holds an aid decision: evidence kept for its archive period."""
    return AidRequest.objects.filter(casefile_id=casefile_id, status__in=_DECISIONS).exists()


def _archive_batch(ids: list[int], deadlines: Deadlines, report: RetentionReport) -> None:
    CaseFile.objects.filter(pk__in=ids, archived_on__isnull=True).update(
        archived_on=deadlines.today
    )
    record(actor=None, action=Action.UPDATE, object_kind="retention_archive", result_count=len(ids))


def _anonymise_batch(ids: list[int], deadlines: Deadlines, report: RetentionReport) -> None:
    files = CaseFile.objects.filter(pk__in=ids)
    household_ids = set(files.values_list("household_id", flat=True))
    Note.objects.filter(casefile_id__in=ids).delete()
    _delete_documents(Document.objects.filter(casefile_id__in=ids))
    # The social reports go with their requests (same row's cascade); the budget's
    # versions and lines, and the list of letters produced, go with the file's content.
    Letter.objects.filter(casefile_id__in=ids).delete()
    AidRequest.objects.filter(casefile_id__in=ids).delete()
    # The week's records of the file (its reminders, consents and the reminders sent,
    # agreements to share, referrals, child-protection concerns) name or describe the
    # persons: they go with the identity.
    for model in (
        Deadline,
        ReminderConsent,
        SharingAgreement,
        Referral,
        ChildProtectionConcern,
    ):
        model.objects.filter(casefile_id__in=ids).delete()
    BudgetSheet.objects.filter(casefile_id__in=ids).delete()
    situation = SituationValue.objects.filter(casefile_id__in=ids)
    situation.filter(superseded_at__isnull=False).delete()
    situation.filter(item__value_type__in=types_cleared_when_anonymised()).update(value="")
    files.update(
        anonymised_on=deadlines.today, archived_on=Coalesce("archived_on", deadlines.today)
    )
    # The households all of whose files are now anonymised, and the persons who belong to
    # no household with a file still holding identity.
    erased_households = household_ids - set(
        CaseFile.objects.filter(
            household_id__in=household_ids, anonymised_on__isnull=True
        ).values_list("household_id", flat=True)
    )
    still_identified = HouseholdMember.objects.filter(
        person=OuterRef("pk"), household__casefiles__anonymised_on__isnull=True
    )
    persons = Person.objects.filter(memberships__household_id__in=erased_households).exclude(
        Exists(still_identified)
    )
    person_ids = set(persons.values_list("pk", flat=True))
    Person.objects.filter(pk__in=person_ids).update(
        birth_name="",
        usage_name="",
        first_names="",
        phone="",
        email="",
        address="",
        postal_code="",
        town="",
        search_key="",
        birth_date=TruncYear("birth_date"),
        updated_at=timezone.now(),
    )
    # The former values of their corrections are identity too.
    Rectification.objects.filter(person_id__in=person_ids).delete()
    report.persons_anonymised += len(person_ids)
    report.audit_events_rewritten += _forget_in_audit(erased_households, person_ids)
    record(
        actor=None, action=Action.UPDATE, object_kind="retention_anonymise", result_count=len(ids)
    )


def _delete_documents(documents: QuerySet[Document]) -> None:
    """Deletes the rows now and the stored bytes once the batch has committed."""
    names = [(d.file.storage, d.file.name) for d in documents if d.file]
    documents.delete()

    def remove_files() -> None:
        for storage, name in names:
            storage.delete(name)

    transaction.on_commit(remove_files)


def _forget_in_audit(household_ids: set[int], person_ids: set[int]) -> int:
    """Rewrites the events that name an erased household or person without them."""
    if not household_ids and not person_ids:
        return 0
    person_keys = {str(pk) for pk in person_ids}
    event_ids = list(
        AuditEvent.objects.filter(
            Q(household_id__in=household_ids) | Q(object_kind="person", object_id__in=person_keys)
        )
        .order_by()
        .values_list("pk", flat=True)
    )
    if not event_ids:
        return 0

    def forget(event: EventValues) -> None:
        event.household_id = None
        if event.object_kind == "person":
            event.object_id = ""

    rewrite_events(
        event_ids=event_ids,
        change=forget,
        reason=gettext("anonymisation at the end of the retention period"),
    )
    return len(event_ids)
