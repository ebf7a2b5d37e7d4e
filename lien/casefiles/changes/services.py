"""The household changes with their dates. A membership is a period: leaving, dying or
changing relationship ends it (`left_on`, `end_reason`) and never deletes it, so that the
file page shows the past composition and the statistics count the composition of the
day of each event (`statistics.members_on`). Keyword-only, atomic, audited services;
what the actor may not touch answers 404; bad input is refused in French and leaves
nothing half-saved."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lien.accounts.models import User
from lien.accounts.policy import Can, can
from lien.audit.models import Action
from lien.audit.services import record_for_file

from .. import statistics
from ..files.entries import casefile_or_404, require_open
from ..files.models import CaseFile, FileStatus
from ..households.models import Household, HouseholdMember, MemberEnd, Person, Relationship
from ..scope import files_in_scope


def _current(casefile: CaseFile, person_id) -> HouseholdMember:
    member = (
        HouseholdMember.objects.select_for_update()
        .filter(household_id=casefile.household_id, person_id=person_id, left_on__isnull=True)
        .select_related("person")
        .first()
    )
    if member is None:
        raise ValidationError(
            {"person": _("This person is not a member of the household.")}, code="person"
        )
    return member


def _check_day(day: date | None, member: HouseholdMember | None = None, *, key="day") -> date:
    """A change's date: given, not in the future, not before the member arrived."""
    if day is None:
        raise ValidationError({key: _("Give the date of the change.")}, code="required")
    if day > timezone.localdate():
        raise ValidationError({key: _("A change of the household cannot be in the future.")})
    if member is not None and day < member.joined_on:
        raise ValidationError(
            {
                key: _("%(name)s arrived in the household on %(date)s: they cannot leave before.")
                % {"name": member.person.full_name, "date": date_format(member.joined_on, "d/m/Y")}
            },
            code="before_arrival",
        )
    return day


def _end(member: HouseholdMember, day: date, reason: MemberEnd, moved_to=None) -> None:
    member.left_on, member.end_reason, member.moved_to = day, reason, moved_to
    member.save(update_fields=["left_on", "end_reason", "moved_to"])


def _refuse_reference(member: HouseholdMember) -> None:
    if member.relationship == Relationship.REFERENCE:
        raise ValidationError(
            {"person": _("Choose another reference person before the reference person leaves.")},
            code="reference",
        )


def _relationship(value: str, *, allow_reference=False) -> str:
    if value not in Relationship.values or (
        value == Relationship.REFERENCE and not allow_reference
    ):
        raise ValidationError(
            {"relationship": _("Choose how this person is related to the reference person.")},
            code="relationship",
        )
    return value


def _household_file(actor: User, household_id: int) -> CaseFile:
    """An open file of the household in the actor's reach, to join it and audit it."""
    casefile = (
        files_in_scope(actor, Can.EDIT_IDENTITY)
        .filter(household_id=household_id, status=FileStatus.OPEN)
        .first()
    )
    if casefile is None:
        raise ValidationError(
            {"household": _("Choose a household whose file is open in your office.")},
            code="household",
        )
    return casefile


@transaction.atomic
def member_leaves(
    *,
    actor: User,
    casefile_id: int,
    person_id: int,
    left_on: date,
    joins_casefile_id: int | None = None,
    relationship: str = Relationship.OTHER,
) -> HouseholdMember:
    """A member leaves the household on `left_on`; if they join a household that has an
    open file in the actor's reach, they arrive there the same day."""
    casefile = casefile_or_404(actor, casefile_id, Can.EDIT_IDENTITY)
    require_open(casefile)
    member = _current(casefile, person_id)
    _refuse_reference(member)
    _check_day(left_on, member, key="left_on")
    destination = None
    if joins_casefile_id is not None:
        target = casefile_or_404(actor, joins_casefile_id, Can.EDIT_IDENTITY)
        if target.household_id == casefile.household_id:
            raise ValidationError({"household": _("Choose another household.")})
        destination = _household_file(actor, target.household_id)
    _end(member, left_on, MemberEnd.LEFT, destination.household if destination else None)
    record_for_file(actor=actor, action=Action.UPDATE, casefile=casefile, obj=member.person)
    if destination is not None:
        _arrive(destination, member.person, _relationship(relationship), left_on)
        record_for_file(actor=actor, action=Action.UPDATE, casefile=destination, obj=member.person)
    return member


def _arrive(casefile: CaseFile, person: Person, relationship: str, day: date) -> HouseholdMember:
    if HouseholdMember.objects.filter(
        household_id=casefile.household_id, person=person, left_on__isnull=True
    ).exists():
        raise ValidationError(
            {"person": _("This person is already a member of the household.")}, code="member"
        )
    return HouseholdMember.objects.create(
        household_id=casefile.household_id, person=person, relationship=relationship, joined_on=day
    )


