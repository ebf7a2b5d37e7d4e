"""The service's week in the demo, so that each role meets it on first login: reminders
and tasks on the social worker's home page (and the manager's team counts), appointment
reminders with the person's consent (one withdrawn), referrals to partners with their
answer, a child-protection concern that the CRIP account receives, visits without a file
at the reception desk, and a dormant file proposed for closing.

A handful of records per office, written through the services (validated and audited
like a user's), by the office's own demo staff: the demo load stays fast."""

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from lien.accounts.models import User
from lien.base.dates import months_before
from lien.casefiles.anonymous.choices import AgeBand, AnonymousReason, Channel
from lien.casefiles.anonymous.services import record_anonymous_visit
from lien.casefiles.concerns.services import record_transmission_proof, write_concern
from lien.casefiles.deadlines.models import DeadlineKind
from lien.casefiles.deadlines.services import add_deadline
from lien.casefiles.files.services import assign_referent
from lien.casefiles.households.services import PersonData, register_household
from lien.casefiles.models import (
    Appointment,
    CaseFile,
    FileStatus,
    Partner,
    PartnerKind,
    Relationship,
    Sex,
)
from lien.casefiles.referrals.models import ReferralAnswer, ReferralReason
from lien.casefiles.referrals.services import record_agreement, record_referral_answer, refer
from lien.casefiles.reminders.models import ReminderChannel
from lien.casefiles.reminders.services import record_consent, withdraw_consent
from lien.offices.models import Office

# (kind, what, due in so many days: negative is overdue)
DEADLINES = [
    (DeadlineKind.RIGHT_RENEWAL, "Renouvellement de la complémentaire santé solidaire", -3),
    (DeadlineKind.FOLLOW_UP_CALL, "Rappeler après le rendez-vous CAF", 0),
    (DeadlineKind.DOCUMENT, "Avis d'imposition à apporter", 4),
    (DeadlineKind.RIGHT_RENEWAL, "Fin de droits RSA : dossier de renouvellement", 21),
]
# Mobile numbers from the range ARCEP keeps for fiction (06 39 98 00 00 to 06 39 98 99 99).
FICTION_MOBILE = "06 39 98 00 {:02d}"


def _staff(office: Office, prefix: str) -> User:
    return User.objects.get(username=f"{prefix}-{office.code}")


def _next_weekday(day: date) -> date:
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _reference(casefile: CaseFile):
    return casefile.household.members.get(
        left_on__isnull=True, relationship=Relationship.REFERENCE
    ).person


def _appointment(casefile: CaseFile, worker: User, day: date, hour: int) -> None:
    """An appointment on the next working day, so that the reminder is planned."""
    start = timezone.make_aware(datetime.combine(day, time(hour, 0)))
    Appointment.objects.create(
        casefile=casefile,
        person=_reference(casefile),
        worker=worker,
        starts_at=start,
        ends_at=start + timedelta(minutes=45),
        booked_by=worker,
    )


def _reminders(files: list[CaseFile], worker: User, today: date, number: int) -> None:
    day = _next_weekday(today)
    sms, email, withdrawn = files[0], files[1], files[2]
    for hour, casefile in ((10, sms), (14, email)):
        _appointment(casefile, worker, day, hour)
    record_consent(
        actor=worker,
        casefile_id=sms.pk,
        person_id=_reference(sms).pk,
        channel=ReminderChannel.SMS,
        address=FICTION_MOBILE.format(number),
        given_on=today - timedelta(days=30),
    )
    person = _reference(email)
    record_consent(
        actor=worker,
        casefile_id=email.pk,
        person_id=person.pk,
        channel=ReminderChannel.EMAIL,
        address=f"demo.{person.pk}@example.org",
        given_on=today - timedelta(days=12),
    )
    consent = record_consent(
        actor=worker,
        casefile_id=withdrawn.pk,
        person_id=_reference(withdrawn).pk,
        channel=ReminderChannel.SMS,
        address=FICTION_MOBILE.format(number + 50),
        given_on=today - timedelta(days=90),
    )
    withdraw_consent(actor=worker, consent_id=consent.pk, withdrawn_on=today - timedelta(days=8))


def _referrals(files: list[CaseFile], worker: User, today: date) -> None:
    caf = Partner.objects.get(kind=PartnerKind.CAF)
    agreed = caf.receivable_items.order_by("code").first()
    casefile, person = files[0], _reference(files[0])
    item_ids = []
    if agreed is not None:
        record_agreement(
            actor=worker,
            casefile_id=casefile.pk,
            person_id=person.pk,
            item_id=agreed.pk,
            agreed_on=today - timedelta(days=20),
        )
        item_ids = [agreed.pk]
    answered = refer(
        actor=worker,
        casefile_id=casefile.pk,
        person_id=person.pk,
        partner_id=caf.pk,
        reason=ReferralReason.ACCESS_TO_RIGHTS,
        item_ids=item_ids,
        sent_on=today - timedelta(days=20),
    )
    record_referral_answer(
        actor=worker,
        referral_id=answered.pk,
        answer=ReferralAnswer.ACCEPTED,
        answered_on=today - timedelta(days=6),
    )
    refer(
        actor=worker,
        casefile_id=files[1].pk,
        person_id=_reference(files[1]).pk,
        partner_id=Partner.objects.get(kind=PartnerKind.FRANCE_TRAVAIL).pk,
        reason=ReferralReason.EMPLOYMENT,
        sent_on=today - timedelta(days=4),
    )


