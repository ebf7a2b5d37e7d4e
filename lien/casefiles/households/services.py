"""Registering a household, adding a member, correcting a person. Keyword-only, atomic,
audited services; what the actor may not touch answers 404."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.accounts.models import User
from lien.accounts.policy import Can
from lien.audit.models import Action
from lien.audit.services import record_for_file

from .. import statistics
from ..files.entries import casefile_or_404
from ..files.models import CaseFile
from ..privacy_questions import privacy
from ..scope import files_in_scope, require_office
from ..versioning import bump_version
from .models import Household, HouseholdMember, Person, Relationship

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


def _check_birth_date(person: Person) -> None:
    if person.birth_date and person.birth_date > timezone.localdate():
        raise ValidationError(
            {"birth_date": _("A birth date cannot be in the future.")}, code="future"
        )


def _new_person(data: PersonData) -> Person:
    person = Person(**{name: getattr(data, name) for name in PERSON_FIELDS})
    person.birth_name = person.birth_name.strip()
    person.first_names = person.first_names.strip()
    if not person.birth_name or not person.first_names:
        raise ValidationError(_("A person needs a birth name and first names."), code="required")
    _check_birth_date(person)
    person.search_key = person.computed_search_key()
    person.full_clean(exclude=["search_key"])
    person.save()
    return person


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
    statistics.record(casefile, statistics.Kind.FILE_OPENED, opened_on)
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
    casefile = casefile_or_404(actor, casefile_id, Can.EDIT_IDENTITY)
    if relationship not in Relationship.values or relationship == Relationship.REFERENCE:
        raise ValidationError(
            _("Choose how this person is related to the reference person."), code="relationship"
        )
    joined_on = joined_on or timezone.localdate()
    if joined_on > timezone.localdate():
        raise ValidationError(
            {"joined_on": _("An arrival in the household cannot be in the future.")},
            code="future",
        )
    member = HouseholdMember.objects.create(
        household_id=casefile.household_id,
        person=_new_person(person),
        relationship=relationship,
        joined_on=joined_on,
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
    The former values are kept with the reason, by privacy (its rectification history)."""
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
    bump_version(person, expected_version)
    before = {name: getattr(person, name) for name in changes}
    for name, value in changes.items():
        setattr(person, name, value)
    _check_birth_date(person)
    person.search_key = person.computed_search_key()
    person.full_clean(exclude=["search_key"])
    person.save()
    casefile = files.filter(household__members__person=person).first()
    assert casefile is not None  # the person was found through these very files
    privacy().keep_corrections(
        actor=actor,
        casefile=casefile,
        person=person,
        before=before,
        reason=reason,
        rights_request_id=rights_request_id,
    )
    record_for_file(actor=actor, action=Action.UPDATE, casefile=casefile, obj=person)
    return person
