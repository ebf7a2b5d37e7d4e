"""The demo office the every-page test walks: its staff, a file with every part, and a
sample object for each kind of page that takes a key (ROUTE_SAMPLES)."""

from dataclasses import dataclass
from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.db.models import Count
from django.utils import translation

from lien.accounts.models import User
from lien.accounts.role_changes import request_role_change
from lien.accounts.roles import Role
from lien.casefiles.models import (
    AgendaEntry,
    AgendaOutcome,
    AidRequest,
    AidStatus,
    BudgetLine,
    BudgetSheet,
    CaseFile,
    ChildProtectionConcern,
    CommitteeSession,
    FileStatus,
    Partner,
    PaymentBatch,
    SocialReport,
)
from lien.catalog import services as catalog_services
from lien.catalog.models import Family, Item, Status, ValueType
from lien.demo.accounts import STAFF
from lien.offices.models import Office
from lien.privacy import services as privacy_services
from lien.storage import prepared
from lien.web.prepared_files import STATISTICS_EXPORT

from ..factories import release_every_note


@dataclass
class Demo:
    office: Office
    accounts: dict[str, User]
    file: CaseFile
    archived: CaseFile
    samples: dict[str, int | str]


def demo_office() -> Demo:
    """The demo département, with what the demo does not make: a rights request with its
    note releases, an archived file, a catalogue change, a role change awaiting approval."""
    with translation.override("fr"):
        call_command("seed_demo", households=8, stdout=StringIO())
    office = Office.objects.get(code="bobigny")
    accounts = {
        role: User.objects.get(username=f"{prefix}-{office.code}")
        for prefix, role, *_ in STAFF
        if prefix != "as2"
    }
    worker, dpo, admin_user = (
        accounts[Role.SOCIAL_WORKER],
        accounts[Role.DPO],
        accounts[Role.ADMIN],
    )
    files = CaseFile.objects.filter(office=office).annotate(n=Count("problems"))
    open_files = files.filter(status=FileStatus.OPEN, referent__isnull=False)
    casefile = open_files.order_by("-n", "pk").first()
    assert casefile is not None, "the demo gives Bobigny an open file with a referent"
    # The demo draws referents at random between the office's two social workers: the
    # social worker of this walk is the file's referent, whose notes it holds.
    worker = accounts[Role.SOCIAL_WORKER] = casefile.referent
    reference = casefile.household.members.get(relationship="reference").person
    _complete(casefile, worker, reference, accounts)
    rights = privacy_services.open_rights_request(
        actor=dpo, casefile_id=casefile.pk, person_name=reference.birth_name, kind="access"
    )
    release_every_note(rights)
    archived = files.exclude(pk=casefile.pk).first()
    CaseFile.objects.filter(pk=archived.pk).update(
        status=FileStatus.CLOSED,
        close_reason="goals_met",
        closed_on=casefile.opened_on,
        last_contact_on=casefile.opened_on,
        archived_on=casefile.opened_on,
    )
    item = Item.objects.filter(value_type=ValueType.CHOICE, status=Status.ACTIVE).first()
    catalog_services.update_item(
        actor=admin_user,
        item_id=item.pk,
        changes={"help_fr": "Aide modifiée pour l'essai."},
        reason="Précision demandée par les équipes.",
    )
    change = request_role_change(
        actor=admin_user,
        user_id=User.objects.get(username=f"as2-{office.code}").pk,
        office_id=office.pk,
        role=Role.SECRETARY,
        kind="grant",
        reason="Renfort à l'accueil.",
    )
    # A statistics export the social worker asked for, prepared by the task worker.
    asked = prepared.ask(
        kind=STATISTICS_EXPORT,
        requested_by_id=worker.pk,
        parameters={
            "grid": "activity",
            "year": casefile.opened_on.year,
            "office_id": office.pk,
            "format": "csv",
        },
        file_name="activite.csv",
        content_type="text/csv",
    )
    # A budget, a social report and a letter, for their pages and the PDF.
    sheet = BudgetSheet.objects.create(
        casefile=casefile, dated_on=casefile.opened_on, created_by=worker
    )
    BudgetLine.objects.create(
        sheet=sheet,
        direction="income",
        category="rsa",
        person=reference,
        monthly_amount=Decimal("607.75"),
    )
    BudgetLine.objects.create(
        sheet=sheet, direction="charge", category="rent", monthly_amount=Decimal("450")
    )
    report = SocialReport.objects.create(
        aid_request=casefile.aid_requests.first(),
        situation="Locataire.",
        budget_sheet=sheet,
        assessment="Avis favorable.",
        written_by=worker,
    )
    concern = week_of(casefile, worker, accounts)
    samples = {
        "prepared_file": asked.pk,
        "concern": concern.pk,
        "budget": sheet.pk,
        "report": report.pk,
        **committee_samples(casefile),
        "file": casefile.pk,
        "person": reference.pk,
        "appointment": casefile.appointments.first().pk,
        "aid": casefile.aid_requests.first().pk,
        "problem": casefile.problems.first().pk,
        "note": casefile.notes.filter(author=worker).first().pk,
        "item": item.pk,
        "role_change": change.pk,
        "rights": rights.pk,
        "release": rights.pk,
        "archived": archived.pk,
        "version": 1,
    }
    return Demo(office, accounts, casefile, archived, samples)


