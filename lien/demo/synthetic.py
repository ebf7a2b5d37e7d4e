"""A synthetic département in bulk, for benchmarks and load tests.

Unlike the demo, it writes rows directly (bulk inserts, no services, no audit): it stands
for years of history, not for acts of agents. Its distributions follow the shape of a
departmental polyvalent service: mostly single adults and single-parent families, housing
and budget problems first, interviews most of the interventions. Deterministic for a seed.
"""

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from faker import Faker

from lien.accounts.models import OfficeMembership, User
from lien.accounts.roles import Role
from lien.casefiles.models import (
    AidRequest,
    AidStatus,
    Appointment,
    AppointmentStatus,
    CaseFile,
    CloseReason,
    FileStatus,
    Household,
    HouseholdMember,
    Intervention,
    Note,
    Person,
    Problem,
    Relationship,
    Sex,
    SituationValue,
    Visit,
    VisitReason,
)
from lien.casefiles.search_key import normalise
from lien.catalog.loader import load_catalog
from lien.catalog.models import Family, Item
from lien.catalog.value_types import ValueType
from lien.offices.models import Office, Organisation

from .accounts import DEMO_PASSWORD

BATCH = 1000
HOUSEHOLD_TYPES = [("single", 38), ("couple", 9), ("couple_children", 21), ("single_parent", 32)]
INTERVENTION_WEIGHTS = {
    "int-office-interview": 30,
    "int-phone-interview": 22,
    "int-home-visit": 8,
    "int-letter-sent": 10,
}


@dataclass
class Progress:
    done: int = 0
    total: int = 0