@transaction.atomic
def member_arrives(
    *, actor: User, casefile_id: int, person_id: int, relationship: str, joined_on: date
) -> HouseholdMember:
    """A person already in Lien, of a household whose file is in an office the actor can
    see, arrives in this household on `joined_on`; if they were a member of another
    household, they leave it that day, and both households' files record the change."""
    casefile = casefile_or_404(actor, casefile_id, Can.EDIT_IDENTITY)
    require_open(casefile)
    _relationship(relationship)
    _check_day(joined_on, key="joined_on")
    person = Person.objects.filter(
        pk=person_id, memberships__household__casefiles__in=files_in_scope(actor, Can.VIEW_IDENTITY)
    ).first()
    if person is None:
        raise ValidationError(
            {"person": _("Choose a person found in the offices you can see.")}, code="unseen"
        )
    if person.died_on is not None:
        raise ValidationError({"person": _("This person's death is recorded.")}, code="dead")
    left: list[int] = []
    for former in (
        HouseholdMember.objects.select_for_update()
        .filter(person=person, left_on__isnull=True)
        .exclude(household_id=casefile.household_id)
        .select_related("person")
    ):
        _refuse_reference(former)
        _check_arrival_after(joined_on, former)
        _end(former, joined_on, MemberEnd.LEFT, casefile.household)
        left.append(former.household_id)
    member = _arrive(casefile, person, relationship, joined_on)
    record_for_file(actor=actor, action=Action.UPDATE, casefile=casefile, obj=person)
    for former_file in CaseFile.objects.filter(household_id__in=left):
        record_for_file(actor=actor, action=Action.UPDATE, casefile=former_file, obj=person)
    return member


def _check_arrival_after(day: date, former: HouseholdMember) -> None:
    """Arriving here ends the period in the former household: not before it began."""
    if day < former.joined_on:
        raise ValidationError(
            {
                "joined_on": _(
                    "%(name)s arrived in their former household on %(date)s: they cannot "
                    "leave it, and arrive here, before that day."
                )
                % {"name": former.person.full_name, "date": date_format(former.joined_on, "d/m/Y")}
            },
            code="before_arrival",
        )


@transaction.atomic
def change_reference(
    *,
    actor: User,
    casefile_id: int,
    person_id: int,
    changed_on: date,
    former_reference_becomes: str = Relationship.PARTNER,
) -> HouseholdMember:
    """Another member becomes the reference person on `changed_on`; the former one stays
    in the household with the relationship given."""
    casefile = casefile_or_404(actor, casefile_id, Can.EDIT_IDENTITY)
    require_open(casefile)
    _relationship(former_reference_becomes)
    new = _current(casefile, person_id)
    if new.relationship == Relationship.REFERENCE:
        raise ValidationError({"person": _("This person is already the reference person.")})
    former = (
        HouseholdMember.objects.filter(
            household_id=casefile.household_id,
            relationship=Relationship.REFERENCE,
            left_on__isnull=True,
        )
        .select_related("person")
        .first()
    )
    _check_day(changed_on, new, key="changed_on")
    if former is not None:
        _check_day(changed_on, former, key="changed_on")
        _end(former, changed_on, MemberEnd.RELATIONSHIP)
        _arrive(casefile, former.person, former_reference_becomes, changed_on)
    _end(new, changed_on, MemberEnd.RELATIONSHIP)
    member = _arrive(casefile, new.person, Relationship.REFERENCE, changed_on)
    record_for_file(actor=actor, action=Action.UPDATE, casefile=casefile, obj=new.person)
    return member


@transaction.atomic
def record_death(
    *,
    actor: User,
    casefile_id: int,
    person_id: int,
    died_on: date,
    new_reference_id: int | None = None,
) -> Person:
    """A member died on `died_on`: every membership of theirs ends that day. When the
    reference person dies and others remain, one of them becomes the reference."""
    casefile = casefile_or_404(actor, casefile_id, Can.EDIT_IDENTITY)
    require_open(casefile)
    member = _current(casefile, person_id)
    if died_on is not None and died_on > timezone.localdate():
        raise ValidationError({"died_on": _("A death cannot be dated in the future.")})
    person = member.person
    if died_on is not None and person.birth_date and died_on < person.birth_date:
        raise ValidationError({"died_on": _("A death cannot be dated before the birth.")})
    _check_day(died_on, member, key="died_on")
    others = HouseholdMember.objects.filter(
        household_id=casefile.household_id, left_on__isnull=True
    ).exclude(person=person)
    if (
        member.relationship == Relationship.REFERENCE
        and others.exists()
        and (new_reference_id is None or not others.filter(person_id=new_reference_id).exists())
    ):
        raise ValidationError(
            {"new_reference": _("Choose who becomes the reference person.")},
            code="new_reference",
        )
    for membership in HouseholdMember.objects.select_for_update().filter(
        person=person, left_on__isnull=True
    ):
        _end(membership, died_on, MemberEnd.DIED)
    if member.relationship == Relationship.REFERENCE and new_reference_id is not None:
        successor = _current(casefile, new_reference_id)
        _check_day(died_on, successor, key="died_on")
        _end(successor, died_on, MemberEnd.RELATIONSHIP)
        _arrive(casefile, successor.person, Relationship.REFERENCE, died_on)
    person.died_on = died_on
    person.save(update_fields=["died_on", "updated_at"])
    record_for_file(actor=actor, action=Action.UPDATE, casefile=casefile, obj=person)
    return person


