"""Realistic demo households, made through the same services as the web pages, so that
the demo exercises the access checks and leaves the audit trail a real office would.

Deterministic for a seed: the same département comes out of every run.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from faker import Faker

from lien.accounts.models import User
from lien.accounts.roles import Role
from lien.casefiles.aid import services as aid_services
from lien.casefiles.appointments import services as appointment_services
from lien.casefiles.files import services as file_services
from lien.casefiles.households import services as household_services
from lien.casefiles.models import (
    AidStatus,
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    CloseReason,
    NoteVisibility,
    Relationship,
    Sex,
    VisitReason,
)
from lien.casefiles.notes import services as note_services
from lien.casefiles.problems import services as problem_services
from lien.casefiles.situation import services as situation_services
from lien.casefiles.visits import services as visit_services
from lien.catalog.models import Family, Item
from lien.offices.models import Office

# Choice codes of the default catalogue's situation items.
HOUSING = ["social-rent", "private-rent", "hosted", "shelter", "owner"]
HOUSEHOLD_TYPES = [
    "Personne seule",
    "Couple sans enfant",
    "Couple avec enfants",
    "Famille monoparentale",
]
HOUSEHOLD_TYPE_CODES = dict(
    zip(
        HOUSEHOLD_TYPES,
        ["single", "couple-no-child", "couple-children", "single-parent"],
        strict=True,
    )
)
RESOURCES = ["salary", "rsa", "unemployment", "pension", "other-benefit", "none"]
EMPLOYMENT = ["employed", "job-seeker", "inactive", "retired", "training"]
# The reasons a refusal states (a refusal must give them).
REFUSALS = [
    "Ressources du foyer supérieures au plafond du règlement d'aide.",
    "Aide de même nature déjà accordée dans les douze derniers mois.",
    "Pièces justificatives manquantes à la date de la commission.",
]
NOTES = [
    "Entretien avec Mme pour faire le point sur le dossier FSL. Pièces justificatives remises.",
    "Point sur les démarches auprès de la CAF : dossier complet transmis le jour même.",
    "Rendez-vous avec le bailleur prévu le mois prochain pour le plan d'apurement.",
    "La famille a trouvé une place en crèche pour le plus jeune. Suivi à poursuivre.",
    "Orientation vers la mission locale pour l'aîné, rendez-vous pris.",
    "Accompagnement à la constitution du dossier de surendettement.",
]


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class DemoHouseholds:
    def __init__(self, *, seed: int = 2026, today: date | None = None):
        self.random = random.Random(seed)
        # Dates and hours are drawn from a stream of their own: how many draws they take
        # depends on the day the demo is built (a range up to today, weekends skipped, a
        # slot already taken), and drawn from the households' stream they would change
        # every household after them. So the households, their members, problems and aid
        # requests are the same whatever the day; only their dates follow it.
        self.when = random.Random(seed + 1)
        self.fake = Faker("fr_FR")
        self.fake.seed_instance(seed)
        self.today = today or timezone.localdate()
        self.items = {family: list(Item.objects.offered(family)) for family in Family.values}

    def staff(self, office: Office, role: str) -> list[User]:
        return list(
            User.objects.filter(
                memberships__office=office, memberships__role=role, is_active=True
            ).order_by("username")
        )

    def create(self, office: Office, count: int) -> None:
        secretary = self.staff(office, Role.SECRETARY)[0]
        manager = self.staff(office, Role.MANAGER)[0]
        workers = self.staff(office, Role.SOCIAL_WORKER)
        for _ in range(count):
            self._household(office, secretary, manager, workers)

    def _day_between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.when.randint(0, max(0, (end - start).days)))

    def _birth_date(self, youngest: int, oldest: int) -> date:
        """A birth date for an age from `youngest` to `oldest` years today (Faker's own
        would draw from the names' stream, so the names would change with the day)."""
        latest = _years_before(self.today, youngest)
        earliest = _years_before(self.today, oldest + 1) + timedelta(days=1)
        return self._day_between(earliest, latest)

    def _person(
        self, sex: str, *, birth_min: int, birth_max: int, family_name: str | None = None, town=None
    ):
        first = self.fake.first_name_female() if sex == Sex.FEMALE else self.fake.first_name_male()
        return household_services.PersonData(
            birth_name=family_name or self.fake.last_name(),
            first_names=first,
            birth_date=self._birth_date(birth_min, birth_max),
            sex=sex,
            phone=self.fake.numerify("06 ## ## ## ##") if town else "",
            email=self.fake.email() if town and self.random.random() < 0.4 else "",
            address=self.fake.street_address() if town else "",
            postal_code=town.postal_code if town else "",
            town=town.name if town else "",
        )

    def _household(
        self, office: Office, secretary: User, manager: User, workers: list[User]
    ) -> None:
        town = self.random.choice(list(office.towns.all()))
        kind = self.random.choices(HOUSEHOLD_TYPES, weights=[35, 10, 25, 30])[0]
        sex = (
            Sex.FEMALE
            if kind == "Famille monoparentale" and self.random.random() < 0.85
            else self.random.choice(Sex.values)
        )
        reference = self._person(sex, birth_min=19, birth_max=80, town=town)
        if self.random.random() < 0.15:
            reference.usage_name, reference.birth_name = reference.birth_name, self.fake.last_name()
        opened_on = self._day_between(
            self.today - timedelta(days=730), self.today - timedelta(days=3)
        )
        casefile = household_services.register_household(
            actor=secretary, office_id=office.pk, reference=reference, opened_on=opened_on
        )
        if kind.startswith("Couple"):
            partner_sex = Sex.MALE if sex == Sex.FEMALE else Sex.FEMALE
            household_services.add_household_member(
                actor=secretary,
                casefile_id=casefile.pk,
                person=self._person(
                    partner_sex, birth_min=19, birth_max=75, family_name=reference.birth_name
                ),
                relationship=Relationship.PARTNER,
                joined_on=opened_on,
            )
        if kind in ("Couple avec enfants", "Famille monoparentale"):
            for _ in range(self.random.randint(1, 4)):
                household_services.add_household_member(
                    actor=secretary,
                    casefile_id=casefile.pk,
                    person=self._person(
                        self.random.choice(Sex.values),
                        birth_min=0,
                        birth_max=17,
                        family_name=reference.usage_name or reference.birth_name,
                    ),
                    relationship=Relationship.CHILD,
                    joined_on=opened_on,
                )
        worker = self.random.choice(workers)
        if self.random.random() < 0.93:  # a few files wait for the manager to assign them
            casefile = file_services.assign_referent(
                actor=manager, casefile_id=casefile.pk, referent_id=worker.pk
            )
        self._situation(casefile, worker, kind)
        reference_id = casefile.household.members.get(relationship=Relationship.REFERENCE).person_id
        problems = self._problems(casefile, worker, opened_on)
        self._interventions(casefile, worker, opened_on, problems)
        self._aid_requests(casefile, worker, opened_on)
        self._visits_and_appointments(casefile, secretary, worker, reference_id, opened_on)
        self._notes(casefile, worker)
        if self.random.random() < 0.2:
            closed_on = self._day_between(max(p.opened_on for p in problems), self.today)
            for problem in problems:
                if problem.closed_on is None:
                    problem_services.close_problem(
                        actor=worker, problem_id=problem.pk, closed_on=closed_on
                    )
            file_services.close_casefile(
                actor=worker,
                casefile_id=casefile.pk,
                reason=self.random.choice(
                    [CloseReason.GOALS_MET, CloseReason.MOVED, CloseReason.NO_CONTACT]
                ),
                closed_on=closed_on,
            )

    def _situation(self, casefile, worker, kind) -> None:
        values = {
            "housing-status": self.random.choice(HOUSING),
            "household-type": HOUSEHOLD_TYPE_CODES[kind],
            "main-resource": self.random.choice(RESOURCES),
            "employment-status": self.random.choice(EMPLOYMENT),
            "health-coverage": self.random.choice(["yes", "yes", "yes", "no"]),
        }
        for item in self.items[Family.SITUATION]:
            if item.code in values:
                situation_services.record_situation(
                    actor=worker, casefile_id=casefile.pk, item_id=item.pk, value=values[item.code]
                )

    def _problems(self, casefile, worker, opened_on):
        chosen = self.random.sample(self.items[Family.PROBLEM], k=self.random.randint(1, 3))
        problems = []
        for item in chosen:
            identified_on = self._day_between(
                opened_on, min(self.today, opened_on + timedelta(days=60))
            )
            problem = problem_services.open_problem(
                actor=worker, casefile_id=casefile.pk, item_id=item.pk, opened_on=identified_on
            )
            if self.random.random() < 0.3:
                problem_services.close_problem(
                    actor=worker,
                    problem_id=problem.pk,
                    closed_on=self._day_between(problem.opened_on, self.today),
                )
                problem.refresh_from_db()
            problems.append(problem)
        return problems

    def _interventions(self, casefile, worker, opened_on, problems) -> None:
        weights = {
            "int-office-interview": 30,
            "int-home-visit": 8,
            "int-phone-interview": 20,
            "int-letter-sent": 8,
        }
        items = self.items[Family.INTERVENTION]
        for _ in range(self.random.randint(2, 8)):
            item = self.random.choices(items, weights=[weights.get(i.code, 4) for i in items])[0]
            linked = [
                p.pk
                for p in self.random.sample(
                    problems, k=min(len(problems), self.random.randint(0, 2))
                )
            ]
            problem_services.record_intervention(
                actor=worker,
                casefile_id=casefile.pk,
                item_id=item.pk,
                occurred_on=self._day_between(opened_on, self.today),
                problem_ids=linked,
            )

    def _aid_requests(self, casefile, worker, opened_on) -> None:
        for _ in range(self.random.choices([0, 1, 2], weights=[55, 35, 10])[0]):
            aid_type = self.random.choice(self.items[Family.AID])
            amount = Decimal(self.random.choice([80, 150, 200, 300, 450, 600, 900]))
            aid = aid_services.create_aid_request(
                actor=worker,
                casefile_id=casefile.pk,
                aid_type_id=aid_type.pk,
                amount_requested=amount,
            )
            if self.random.random() < 0.85:
                submitted_on = self._day_between(opened_on, self.today)
                aid_services.submit_aid_request(
                    actor=worker, aid_request_id=aid.pk, submitted_on=submitted_on
                )
                if self.random.random() < 0.8:
                    granted = self.random.random() < 0.7
                    aid_services.decide_aid_request(
                        actor=worker,
                        aid_request_id=aid.pk,
                        outcome=aid_services.Outcome(
                            status=AidStatus.GRANTED if granted else AidStatus.REFUSED,
                            amount_granted=amount if granted else None,
                            refusal_reason="" if granted else self.random.choice(REFUSALS),
                            decided_on=self._day_between(
                                submitted_on, min(self.today, submitted_on + timedelta(days=45))
                            ),
                        ),
                    )

    def _at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))

    def _visits_and_appointments(self, casefile, secretary, worker, person_id, opened_on) -> None:
        for _ in range(self.when.randint(0, 3)):
            day = self._day_between(opened_on, self.today)
            visit_services.log_visit(
                actor=secretary,
                casefile_id=casefile.pk,
                person_id=person_id,
                reason=self.when.choice(VisitReason.values),
                occurred_at=self._at(
                    day, self.when.randint(9, 16), self.when.choice([0, 15, 30, 45])
                ),
            )
        if casefile.referent_id is None:
            return
        days = [
            self._day_between(self.today - timedelta(days=60), self.today + timedelta(days=21))
            for _ in range(self.when.randint(0, 2))
        ]
        days = [d for d in days if d.weekday() < 5]
        if self.when.random() < 0.12:
            days.append(
                self.today
            )  # so that the reception desk has people today, whatever the day of the demo
        for day in days:
            starts = self._at(day, self.when.choice([9, 10, 11, 14, 15, 16]), 0)
            booking = {
                "casefile_id": casefile.pk,
                "person_id": person_id,
                "worker_id": worker.pk,
                "starts_at": starts,
                "ends_at": starts + timedelta(minutes=45),
                "kind": self.when.choices(AppointmentKind.values, weights=[7, 2, 1])[0],
            }
            if starts < timezone.now():
                # The demo's past: booking refuses a past slot, so the history is written
                # as it would stand had it been booked back then.
                if Appointment.objects.filter(
                    worker=worker, starts_at__lt=booking["ends_at"], ends_at__gt=starts
                ).exists():
                    continue
                appointment = Appointment.objects.create(
                    **booking, booked_by=secretary, created_at=starts - timedelta(days=7)
                )
            else:
                try:
                    appointment = appointment_services.book_appointment(actor=secretary, **booking)
                except ValidationError:
                    continue  # the worker is already busy then
            if day < self.today:
                status = self.when.choices(
                    [AppointmentStatus.DONE, AppointmentStatus.MISSED], weights=[85, 15]
                )[0]
                appointment_services.set_appointment_status(
                    actor=secretary, appointment_id=appointment.pk, status=status
                )

    def _notes(self, casefile, worker) -> None:
        count = self.random.choices([0, 1, 2], weights=[40, 45, 15])[0]
        # Distinct texts: two identical notes on one file would look like a bug.
        for text in self.random.sample(NOTES, count):
            note_services.write_note(
                actor=worker,
                casefile_id=casefile.pk,
                text=text,
                visibility=self.random.choices(NoteVisibility.values, weights=[80, 20])[0],
            )