def _concern(office: Office, worker: User, today: date, dormant: CaseFile) -> None:
    """An information préoccupante on a family of the office, sent and acknowledged."""
    casefile = (
        CaseFile.objects.filter(office=office, status=FileStatus.OPEN)
        .annotate(
            children=Count(
                "household__members",
                filter=Q(
                    household__members__relationship=Relationship.CHILD,
                    household__members__left_on__isnull=True,
                ),
            )
        )
        .filter(children__gt=0)
        .exclude(pk=dormant.pk)
        .order_by("-pk")
        .first()
    )
    if casefile is None:
        return
    child = casefile.household.members.filter(
        relationship=Relationship.CHILD, left_on__isnull=True
    ).first()
    if child is None:
        return
    concern = write_concern(
        actor=worker,
        casefile_id=casefile.pk,
        child_ids=[child.person_id],
        account=(
            "Lors de la visite à domicile, l'enfant était seul au domicile en fin de "
            "matinée ; le parent dit ne pas trouver de mode de garde. Situation à évaluer."
        ),
        crip_id=Partner.objects.get(kind=PartnerKind.CRIP).pk,
        sent_on=today - timedelta(days=10),
    )
    record_transmission_proof(
        actor=worker,
        concern_id=concern.pk,
        reference=f"CRIP-93-{today.year}-{concern.pk:04d}",
        received_on=today - timedelta(days=8),
    )


def _reception(office: Office, secretary: User, today: date) -> None:
    towns = list(office.towns.order_by("insee_code"))
    visits = [
        (AnonymousReason.INFORMATION, Channel.DESK, AgeBand.FROM_25),
        (AnonymousReason.ORIENTATION, Channel.PHONE, AgeBand.UNKNOWN),
        (AnonymousReason.PARTNER_APPOINTMENT, Channel.DESK, AgeBand.FROM_60),
    ]
    for days_ago, (reason, channel, band) in enumerate(visits):
        record_anonymous_visit(
            actor=secretary,
            office_id=office.pk,
            reason=reason,
            channel=channel,
            town_id=towns[days_ago % len(towns)].pk if towns else None,
            age_band=band,
            day=today - timedelta(days=days_ago),
        )


# The person of the dormant file added in each office (one more household than asked).
DORMANT_BIRTH_NAME = "Lebrun"


def _dormant(office: Office, worker: User, today: date) -> CaseFile:
    """One of the worker's files opened 26 months ago and left without contact since:
    proposed for closing to its referent. Registered through the services on that day, so
    that the statistical record (a household new in that year) agrees with the file."""
    long_ago = months_before(today, 26)
    town = office.towns.order_by("insee_code").first()
    casefile = register_household(
        actor=_staff(office, "secretaire"),
        office_id=office.pk,
        reference=PersonData(
            birth_name=DORMANT_BIRTH_NAME,
            first_names="Odette",
            birth_date=date(1951, 3, 14),
            sex=Sex.FEMALE,
            postal_code=town.postal_code if town else "",
            town=town.name if town else "",
        ),
        opened_on=long_ago,
    )
    assign_referent(
        actor=_staff(office, "responsable"), casefile_id=casefile.pk, referent_id=worker.pk
    )
    CaseFile.objects.filter(pk=casefile.pk).update(last_contact_on=long_ago)
    return casefile


def _files(office: Office, worker: User) -> list[CaseFile]:
    """Open files of the office, the worker's own first (their home page shows them)."""
    open_files = CaseFile.objects.filter(office=office, status=FileStatus.OPEN).order_by("pk")
    own = list(open_files.filter(referent=worker)[:6])
    return own + list(open_files.exclude(referent=worker)[: 6 - len(own)])


def ensure_week(offices: list[Office], today: date | None = None) -> None:
    today = today or timezone.localdate()
    for number, office in enumerate(offices):
        worker, secretary = _staff(office, "as"), _staff(office, "secretaire")
        _reception(office, secretary, today)
        files = _files(office, worker)
        if len(files) < 4:
            continue  # a demo too small for the rest (a test's)
        dormant = _dormant(office, worker, today)  # the worker's own: on their home page
        for index, (kind, label, days) in enumerate(DEADLINES):
            add_deadline(
                actor=worker,
                casefile_id=files[index % len(files)].pk,
                kind=kind,
                label=label,
                due_on=today + timedelta(days=days),
                assigned_to_id=worker.pk,
            )
        _reminders(files[:3], worker, today, number + 1)
        _referrals(files[-2:], worker, today)
        _concern(office, worker, today, dormant=dormant)
