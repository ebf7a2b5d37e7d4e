"""Writes to the case files. Each service is keyword-only, atomic, checks the policy
through `scope` (what the actor may not touch answers 404) and writes its audit event in
the same transaction as the change."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.accounts.models import User
from lien.accounts.policy import Can, can
from lien.audit.models import Action
from lien.audit.services import record_for_file
from lien.catalog.models import Family, Item
from lien.catalog.selectors import situation_items_for
from lien.catalog.values import normalise_value
from lien.catalog.visibility import roles_in_office, visible_to
from lien.offices.models import Office
from lien.privacy.guard import count_in_aggregate
from lien.privacy.rectification import keep_corrections

from . import statistics
from .errors import ConflictError
from .models import (
    AidRequest,
    AidStatus,
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    CaseFile,
    CloseReason,
    FileStatus,
    Household,
    HouseholdMember,
    Intervention,
    Note,
    NoteVisibility,
    Person,
    Problem,
    Relationship,
    SituationValue,
    Visit,
    VisitReason,
)
from .scope import files_in_scope, get_or_404, require_office

PERSON_FIELDS = (
    "birth_name",
    "usage_name",
    "first_names",
    "birth_date",
    "sex",
    "phone",
    "email",
    "address",
    "postal_code",
    "town",
)


@dataclass
class PersonData:
    birth_name: str
    first_names: str
    usage_name: str = ""
    birth_date: date | None = None
    sex: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    postal_code: str = ""
    town: str = ""


def _new_person(data: PersonData) -> Person:
    person = Person(**{name: getattr(data, name) for name in PERSON_FIELDS})
    person.birth_name = person.birth_name.strip()
    person.first_names = person.first_names.strip()
    if not person.birth_name or not person.first_names:
        raise ValidationError(_("A person needs a birth name and first names."), code="required")
    person.search_key = person.computed_search_key()
    person.full_clean(exclude=["search_key"])
    person.save()
    return person


def _file(actor, pk, capability: Can) -> CaseFile:
    return get_or_404(CaseFile.objects.all(), actor, capability, pk, office_path="office_id")


def _require_open(casefile: CaseFile) -> None:
    if casefile.status != FileStatus.OPEN:
        raise ValidationError(
            _("This file is closed: reopen it before recording anything."), code="closed"
        )


def _bump(obj, expected_version: int | None) -> None:
    """Refuses to save over a newer version; the row is re-read under the write lock."""
    current = (
        type(obj)
        .objects.select_for_update()
        .filter(pk=obj.pk)
        .values_list("version", flat=True)
        .first()
    )
    if expected_version is not None and current != expected_version:
        raise ConflictError()
    obj.version = (current or 0) + 1
    obj.updated_at = timezone.now()


def _item(pk, family: Family) -> Item:
    try:
        return Item.objects.offered(family).get(pk=pk)
    except (Item.DoesNotExist, ValueError, TypeError):
        raise ValidationError(_("Choose an item of the catalogue."), code="invalid_item") from None


def _touch_contact(casefile: CaseFile, day: date) -> None:
    """The person was in contact: restart the retention clock."""
    if casefile.last_contact_on is None or day > casefile.last_contact_on:
        CaseFile.objects.filter(pk=casefile.pk).update(last_contact_on=day)
        casefile.last_contact_on = day


@transaction.atomic
def register_household(
    *, actor: User, office_id: int, reference: PersonData, opened_on: date | None = None
) -> CaseFile:
    """Reception registers a new household around its reference person, and opens its
    file in the office, without a referent until the manager or a worker takes it.
    `opened_on` is for files carried over from paper, opened before Lien."""
    require_office(actor, Can.EDIT_IDENTITY, office_id)
    opened_on = opened_on or timezone.localdate()
    if opened_on > timezone.localdate():
        raise ValidationError(_("A file cannot be opened in the future."), code="opened_on")
    household = Household.objects.create()
    person = _new_person(reference)
    HouseholdMember.objects.create(
        household=household, person=person, relationship=Relationship.REFERENCE, joined_on=opened_on
    )
    casefile = CaseFile.objects.create(
        household=household, office_id=office_id, opened_on=opened_on
    )
    statistics.record(casefile, "file_opened", opened_on)
    record_for_file(actor=actor, action=Action.CREATE, casefile=casefile)
    return casefile


@transaction.atomic
def add_household_member(
    *,
    actor: User,
    casefile_id: int,
    person: PersonData,
    relationship: str,
    joined_on: date | None = None,
) -> HouseholdMember:
    casefile = _file(actor, casefile_id, Can.EDIT_IDENTITY)
    if relationship not in Relationship.values or relationship == Relationship.REFERENCE:
        raise ValidationError(
            _("Choose how this person is related to the reference person."), code="relationship"
        )
    member = HouseholdMember.objects.create(
        household_id=casefile.household_id,
        person=_new_person(person),
        relationship=relationship,
        joined_on=joined_on or timezone.localdate(),
    )
    record_for_file(actor=actor, action=Action.CREATE, casefile=casefile, obj=member.person)
    return member


@transaction.atomic
def update_person(
    *,
    actor: User,
    person_id: int,
    expected_version: int | None,
    changes: dict,
    reason: str = "",
    rights_request_id: int | None = None,
) -> Person:
    """Corrects identity and contact details of a person of one of the actor's files.
    The former values are kept with the reason (`lien.privacy.rectification`)."""
    files = files_in_scope(actor, Can.EDIT_IDENTITY)
    membership = (
        HouseholdMember.objects.filter(person_id=person_id, household__casefiles__in=files)
        .select_related("person")
        .first()
    )
    if membership is None:
        raise Http404
    person = membership.person
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    _bump(person, expected_version)
    before = {name: getattr(person, name) for name in changes}
    for name, value in changes.items():
        setattr(person, name, value)
    person.search_key = person.computed_search_key()
    person.full_clean(exclude=["search_key"])
    person.save()
    casefile = files.filter(household__members__person=person).first()
    keep_corrections(
        actor=actor,
        casefile=casefile,
        person=person,
        before=before,
        reason=reason,
        rights_request_id=rights_request_id,
    )
    record_for_file(actor=actor, action=Action.UPDATE, casefile=casefile, obj=person)
    return person


@transaction.atomic
def assign_referent(
    *, actor: User, casefile_id: int, referent_id: int | None, expected_version: int | None = None
) -> CaseFile:
    casefile = _file(actor, casefile_id, Can.ASSIGN_REFERENT)
    if referent_id is not None:
        referent = User.objects.filter(pk=referent_id, is_active=True).first()
        if referent is None or not can(referent, Can.EDIT_SOCIAL, casefile.office_id):
            raise ValidationError(
                _("The referent must be a social worker of the file's office."), code="referent"
            )
    _bump(casefile, expected_version)
    casefile.referent_id = referent_id
    casefile.save(update_fields=["referent", "version", "updated_at"])
    record_for_file(actor=actor, action=Action.UPDATE, casefile=casefile)
    return casefile


@transaction.atomic
def close_casefile(
    *,
    actor: User,
    casefile_id: int,
    reason: str,
    closed_on: date | None = None,
    expected_version: int | None = None,
) -> CaseFile:
    casefile = _file(actor, casefile_id, Can.EDIT_SOCIAL)
    _require_open(casefile)
    if reason not in CloseReason.values:
        raise ValidationError(_("Choose a reason for closing the file."), code="close_reason")
    closed_on = closed_on or timezone.localdate()
    if closed_on < casefile.opened_on:
        raise ValidationError(_("A file cannot be closed before it was opened."), code="closed_on")
    _bump(casefile, expected_version)
    casefile.status, casefile.closed_on, casefile.close_reason = (
        FileStatus.CLOSED,
        closed_on,
        reason,
    )
    casefile.save()
    statistics.record(casefile, "file_closed", closed_on)
    record_for_file(actor=actor, action=Action.UPDATE, casefile=casefile)
    return casefile


@transaction.atomic
def transfer_casefile(
    *,
    actor: User,
    casefile_id: int,
    office_id: int,
    reason: str,
    expected_version: int | None = None,
) -> CaseFile:
    """Hands a file over to another office (the household moved): an explicit act with a
    reason, audited in both offices. The file leaves the actor's reach and waits for a
    referent in its new office."""
    casefile = _file(actor, casefile_id, Can.EDIT_SOCIAL)
    _require_open(casefile)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the transfer.")}, code="required")
    destination = Office.objects.filter(pk=office_id).exclude(pk=casefile.office_id).first()
    if destination is None:
        raise ValidationError({"office": _("Choose another office.")}, code="office")
    if CaseFile.objects.filter(
        household_id=casefile.household_id, office=destination, status=FileStatus.OPEN
    ).exists():
        raise ValidationError(
            {"office": _("This household already has an open file in that office.")},
            code="already_open",
        )
    _bump(casefile, expected_version)
    record_for_file(actor=actor, action=Action.UPDATE, casefile=casefile, reason=reason)
    casefile.office, casefile.referent = destination, None
    casefile.save()
    # The same act, seen from the receiving office.
    record_for_file(actor=actor, action=Action.UPDATE, casefile=casefile, reason=reason)
    return casefile


@transaction.atomic
def reopen_casefile(*, actor: User, casefile_id: int) -> CaseFile:
    casefile = _file(actor, casefile_id, Can.EDIT_SOCIAL)
    if casefile.status == FileStatus.OPEN:
        return casefile
    if CaseFile.objects.filter(
        household_id=casefile.household_id, office_id=casefile.office_id, status=FileStatus.OPEN
    ).exists():
        raise ValidationError(
            _("This household already has an open file in this office."), code="already_open"
        )
    _bump(casefile, None)
    casefile.status, casefile.closed_on, casefile.close_reason = FileStatus.OPEN, None, ""
    casefile.save()
    record_for_file(actor=actor, action=Action.UPDATE, casefile=casefile)
    return casefile


@transaction.atomic
def record_situation(*, actor: User, casefile_id: int, item_id: int, value: str) -> SituationValue:
    """Sets the current value of a situation item; the previous one is kept as history."""
    casefile = _file(actor, casefile_id, Can.EDIT_SOCIAL)
    _require_open(casefile)
    item = _item(item_id, Family.SITUATION)
    if not visible_to(item, roles_in_office(actor, casefile.office_id)):
        raise ValidationError(_("Choose an item of the catalogue."), code="invalid_item")
    # Checked against the item's type and choices, and stored in its normal form.
    value = normalise_value(item, value)
    now = timezone.now()
    SituationValue.objects.filter(casefile=casefile, item=item, superseded_at__isnull=True).update(
        superseded_at=now
    )
    situation = SituationValue.objects.create(
        casefile=casefile, item=item, value=value, recorded_at=now, recorded_by=actor
    )
    statistics.situation_changed(casefile, item, value)
    record_for_file(actor=actor, action=Action.UPDATE, casefile=casefile, obj=situation)
    return situation


@transaction.atomic
def record_situation_values(*, actor: User, casefile_id: int, values: dict[int, object]) -> int:
    """Saves the situation form: {item id: value}, where an empty value clears the item.
    Only items the actor's role may see are accepted; unchanged values are left alone.
    All or nothing: a ValidationError keyed by item id names every faulty value."""
    casefile = _file(actor, casefile_id, Can.EDIT_SOCIAL)
    _require_open(casefile)
    allowed = {i.pk: i for i in situation_items_for(actor=actor, office_id=casefile.office_id)}
    current = {
        v.item_id: v for v in casefile.situation.filter(superseded_at__isnull=True, item__in=values)
    }
    errors, changed = {}, 0
    for item_id, raw in values.items():
        item = allowed.get(item_id)
        if item is None:
            raise ValidationError(_("Choose an item of the catalogue."), code="invalid_item")
        old = current.get(item_id)
        if raw in (None, "", []):
            if old is not None:
                SituationValue.objects.filter(pk=old.pk).update(superseded_at=timezone.now())
                record_for_file(actor=actor, action=Action.DELETE, casefile=casefile, obj=old)
                changed += 1
            continue
        try:
            value = normalise_value(item, raw)
        except ValidationError as error:
            errors[item_id] = error.messages
            continue
        if old is None or old.value != value:
            record_situation(actor=actor, casefile_id=casefile.pk, item_id=item_id, value=value)
            changed += 1
    if errors:
        raise ValidationError({f"item_{k}": v for k, v in errors.items()})
    return changed


@transaction.atomic
def open_problem(
    *, actor: User, casefile_id: int, item_id: int, opened_on: date | None = None
) -> Problem:
    casefile = _file(actor, casefile_id, Can.EDIT_SOCIAL)
    _require_open(casefile)
    item = _item(item_id, Family.PROBLEM)
    opened_on = opened_on or timezone.localdate()
    if opened_on > timezone.localdate():
        raise ValidationError(_("A problem cannot be identified in the future."), code="future")
    if casefile.problems.filter(item=item, closed_on__isnull=True).exists():
        raise ValidationError(_("This problem is already open in the file."), code="duplicate")
    problem = Problem.objects.create(
        casefile=casefile, item=item, opened_on=opened_on, recorded_by=actor
    )
    statistics.record(casefile, "problem_opened", opened_on, problem_family=item.code)
    record_for_file(actor=actor, action=Action.CREATE, casefile=casefile, obj=problem)
    return problem


@transaction.atomic
def close_problem(
    *,
    actor: User,
    problem_id: int,
    closed_on: date | None = None,
    expected_version: int | None = None,
) -> Problem:
    problem = get_or_404(
        Problem.objects.select_related("casefile"), actor, Can.EDIT_SOCIAL, problem_id
    )
    if problem.closed_on is not None:
        raise ValidationError(_("This problem is already closed."), code="closed")
    closed_on = closed_on or timezone.localdate()
    if closed_on < problem.opened_on:
        raise ValidationError(
            _("A problem cannot be closed before it was identified."), code="closed_on"
        )
    _bump(problem, expected_version)
    problem.closed_on = closed_on
    problem.save()
    record_for_file(actor=actor, action=Action.UPDATE, casefile=problem.casefile, obj=problem)
    return problem


@transaction.atomic
def record_intervention(
    *,
    actor: User,
    casefile_id: int,
    item_id: int,
    occurred_on: date | None = None,
    problem_ids: list[int] = (),
) -> Intervention:
    casefile = _file(actor, casefile_id, Can.EDIT_SOCIAL)
    _require_open(casefile)
    item = _item(item_id, Family.INTERVENTION)
    occurred_on = occurred_on or timezone.localdate()
    if occurred_on > timezone.localdate():
        raise ValidationError(_("An intervention cannot be recorded in the future."), code="future")
    problems = list(casefile.problems.filter(pk__in=problem_ids))
    if len(problems) != len(set(problem_ids)):
        raise ValidationError(_("The problems must belong to this file."), code="problems")
    intervention = Intervention.objects.create(
        casefile=casefile, item=item, occurred_on=occurred_on, worker=actor
    )
    intervention.problems.set(problems)
    statistics.record(casefile, "intervention", occurred_on, intervention_type=item.code)
    if item.counts_as_contact:
        _touch_contact(casefile, occurred_on)
    record_for_file(actor=actor, action=Action.CREATE, casefile=casefile, obj=intervention)
    return intervention


@transaction.atomic
def write_note(
    *, actor: User, casefile_id: int, text: str, visibility: str = NoteVisibility.PRIVATE
) -> Note:
    casefile = _file(actor, casefile_id, Can.WRITE_NOTES)
    _require_open(casefile)
    if visibility not in NoteVisibility.values:
        raise ValidationError(_("Choose who may read the note."), code="visibility")
    if not (text or "").strip():
        raise ValidationError(_("A note cannot be empty."), code="required")
    note = Note.objects.create(
        casefile=casefile, author=actor, text=text.strip(), visibility=visibility
    )
    record_for_file(actor=actor, action=Action.CREATE, casefile=casefile, obj=note)
    count_in_aggregate(note.text)
    return note


@transaction.atomic
def edit_note(*, actor: User, note_id: int, text: str, expected_version: int | None = None) -> Note:
    """Only the author edits a note, whoever else may read it."""
    note = get_or_404(
        Note.objects.filter(author=actor).select_related("casefile"),
        actor,
        Can.WRITE_NOTES,
        note_id,
    )
    if not (text or "").strip():
        raise ValidationError(_("A note cannot be empty."), code="required")
    _bump(note, expected_version)
    before, note.text = note.text, text.strip()
    note.save()
    count_in_aggregate(note.text, before=before)
    record_for_file(actor=actor, action=Action.UPDATE, casefile=note.casefile, obj=note)
    return note


@transaction.atomic
def create_aid_request(
    *, actor: User, casefile_id: int, aid_type_id: int, amount_requested: Decimal
) -> AidRequest:
    casefile = _file(actor, casefile_id, Can.EDIT_SOCIAL)
    _require_open(casefile)
    aid_type = _item(aid_type_id, Family.AID)
    if amount_requested is None or Decimal(amount_requested) <= 0:
        raise ValidationError(_("The amount requested must be more than zero."), code="amount")
    aid = AidRequest.objects.create(
        casefile=casefile, aid_type=aid_type, amount_requested=amount_requested, created_by=actor
    )
    record_for_file(actor=actor, action=Action.CREATE, casefile=casefile, obj=aid)
    return aid


@transaction.atomic
def submit_aid_request(
    *, actor: User, aid_request_id: int, submitted_on: date | None = None
) -> AidRequest:
    aid = get_or_404(
        AidRequest.objects.select_related("casefile"), actor, Can.EDIT_SOCIAL, aid_request_id
    )
    if aid.status != AidStatus.DRAFT:
        raise ValidationError(_("Only a draft request can be submitted."), code="status")
    _bump(aid, None)
    aid.status, aid.submitted_on = AidStatus.SUBMITTED, submitted_on or timezone.localdate()
    aid.save()
    record_for_file(actor=actor, action=Action.UPDATE, casefile=aid.casefile, obj=aid)
    return aid


@transaction.atomic
def decide_aid_request(
    *,
    actor: User,
    aid_request_id: int,
    granted: bool,
    amount_granted: Decimal | None = None,
    decided_on: date | None = None,
) -> AidRequest:
    """Records the decision of the body that grants the aid (a commission, the CCAS)."""
    aid = get_or_404(
        AidRequest.objects.select_related("casefile"), actor, Can.EDIT_SOCIAL, aid_request_id
    )
    if aid.status != AidStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted request can be decided."), code="status")
    decided_on = decided_on or timezone.localdate()
    if decided_on < aid.submitted_on:
        raise ValidationError(_("The decision cannot precede the submission."), code="decided_on")
    if granted:
        if amount_granted is None or Decimal(amount_granted) <= 0:
            raise ValidationError(_("Enter the amount granted."), code="amount")
        aid.status, aid.amount_granted = AidStatus.GRANTED, amount_granted
    else:
        aid.status, aid.amount_granted = AidStatus.REFUSED, None
    _bump(aid, None)
    aid.decided_on = decided_on
    aid.save()
    statistics.record(
        aid.casefile,
        "aid_decision",
        decided_on,
        aid_type=aid.aid_type.code,
        decision=aid.status,
        amount_band=statistics.amount_band(aid.amount_granted),
    )
    record_for_file(actor=actor, action=Action.UPDATE, casefile=aid.casefile, obj=aid)
    return aid


def _member(casefile: CaseFile, person_id: int) -> Person:
    member = (
        casefile.household.members.filter(person_id=person_id, left_on__isnull=True)
        .select_related("person")
        .first()
    )
    if member is None:
        raise ValidationError(_("This person is not a member of the household."), code="person")
    return member.person


@transaction.atomic
def log_visit(
    *,
    actor: User,
    casefile_id: int,
    person_id: int,
    reason: str,
    occurred_at: datetime | None = None,
) -> Visit:
    casefile = _file(actor, casefile_id, Can.EDIT_RECEPTION)
    if reason not in VisitReason.values:
        raise ValidationError(_("Choose the reason for the visit."), code="reason")
    occurred_at = occurred_at or timezone.now()
    visit = Visit.objects.create(
        casefile=casefile,
        person=_member(casefile, person_id),
        reason=reason,
        occurred_at=occurred_at,
        logged_by=actor,
    )
    _touch_contact(casefile, timezone.localdate(occurred_at))
    statistics.record(casefile, "visit", timezone.localdate(occurred_at))
    record_for_file(actor=actor, action=Action.CREATE, casefile=casefile, obj=visit)
    return visit


def _lock_free_worker(
    *, worker_id, office_id: int, starts_at: datetime, ends_at: datetime, exclude_pk=None
) -> User:
    """The worker, checked free over the slot. Their user row is locked first, so two
    bookings for the same worker queue one behind the other (PostgreSQL; SQLite's
    IMMEDIATE transactions already serialise writers) and cannot both see a free slot."""
    if ends_at <= starts_at:
        raise ValidationError(_("An appointment must end after it starts."), code="times")
    worker = User.objects.select_for_update().filter(pk=worker_id, is_active=True).first()
    if worker is None or not can(worker, Can.EDIT_SOCIAL, office_id):
        raise ValidationError(
            _("Appointments are made with a social worker of the office."), code="worker"
        )
    overlapping = (
        Appointment.objects.filter(worker=worker, starts_at__lt=ends_at, ends_at__gt=starts_at)
        .exclude(status=AppointmentStatus.CANCELLED)
        .exclude(pk=exclude_pk)
    )
    if overlapping.exists():
        raise ValidationError(
            _("The social worker already has an appointment at that time."), code="overlap"
        )
    return worker


@transaction.atomic
def book_appointment(
    *,
    actor: User,
    casefile_id: int,
    person_id: int,
    worker_id: int,
    starts_at: datetime,
    ends_at: datetime,
    kind: str = AppointmentKind.OFFICE,
) -> Appointment:
    casefile = _file(actor, casefile_id, Can.EDIT_RECEPTION)
    _require_open(casefile)
    if ends_at <= starts_at:
        raise ValidationError(_("An appointment must end after it starts."), code="times")
    if kind not in AppointmentKind.values:
        raise ValidationError(_("Choose the kind of appointment."), code="kind")
    worker = _lock_free_worker(
        worker_id=worker_id, office_id=casefile.office_id, starts_at=starts_at, ends_at=ends_at
    )
    appointment = Appointment.objects.create(
        casefile=casefile,
        person=_member(casefile, person_id),
        worker=worker,
        starts_at=starts_at,
        ends_at=ends_at,
        kind=kind,
        booked_by=actor,
    )
    record_for_file(actor=actor, action=Action.CREATE, casefile=casefile, obj=appointment)
    return appointment


@transaction.atomic
def set_appointment_status(
    *, actor: User, appointment_id: int, status: str, expected_version: int | None = None
) -> Appointment:
    """Cancels an appointment, or records whether it took place."""
    appointment = get_or_404(
        Appointment.objects.select_related("casefile"), actor, Can.EDIT_RECEPTION, appointment_id
    )
    if status not in AppointmentStatus.values or status == AppointmentStatus.PLANNED:
        raise ValidationError(_("Choose what became of the appointment."), code="status")
    if appointment.status != AppointmentStatus.PLANNED:
        raise ValidationError(_("This appointment is no longer planned."), code="status")
    _bump(appointment, expected_version)
    appointment.status = status
    appointment.save()
    if status == AppointmentStatus.DONE:
        _touch_contact(appointment.casefile, timezone.localdate(appointment.starts_at))
    record_for_file(
        actor=actor, action=Action.UPDATE, casefile=appointment.casefile, obj=appointment
    )
    return appointment
