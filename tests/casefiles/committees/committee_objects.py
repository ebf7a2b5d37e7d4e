"""The objects of the committees and payments a URL may point at, inside one office's
file (for the attack matrix)."""

from decimal import Decimal

from django.utils import timezone

from lien.casefiles.models import (
    AgendaEntry,
    AidRequest,
    AidStatus,
    CommitteeSession,
    PaymentBatch,
    PaymentOrder,
    PaymentStatus,
)

from ...factories import UserFactory
from .schemes import scheme, submitted


def committee_objects(casefile) -> dict:
    fsl = scheme()
    session = CommitteeSession.objects.create(
        scheme=fsl, held_on=timezone.localdate(), created_by=casefile.referent
    )
    session.members.set([UserFactory()])
    entry = AgendaEntry.objects.create(session=session, aid_request=submitted(casefile, fsl))
    granted = submitted(casefile, fsl)
    AidRequest.objects.filter(pk=granted.pk).update(
        status=AidStatus.GRANTED, amount_granted=Decimal("100"), decided_on=timezone.localdate()
    )
    paid = submitted(casefile, fsl)
    AidRequest.objects.filter(pk=paid.pk).update(
        status=AidStatus.GRANTED, amount_granted=Decimal("100"), decided_on=timezone.localdate()
    )
    batch = PaymentBatch.objects.create(created_by=casefile.referent)
    PaymentOrder.objects.create(
        aid_request=paid,
        amount=Decimal("100"),
        payee_kind="person",
        payee_name="Titulaire",
        ordered_by=casefile.referent,
        batch=batch,
        status=PaymentStatus.EXPORTED,
    )
    return {
        "committee_session": [session.pk],
        "agenda_entry": [entry.pk],
        "session+aid": [session.pk, submitted(casefile, fsl).pk],
        "granted_aid": [granted.pk],
        "payment_batch": [batch.pk],
        "payment_batch+csv": [batch.pk, "csv"],
    }
