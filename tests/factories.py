"""Test data. Factories write rows directly (fast, no audit); tests of behaviour go
through the services."""

from datetime import datetime, time, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from lien.accounts.models import OfficeMembership, User
from lien.casefiles.models import (
    AidRequest,
    Appointment,
    CaseFile,
    Household,
    HouseholdMember,
    Intervention,
    Note,
    Person,
    Problem,
    Relationship,
    SituationValue,
    Visit,
    VisitReason,
)
from lien.catalog.models import Family, Item, Sensitivity, Status, ValueType
from lien.offices.models import Office, Organisation

factory.Faker._DEFAULT_LOCALE = "fr_FR"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = "Département de test"


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.Sequence(lambda n: f"office-{n}")
    name = factory.Sequence(lambda n: f"Circonscription {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"agent{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("test-password-123")


def member(role: str, office: Office, **kwargs) -> User:
    user = UserFactory(**kwargs)
    OfficeMembership.objects.create(user=user, office=office, role=role)
    return user


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    code = factory.Sequence(lambda n: f"item-{n}")
    family = Family.PROBLEM
    label_fr = factory.Sequence(lambda n: f"Élément {n}")
    label_en = factory.Sequence(lambda n: f"Item {n}")
    status = Status.ACTIVE
    # A justified item, as the activation rules require of anything offered.
    value_type = ValueType.SHORT_TEXT
    purposes = factory.LazyFunction(lambda: ["social_support"])
    legal_basis = "public_task"
    retention_family = "active_file"
    visible_to_roles = factory.LazyFunction(lambda: ["social_worker", "manager"])
    justification = "Needed to support the household."


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    birth_name = factory.Faker("last_name")
    first_names = factory.Faker("first_name")
    birth_date = factory.Faker("date_of_birth", minimum_age=18, maximum_age=80)
    town = "Bobigny"
    search_key = factory.LazyAttribute(
        lambda p: Person(
            birth_name=p.birth_name, usage_name=p.usage_name, first_names=p.first_names
        ).computed_search_key()
    )
    usage_name = ""


class CaseFileFactory(factory.django.DjangoModelFactory):
    """A file with its household and reference person."""

    class Meta:
        model = CaseFile
        skip_postgeneration_save = True

    office = factory.SubFactory(OfficeFactory)
    opened_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))

    @factory.lazy_attribute
    def household(self):
        return Household.objects.create()

    @factory.post_generation
    def reference(obj, create, extracted, **kwargs):
        person = extracted or PersonFactory(**kwargs)
        HouseholdMember.objects.create(
            household=obj.household, person=person, relationship=Relationship.REFERENCE
        )
        obj.reference_person = person


def full_file(office: Office, worker: User) -> CaseFile:
    """A file with one of everything: a problem, an intervention, a note, an aid request,
    a visit, an appointment and a situation value."""
    casefile = CaseFileFactory(office=office, referent=worker)
    person = casefile.reference_person
    problem = Problem.objects.create(
        casefile=casefile, item=ItemFactory(family=Family.PROBLEM), recorded_by=worker
    )
    intervention = Intervention.objects.create(
        casefile=casefile, item=ItemFactory(family=Family.INTERVENTION), worker=worker
    )
    intervention.problems.add(problem)
    Note.objects.create(casefile=casefile, author=worker, text="Entretien : point sur le dossier.")
    AidRequest.objects.create(
        casefile=casefile,
        aid_type=ItemFactory(family=Family.AID),
        amount_requested=Decimal("150"),
        created_by=worker,
    )
    Visit.objects.create(
        casefile=casefile, person=person, reason=VisitReason.INFORMATION, logged_by=worker
    )
    # Tomorrow at 14:00, local time: a fixed hour, so that a test booking its own slot
    # tomorrow morning never collides with this one whatever the time of day it runs.
    start = timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=1), time(14, 0))
    )
    Appointment.objects.create(
        casefile=casefile,
        person=person,
        worker=worker,
        starts_at=start,
        ends_at=start + timedelta(minutes=45),
        booked_by=worker,
    )
    SituationValue.objects.create(
        casefile=casefile,
        item=ItemFactory(family=Family.SITUATION),
        value="Locataire",
        recorded_by=worker,
    )
    return casefile


def release_every_note(rights) -> None:
    """Each author releases, as written, his notes of the person's files for an access
    request: what must happen before the DPO may produce the export."""
    from lien.privacy.releases.services import release_note
    from lien.privacy.releases.status import person_notes

    for note in person_notes(rights.person_id).select_related("author"):
        release_note(actor=note.author, request_id=rights.pk, note_id=note.pk)


def pending_item(proposer) -> Item:
    """A sensitive item an administrator proposed, waiting for the DPO."""
    return ItemFactory(
        family=Family.SITUATION,
        status=Status.DRAFT,
        sensitivity=Sensitivity.SENSITIVE,
        approval_requested_by=proposer,
        approval_requested_at=timezone.now(),
    )
