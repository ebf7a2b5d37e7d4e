"""What the attack matrix's URLs of the service's week (issue 17) point at."""

from django.utils import timezone

from lien.casefiles.models import (
    ChildProtectionConcern,
    Deadline,
    Partner,
    PartnerKind,
    Referral,
    ReminderConsent,
    SharingAgreement,
)


def week_objects(casefile) -> dict:
    """The service's week in the file: a reminder, a consent, an agreement to share, a
    referral and a child-protection concern, all of its referent."""
    worker, person = casefile.referent, casefile.reference_person
    caf = Partner.objects.create(name="CAF", kind=PartnerKind.CAF)
    crip = Partner.objects.create(name="CRIP", kind=PartnerKind.CRIP)
    concern = ChildProtectionConcern.objects.create(
        casefile=casefile, account="Faits.", crip=crip, author=worker
    )
    concern.children.add(person)
    return {
        "deadline": [
            Deadline.objects.create(
                casefile=casefile,
                kind="document",
                label="Pièce",
                due_on=timezone.localdate(),
                assigned_to=worker,
                created_by=worker,
            ).pk
        ],
        "reminder_consent": [
            # One consent per person and channel: asked again for every URL of a page walk.
            ReminderConsent.objects.get_or_create(
                person=person,
                channel="email",
                defaults={
                    "casefile": casefile,
                    "address": "a@example.org",
                    "recorded_by": worker,
                },
            )[0].pk
        ],
        "sharing_agreement": [
            SharingAgreement.objects.get_or_create(
                casefile=casefile,
                person=person,
                item=casefile.problems.first().item,
                defaults={"recorded_by": worker},
            )[0].pk
        ],
        "referral": [
            Referral.objects.create(
                casefile=casefile, person=person, partner=caf, reason="housing", sent_by=worker
            ).pk
        ],
        "concern": [concern.pk],
    }