class SyntheticDepartement:
    def __init__(
        self,
        *,
        households: int,
        years: int = 5,
        seed: int = 1,
        offices: int = 32,
        today: date | None = None,
    ):
        self.households, self.years, self.office_count = households, years, offices
        self.random = random.Random(seed)
        faker = Faker("fr_FR")
        faker.seed_instance(seed)
        # Pools of names drawn once: Faker is too slow to call a million times.
        self.last_names = [faker.last_name() for _ in range(3000)]
        self.female_names = [faker.first_name_female() for _ in range(600)]
        self.male_names = [faker.first_name_male() for _ in range(600)]
        self.streets = [faker.street_name() for _ in range(800)]
        self.today = today or timezone.localdate()
        self.password_hash: str | None = None

    # --- set-up -------------------------------------------------------------------------
    def _offices_and_staff(self) -> list[tuple[Office, list[User], User]]:
        organisation, _ = Organisation.objects.get_or_create(name="Département synthétique")
        result = []
        for n in range(1, self.office_count + 1):
            office, _ = Office.objects.get_or_create(
                code=f"syn-{n:02d}",
                defaults={"organisation": organisation, "name": f"Circonscription synthétique {n}"},
            )
            workers = [
                self._staff(f"syn-as{k}-{n:02d}", office, Role.SOCIAL_WORKER) for k in range(1, 7)
            ]
            self._staff(f"syn-secretaire-{n:02d}", office, Role.SECRETARY)
            manager = self._staff(f"syn-responsable-{n:02d}", office, Role.MANAGER)
            result.append((office, workers, manager))
        return result

    def _staff(self, username: str, office: Office, role: str) -> User:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": self.random.choice(self.female_names),
                "last_name": self.random.choice(self.last_names),
            },
        )
        if created:
            if self.password_hash is None:
                user.set_password(DEMO_PASSWORD)
                self.password_hash = user.password
            user.password = self.password_hash
            user.save(update_fields=["password"])
        OfficeMembership.objects.get_or_create(user=user, office=office, role=role)
        return user

    # --- generation -----------------------------------------------------------------------
    def run(self, on_progress: Callable[[Progress], None] = lambda p: None) -> Progress:
        load_catalog()
        self.items = {family: list(Item.objects.offered(family)) for family in Family.values}
        self.intervention_weights = [
            INTERVENTION_WEIGHTS.get(i.code, 3) for i in self.items[Family.INTERVENTION]
        ]
        offices = self._offices_and_staff()
        # Bigger offices for the first towns, as in a real département.
        office_weights = [1.0 / (1 + n / 8) for n in range(len(offices))]
        progress = Progress(total=self.households)
        while progress.done < self.households:
            size = min(BATCH, self.households - progress.done)
            with transaction.atomic():
                self._batch(
                    [self.random.choices(offices, weights=office_weights)[0] for _ in range(size)]
                )
            progress.done += size
            on_progress(progress)
        return progress

    def _day(self, start: date, end: date) -> date:
        return start + timedelta(days=self.random.randint(0, max(0, (end - start).days)))

    def _at(self, day: date) -> datetime:
        return timezone.make_aware(
            datetime.combine(
                day, time(self.random.randint(9, 16), self.random.choice((0, 15, 30, 45)))
            )
        )

    def _person(self, sex: str, family_name: str, min_age: int, max_age: int) -> Person:
        first = self.random.choice(self.female_names if sex == Sex.FEMALE else self.male_names)
        birth = self.today - timedelta(days=self.random.randint(min_age * 365, max_age * 365 + 364))
        person = Person(
            birth_name=family_name,
            first_names=first,
            birth_date=birth,
            sex=sex,
            town="",
        )
        person.search_key = normalise(f" {family_name} {first}")
        return person

    def _batch(self, offices: list) -> None:
        span = 365 * self.years
        households = Household.objects.bulk_create([Household() for _ in offices])
        persons, members, files = [], [], []
        for household, (office, workers, _) in zip(households, offices, strict=True):
            kind = self.random.choices(
                [k for k, _ in HOUSEHOLD_TYPES], weights=[w for _, w in HOUSEHOLD_TYPES]
            )[0]
            family_name = self.random.choice(self.last_names)
            sex = (
                Sex.FEMALE
                if kind == "single_parent" and self.random.random() < 0.85
                else self.random.choice(Sex.values)
            )
            reference = self._person(sex, family_name, 19, 85)
            reference.address = f"{self.random.randint(1, 180)} {self.random.choice(self.streets)}"
            reference.phone = f"06 {self.random.randint(10, 99)} {self.random.randint(10, 99)} {self.random.randint(10, 99)} {self.random.randint(10, 99)}"
            group = [(reference, Relationship.REFERENCE)]
            if kind.startswith("couple"):
                group.append(
                    (
                        self._person(
                            Sex.MALE if sex == Sex.FEMALE else Sex.FEMALE, family_name, 19, 80
                        ),
                        Relationship.PARTNER,
                    )
                )
            if kind in ("couple_children", "single_parent"):
                for _ in range(self.random.choice((1, 1, 2, 2, 3, 4))):
                    group.append(
                        (
                            self._person(self.random.choice(Sex.values), family_name, 0, 17),
                            Relationship.CHILD,
                        )
                    )
            opened = self._day(self.today - timedelta(days=span), self.today - timedelta(days=1))
            closed = self.random.random() < 0.3
            closed_on = self._day(opened, self.today) if closed else None
            files.append(
                CaseFile(
                    household=household,
                    office=office,
                    referent=self.random.choice(workers),
                    opened_on=opened,
                    status=FileStatus.CLOSED if closed else FileStatus.OPEN,
                    closed_on=closed_on,
                    close_reason=self.random.choice(CloseReason.values) if closed else "",
                    last_contact_on=closed_on or self._day(opened, self.today),
                )
            )
            for person, relationship in group:
                persons.append(person)
                members.append((household, person, relationship, opened))
        Person.objects.bulk_create(persons)
        HouseholdMember.objects.bulk_create(
            [
                HouseholdMember(household=h, person=p, relationship=r, joined_on=d)
                for h, p, r, d in members
            ]
        )
        CaseFile.objects.bulk_create(files)
        references = {h.pk: p for h, p, r, _ in members if r == Relationship.REFERENCE}
        self._contents(files, references)

    def _contents(self, files: list[CaseFile], references: dict) -> None:
        problems, interventions, links, notes, aids, visits, appointments, situation = (
            [],
            [],
            [],
            [],
            [],
            [],
            [],
            [],
        )
        for casefile in files:
            end = casefile.closed_on or self.today
            worker = casefile.referent
            person = references[casefile.household_id]
            file_problems = [
                Problem(
                    casefile=casefile,
                    item=item,
                    opened_on=self._day(casefile.opened_on, end),
                    recorded_by=worker,
                )
                for item in self.random.sample(
                    self.items[Family.PROBLEM], k=self.random.choice((1, 1, 2, 2, 3))
                )
            ]
            for problem in file_problems:
                if casefile.closed_on or self.random.random() < 0.3:
                    problem.closed_on = self._day(problem.opened_on, end)
            problems.extend(file_problems)
            for _ in range(self.random.randint(4, 16)):
                item = self.random.choices(
                    self.items[Family.INTERVENTION], weights=self.intervention_weights
                )[0]
                intervention = Intervention(
                    casefile=casefile,
                    item=item,
                    occurred_on=self._day(casefile.opened_on, end),
                    worker=worker,
                )
                interventions.append(intervention)
                if self.random.random() < 0.6:
                    links.append((intervention, self.random.choice(file_problems)))
            for _ in range(self.random.choice((0, 1, 1, 2))):
                notes.append(
                    Note(
                        casefile=casefile,
                        author=worker,
                        text="Point d'étape avec la personne ; démarches en cours.",
                    )
                )
            for _ in range(self.random.choice((0, 0, 1))):
                submitted = self._day(casefile.opened_on, end)
                granted = self.random.random() < 0.7
                amount = Decimal(self.random.choice((80, 150, 200, 300, 450, 600, 900)))
                aids.append(
                    AidRequest(
                        casefile=casefile,
                        aid_type=self.random.choice(self.items[Family.AID]),
                        amount_requested=amount,
                        status=AidStatus.GRANTED if granted else AidStatus.REFUSED,
                        submitted_on=submitted,
                        decided_on=min(end, submitted + timedelta(days=30)),
                        amount_granted=amount if granted else None,
                        created_by=worker,
                    )
                )
            for _ in range(self.random.choice((0, 1, 2, 3))):
                visits.append(
                    Visit(
                        casefile=casefile,
                        person=person,
                        reason=self.random.choice(VisitReason.values),
                        occurred_at=self._at(self._day(casefile.opened_on, end)),
                        logged_by=worker,
                    )
                )
            if casefile.status == FileStatus.OPEN and self.random.random() < 0.5:
                starts = self._at(
                    self._day(self.today - timedelta(days=30), self.today + timedelta(days=30))
                )
                appointments.append(
                    Appointment(
                        casefile=casefile,
                        person=person,
                        worker=worker,
                        starts_at=starts,
                        ends_at=starts + timedelta(minutes=45),
                        status=AppointmentStatus.DONE
                        if starts < timezone.now()
                        else AppointmentStatus.PLANNED,
                        booked_by=worker,
                    )
                )
            # No dash for an amount, a date or a number: stored as "—" it broke the file
            # page (their display parses the value).
            for item in self.items[Family.SITUATION]:
                if item.value_type in (ValueType.AMOUNT, ValueType.DATE, ValueType.INTEGER):
                    continue
                situation.append(
                    SituationValue(casefile=casefile, item=item, value="—", recorded_by=worker)
                )
        Problem.objects.bulk_create(problems)
        Intervention.objects.bulk_create(interventions)
        Intervention.problems.through.objects.bulk_create(
            [Intervention.problems.through(intervention_id=i.pk, problem_id=p.pk) for i, p in links]
        )
        batches: list[tuple[type[Model], Sequence[Model]]] = [
            (Note, notes),
            (AidRequest, aids),
            (Visit, visits),
            (Appointment, appointments),
            (SituationValue, situation),
        ]
        for model, rows in batches:
            model._default_manager.bulk_create(rows)