@dataclass
class Separation:
    """Who leaves to form the new household, and what goes with them."""

    leaving: Sequence[int]  # person ids
    new_reference_id: int  # among `leaving`
    separated_on: date
    problem_ids: Sequence[int] = field(default_factory=tuple)
    aid_request_ids: Sequence[int] = field(default_factory=tuple)
    referent_id: int | None = None  # of the new file
    remaining_reference_id: int | None = None  # when the reference person leaves


def _check_separation(casefile: CaseFile, split: Separation) -> tuple[list, list]:
    members = list(
        HouseholdMember.objects.select_for_update()
        .filter(household_id=casefile.household_id, left_on__isnull=True)
        .select_related("person")
    )
    leaving = [m for m in members if m.person_id in set(split.leaving)]
    staying = [m for m in members if m.person_id not in set(split.leaving)]
    if not leaving or len(leaving) != len(set(split.leaving)):
        raise ValidationError(
            {"leaving": _("Choose who leaves among the members of the household.")}
        )
    if not staying:
        raise ValidationError(
            {"leaving": _("Someone must stay: a separation leaves two households.")}
        )
    if split.new_reference_id not in {m.person_id for m in leaving}:
        raise ValidationError(
            {
                "new_reference": _(
                    "The new household's reference person must be among those who leave."
                )
            }
        )
    if any(m.relationship == Relationship.REFERENCE for m in leaving) and (
        split.remaining_reference_id not in {m.person_id for m in staying}
    ):
        raise ValidationError(
            {"remaining_reference": _("Choose who becomes the reference person of those who stay.")}
        )
    _check_day(split.separated_on, key="separated_on")
    for member in leaving + staying:
        _check_day(split.separated_on, member, key="separated_on")
    if split.separated_on < casefile.opened_on:
        raise ValidationError(
            {"separated_on": _("A separation cannot be dated before the file was opened.")}
        )
    return leaving, staying


@transaction.atomic
def separate_household(*, actor: User, casefile_id: int, split: Separation) -> CaseFile:
    """A separation: those who leave form a new household with its own file in the same
    office, taking the problems and aid requests chosen; the rest stay in this file.
    Returns the new file."""
    casefile = casefile_or_404(actor, casefile_id, Can.EDIT_SOCIAL)
    require_open(casefile)
    leaving, staying = _check_separation(casefile, split)
    problems = list(casefile.problems.filter(pk__in=split.problem_ids))
    aid_requests = list(casefile.aid_requests.filter(pk__in=split.aid_request_ids))
    if len(problems) != len(set(split.problem_ids)) or len(aid_requests) != len(
        set(split.aid_request_ids)
    ):
        raise ValidationError(_("Choose problems and aid requests of this file."))
    if split.referent_id is not None:
        referent = User.objects.filter(pk=split.referent_id, is_active=True).first()
        if referent is None or not can(referent, Can.EDIT_SOCIAL, casefile.office_id):
            raise ValidationError(
                {"referent": _("The referent must be a social worker of the file's office.")}
            )
    day = split.separated_on
    household = Household.objects.create()
    for member in leaving:
        _end(member, day, MemberEnd.SEPARATION, household)
    if split.remaining_reference_id is not None and any(
        m.relationship == Relationship.REFERENCE for m in leaving
    ):
        successor = next(m for m in staying if m.person_id == split.remaining_reference_id)
        _end(successor, day, MemberEnd.RELATIONSHIP)
        _arrive(casefile, successor.person, Relationship.REFERENCE, day)
    for member in sorted(leaving, key=lambda m: m.person_id != split.new_reference_id):
        relationship = (
            Relationship.REFERENCE
            if member.person_id == split.new_reference_id
            else (
                Relationship.OTHER
                if member.relationship == Relationship.REFERENCE
                else member.relationship
            )
        )
        if relationship == Relationship.PARTNER:
            relationship = Relationship.OTHER
        HouseholdMember.objects.create(
            household=household, person=member.person, relationship=relationship, joined_on=day
        )
    new_file = CaseFile.objects.create(
        household=household,
        office_id=casefile.office_id,
        opened_on=day,
        referent_id=split.referent_id,
    )
    casefile.problems.filter(pk__in=[p.pk for p in problems]).update(casefile=new_file)
    casefile.aid_requests.filter(pk__in=[a.pk for a in aid_requests]).update(casefile=new_file)
    statistics.record(new_file, statistics.Kind.FILE_OPENED, day)
    reason = _("separation")
    record_for_file(actor=actor, action=Action.UPDATE, casefile=casefile, reason=reason)
    record_for_file(actor=actor, action=Action.CREATE, casefile=new_file, reason=reason)
    return new_file
