"""The permission matrix of the service's week (issue 17): visits without a file,
reminders and tasks, consents to appointment reminders, referrals, and the
child-protection concerns, which only their author, the office's manager and the CRIP
read."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lien.accounts.roles import Role
from lien.casefiles.anonymous import services as anonymous_services
from lien.casefiles.concerns import selectors as concern_selectors
from lien.casefiles.concerns import services as concern_services
from lien.casefiles.deadlines import selectors as deadline_selectors
from lien.casefiles.deadlines import services as deadline_services
from lien.casefiles.models import (
    ChildProtectionConcern,
    Deadline,
    Partner,
    PartnerKind,
    Referral,
    ReminderConsent,
    SharingAgreement,
)
from lien.casefiles.referrals import selectors as referral_selectors
from lien.casefiles.referrals import services as referral_services
from lien.casefiles.reminders import selectors as reminder_selectors
from lien.casefiles.reminders import services as reminder_services

from .matrix import MGR, NONE, SEC, SW, check, found_in

CRIP = Role.CRIP


def _deadline(t, assigned_to=None):
    return Deadline.objects.create(
        casefile=t.file,
        kind="document",
        label="Avis d'imposition",
        due_on=timezone.localdate() + timedelta(days=3),
        assigned_to=assigned_to or t.worker,
        created_by=t.worker,
    )


def _consent(t):
    return ReminderConsent.objects.create(
        casefile=t.file,
        person=t.person,
        channel="sms",
        address="+33612345678",
        recorded_by=t.worker,
    )


def _partner(kind=PartnerKind.CAF):
    return Partner.objects.create(name=f"Partenaire {kind}", kind=kind)


def _referral(t):
    return Referral.objects.create(
        casefile=t.file, person=t.person, partner=_partner(), reason="housing", sent_by=t.worker
    )


def _concern(t):
    concern = ChildProtectionConcern.objects.create(
        casefile=t.file, account="Faits observés.", crip=_partner(PartnerKind.CRIP), author=t.worker
    )
    concern.children.add(t.person)
    return concern


WEEK_RULES = {
    "casefiles.anonymous.services.record_anonymous_visit": (
        lambda a, t: anonymous_services.record_anonymous_visit(
            actor=a, office_id=t.office.pk, reason="information", channel="desk"
        ),
        {SW, SEC},
        NONE,
    ),
    "casefiles.deadlines.services.add_deadline": (
        lambda a, t: deadline_services.add_deadline(
            actor=a,
            casefile_id=t.file.pk,
            kind="follow_up_call",
            label="Rappeler",
            due_on=timezone.localdate(),
        ),
        {SW},
        NONE,
    ),
    "casefiles.deadlines.services.set_deadline_done": (
        lambda a, t: deadline_services.set_deadline_done(
            actor=a, deadline_id=_deadline(t).pk, done=True
        ),
        {SW},
        NONE,
    ),
    "casefiles.deadlines.selectors.deadlines_of_file_for": (
        lambda a, t: found_in(
            _deadline(t),
            deadline_selectors.deadlines_of_file_for(actor=a, casefile_id=t.file.pk).deadlines,
        ),
        {SW, MGR},
        NONE,
    ),
    "casefiles.deadlines.selectors.tasks_for": (
        lambda a, t: found_in(_deadline(t, assigned_to=a), deadline_selectors.tasks_for(actor=a)),
        {SW, MGR},
        NONE,
    ),
    "casefiles.deadlines.selectors.team_deadlines_for": (
        lambda a, t: (
            _deadline(t)
            and any(
                row.office.pk == t.office.pk and row.later == 0 and row.this_week == 1
                for row in deadline_selectors.team_deadlines_for(actor=a)
            )
        ),
        {MGR},
        NONE,
    ),
    "casefiles.reminders.services.record_consent": (
        lambda a, t: reminder_services.record_consent(
            actor=a,
            casefile_id=t.file.pk,
            person_id=t.person.pk,
            channel="email",
            address="personne@example.org",
        ),
        {SW, SEC},
        NONE,
    ),
    "casefiles.reminders.services.withdraw_consent": (
        lambda a, t: reminder_services.withdraw_consent(actor=a, consent_id=_consent(t).pk),
        {SW, SEC},
        NONE,
    ),
    "casefiles.reminders.selectors.reminders_of_file_for": (
        lambda a, t: found_in(
            _consent(t),
            reminder_selectors.reminders_of_file_for(actor=a, casefile_id=t.file.pk).consents,
        ),
        {SW, SEC, MGR},
        NONE,
    ),
    "casefiles.referrals.services.record_agreement": (
        lambda a, t: referral_services.record_agreement(
            actor=a,
            casefile_id=t.file.pk,
            person_id=t.person.pk,
            item_id=t.first("problems").item_id,
        ),
        {SW},
        NONE,
    ),
    "casefiles.referrals.services.withdraw_agreement": (
        lambda a, t: referral_services.withdraw_agreement(
            actor=a,
            agreement_id=SharingAgreement.objects.create(
                casefile=t.file,
                person=t.person,
                item=t.first("problems").item,
                recorded_by=t.worker,
            ).pk,
        ),
        {SW},
        NONE,
    ),
    "casefiles.referrals.services.refer": (
        lambda a, t: referral_services.refer(
            actor=a,
            casefile_id=t.file.pk,
            person_id=t.person.pk,
            partner_id=_partner().pk,
            reason="access_to_rights",
        ),
        {SW},
        NONE,
    ),
    "casefiles.referrals.services.record_referral_answer": (
        lambda a, t: referral_services.record_referral_answer(
            actor=a, referral_id=_referral(t).pk, answer="accepted"
        ),
        {SW},
        NONE,
    ),
    "casefiles.referrals.selectors.referrals_of_file_for": (
        lambda a, t: found_in(
            _referral(t),
            referral_selectors.referrals_of_file_for(actor=a, casefile_id=t.file.pk).referrals,
        ),
        {SW, MGR},
        NONE,
    ),
    # The concern is its author's (the social worker of the target office), the
    # office's manager's and the CRIP's, which receives every office's.
    "casefiles.concerns.services.write_concern": (
        lambda a, t: concern_services.write_concern(
            actor=a,
            casefile_id=t.file.pk,
            child_ids=[t.person.pk],
            account="Faits observés.",
            crip_id=_partner(PartnerKind.CRIP).pk,
        ),
        {SW},
        NONE,
    ),
    "casefiles.concerns.services.record_transmission_proof": (
        lambda a, t: concern_services.record_transmission_proof(
            actor=a, concern_id=_concern(t).pk, reference="AR-2026-001"
        ),
        {SW, CRIP},
        {CRIP},
    ),
    "casefiles.concerns.services.record_concern_follow_up": (
        lambda a, t: concern_services.record_concern_follow_up(
            actor=a, concern_id=_concern(t).pk, follow_up="assessment"
        ),
        {SW, MGR, CRIP},
        {CRIP},
    ),
    "casefiles.concerns.selectors.concerns_visible_to": (
        lambda a, t: found_in(_concern(t), concern_selectors.concerns_visible_to(a)),
        {SW, MGR, CRIP},
        {CRIP},
    ),
    "casefiles.concerns.selectors.concern_for": (
        lambda a, t: concern_selectors.concern_for(actor=a, pk=_concern(t).pk),
        {SW, MGR, CRIP},
        {CRIP},
    ),
    "casefiles.concerns.selectors.concerns_for": (
        lambda a, t: found_in(_concern(t), concern_selectors.concerns_for(actor=a)),
        {SW, MGR, CRIP},
        {CRIP},
    ),
    # The file's page of concerns is reached from the file: the CRIP, which sees no
    # file, reads them from its own list.
    "casefiles.concerns.selectors.concerns_of_file_for": (
        lambda a, t: found_in(
            _concern(t),
            concern_selectors.concerns_of_file_for(actor=a, casefile_id=t.file.pk).concerns,
        ),
        {SW, MGR},
        NONE,
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("scope", ["own", "other"])
@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("name", sorted(WEEK_RULES))
def test_matrix(world, name, role, scope):
    check(world, WEEK_RULES, name, role, scope)