def _complete(casefile: CaseFile, worker: User, reference, accounts) -> None:
    """What the walk reads on its file and the small demo may not have drawn: its
    appointments and the statuses of its aid follow the day the demo is built."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    from lien.casefiles.aid import services as aid_services
    from lien.casefiles.appointments import services as appointment_services
    from lien.casefiles.notes import services as note_services

    if not casefile.aid_requests.exists():
        aid_services.create_aid_request(
            actor=worker,
            casefile_id=casefile.pk,
            aid_type_id=Item.objects.offered(Family.AID).first().pk,
            amount_requested=Decimal("150"),
        )
    if not casefile.appointments.exists():
        day = timezone.localdate() + timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        for hour in (9, 10, 11, 14, 15, 16):  # the first slot where the worker is free
            starts = timezone.make_aware(datetime.combine(day, time(hour)))
            taken = worker.appointments.filter(
                starts_at__lt=starts + timedelta(hours=1), ends_at__gt=starts
            )
            if not taken.exists():
                break
        appointment_services.book_appointment(
            actor=accounts[Role.SECRETARY],
            casefile_id=casefile.pk,
            person_id=reference.pk,
            worker_id=worker.pk,
            starts_at=starts,
            ends_at=starts + timedelta(minutes=45),
        )
    if not casefile.notes.filter(author=worker).exists():
        note_services.write_note(
            actor=worker, casefile_id=casefile.pk, text="Point sur le dossier avec Mme."
        )


def week_of(casefile, worker, accounts) -> ChildProtectionConcern:
    """What the demo does not make of the service's week: a reminder, a consent to
    reminders and one sent, an agreement to share and a referral, a visit without a file
    and a child-protection concern (its page is the sample)."""
    from datetime import timedelta

    from django.utils import timezone

    from lien.casefiles.anonymous.services import record_anonymous_visit
    from lien.casefiles.concerns.services import write_concern
    from lien.casefiles.deadlines.services import add_deadline
    from lien.casefiles.referrals.services import record_agreement, refer
    from lien.casefiles.reminders import sending
    from lien.casefiles.reminders.services import record_consent

    person = casefile.household.members.get(relationship="reference").person
    add_deadline(
        actor=worker,
        casefile_id=casefile.pk,
        kind="right_renewal",
        label="RSA",
        due_on=timezone.localdate() - timedelta(days=1),
    )
    record_consent(
        actor=accounts[Role.SECRETARY],
        casefile_id=casefile.pk,
        person_id=person.pk,
        channel="sms",
        address="06 12 34 56 78",
    )
    appointment = casefile.appointments.filter(starts_at__gt=timezone.now()).first()
    if appointment is not None:
        sending.send_due(appointment.starts_at - timedelta(hours=1))
    caf = Partner.objects.get(kind="caf")
    item = caf.receivable_items.first()
    record_agreement(actor=worker, casefile_id=casefile.pk, person_id=person.pk, item_id=item.pk)
    refer(
        actor=worker,
        casefile_id=casefile.pk,
        person_id=person.pk,
        partner_id=caf.pk,
        reason="housing",
        item_ids=[item.pk],
    )
    record_anonymous_visit(
        actor=accounts[Role.SECRETARY],
        office_id=casefile.office_id,
        reason="orientation-elsewhere",
        channel="desk",
    )
    return write_concern(
        actor=worker,
        casefile_id=casefile.pk,
        child_ids=[person.pk],
        account="Faits observés à l’école.",
        crip_id=Partner.objects.get(kind="crip").pk,
    )


def committee_samples(casefile: CaseFile) -> dict[str, int]:
    """The demo's committee session, with a request to decide and a granted aid without
    its payment order (made here when the small demo drew none)."""
    session = CommitteeSession.objects.select_related("scheme").first()
    entry = AgendaEntry.objects.filter(outcome=AgendaOutcome.PENDING).first()
    if entry is None:
        waiting = AidRequest.objects.create(
            casefile=casefile,
            aid_type=session.scheme.aid_type,
            amount_requested=session.scheme.ceiling,
            status=AidStatus.SUBMITTED,
            submitted_on=casefile.opened_on,
            created_by=casefile.referent,
        )
        entry = AgendaEntry.objects.create(session=session, aid_request=waiting)
    granted = AidRequest.objects.filter(
        status=AidStatus.GRANTED, payment_orders__isnull=True
    ).first() or _granted(session, casefile)
    return {
        "session": session.pk,
        "entry": entry.pk,
        "granted": granted.pk,
        "batch": (PaymentBatch.objects.first() or _a_batch(session, casefile)).pk,
    }


def _granted(session: CommitteeSession, casefile: CaseFile) -> AidRequest:
    return AidRequest.objects.create(
        casefile=casefile,
        aid_type=session.scheme.aid_type,
        amount_requested=session.scheme.ceiling,
        amount_granted=session.scheme.ceiling,
        status=AidStatus.GRANTED,
        submitted_on=casefile.opened_on,
        decided_on=casefile.opened_on,
        created_by=casefile.referent,
    )


def _a_batch(session: CommitteeSession, casefile: CaseFile) -> PaymentBatch:
    """A payment batch, when the small demo granted too few aids to make one."""
    from lien.casefiles.payments import services as payment_services

    secretary = User.objects.get(username="commission-bobigny")
    paid = _granted(session, casefile)
    payment_services.order_payment(
        actor=secretary,
        aid_request_id=paid.pk,
        payee_kind="landlord",
        payee_name="Bailleur social (fictif)",
        holder="Bailleur social (fictif)",
        iban="FR7630006000011234567890189",
    )
    return payment_services.make_batch(actor=secretary)
