"""The service's week (issue 17) in the limitation test: what a frozen file refuses, and
what it allows (the person narrowing what is done, a child's protection)."""

from datetime import timedelta

from django.utils import timezone

from lien.accounts.roles import Role
from lien.casefiles.deadlines import services as deadline_services
from lien.casefiles.models import Deadline, Partner, PartnerKind, Referral, SharingAgreement
from lien.casefiles.referrals import services as referral_services
from lien.casefiles.reminders import services as reminder_services


def _deadline(w):
    worker = w.users[Role.SOCIAL_WORKER]
    return Deadline.objects.create(
        casefile=w.file,
        kind="document",
        label="Pièce",
        due_on=timezone.localdate() + timedelta(days=1),
        assigned_to=worker,
        created_by=worker,
    ).pk


def _agreed_item(w):
    return SharingAgreement.objects.create(
        casefile=w.file,
        person=w.file.reference_person,
        item=w.file.problems.first().item,
        recorded_by=w.users[Role.SOCIAL_WORKER],
    ).item_id


def _referral(w):
    return Referral.objects.create(
        casefile=w.file,
        person=w.file.reference_person,
        partner=Partner.objects.create(name="CAF", kind=PartnerKind.CAF),
        reason="housing",
        sent_by=w.users[Role.SOCIAL_WORKER],
    ).pk


def _then(value, make):
    return lambda: make(value)


WEEK_WRITE_SERVICES = {
    "casefiles.deadlines.services.add_deadline": lambda w: (
        lambda: deadline_services.add_deadline(
            actor=w.users[Role.SOCIAL_WORKER],
            casefile_id=w.file.pk,
            kind="follow_up_call",
            label="Rappeler",
            due_on=timezone.localdate(),
        )
    ),
    "casefiles.deadlines.services.set_deadline_done": lambda w: _then(
        _deadline(w),
        lambda pk: deadline_services.set_deadline_done(
            actor=w.users[Role.SOCIAL_WORKER], deadline_id=pk, done=True
        ),
    ),
    "casefiles.reminders.services.record_consent": lambda w: (
        lambda: reminder_services.record_consent(
            actor=w.users[Role.SECRETARY],
            casefile_id=w.file.pk,
            person_id=w.file.reference_person.pk,
            channel="email",
            address="personne@example.org",
        )
    ),
    "casefiles.referrals.services.record_agreement": lambda w: (
        lambda: referral_services.record_agreement(
            actor=w.users[Role.SOCIAL_WORKER],
            casefile_id=w.file.pk,
            person_id=w.file.reference_person.pk,
            item_id=w.file.problems.first().item_id,
        )
    ),
    "casefiles.referrals.services.refer": lambda w: _then(
        (_agreed_item(w), Partner.objects.create(name="CCAS", kind=PartnerKind.CCAS)),
        lambda made: referral_services.refer(
            actor=w.users[Role.SOCIAL_WORKER],
            casefile_id=w.file.pk,
            person_id=w.file.reference_person.pk,
            partner_id=made[1].pk,
            reason="housing",
        ),
    ),
    "casefiles.referrals.services.record_referral_answer": lambda w: _then(
        _referral(w),
        lambda pk: referral_services.record_referral_answer(
            actor=w.users[Role.SOCIAL_WORKER], referral_id=pk, answer="accepted"
        ),
    ),
}

WEEK_ALLOWED_WHILE_LIMITED = {
    # The person withdraws a consent or an agreement: it only narrows what is done.
    "casefiles.reminders.services.withdraw_consent",
    "casefiles.referrals.services.withdraw_agreement",
    # A child's protection goes on (GDPR art. 18(2)): lien/casefiles/concerns/services.py.
    "casefiles.concerns.services.write_concern",
    "casefiles.concerns.services.record_transmission_proof",
    "casefiles.concerns.services.record_concern_follow_up",
}

# A visit without a file writes on no file.
WEEK_NOT_ON_AN_EXISTING_FILE = {"casefiles.anonymous.services.record_anonymous_visit"}
