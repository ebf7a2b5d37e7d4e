"""The person's access export shows the committee's decision and the payment order in
words, and never the bank details (often a third party's account)."""

import pytest
from django.utils import timezone

from lien.accounts.roles import Role
from lien.casefiles.committees import services
from lien.casefiles.committees.services import SessionDecision
from lien.casefiles.models import AgendaOutcome
from lien.casefiles.payments import services as payment_services
from lien.privacy import export

from ...factories import member
from .schemes import reason, scheme, submitted

pytestmark = pytest.mark.django_db


def test_the_export_reads_the_decision_and_the_order_in_words(world):
    secretary = member(Role.COMMITTEE_SECRETARY, world.office)
    fsl = scheme()
    refused, granted = submitted(world.file, fsl), submitted(world.file, fsl, amount="200")
    session = services.create_session(
        actor=secretary, scheme_id=fsl.pk, held_on=timezone.localdate(), member_ids=[secretary.pk]
    )
    for aid, decision in (
        (refused, SessionDecision(outcome=AgendaOutcome.REFUSED, reason_ids=[reason(fsl).pk])),
        (granted, SessionDecision(outcome=AgendaOutcome.GRANTED)),
    ):
        entry = services.put_on_agenda(
            actor=secretary, session_id=session.pk, aid_request_id=aid.pk
        )
        services.record_session_decision(actor=secretary, entry_id=entry.pk, decision=decision)
    payment_services.order_payment(
        actor=secretary,
        aid_request_id=granted.pk,
        payee_kind="landlord",
        payee_name="Bailleur social",
        holder="Bailleur social",
        iban="FR7630006000011234567890189",
    )
    person = world.file.reference_person
    words = []
    for label in ("casefiles.AgendaEntry", "casefiles.PaymentOrder"):
        for obj in export.FINDERS[label](person):
            for name in export.exported_fields(label):
                words.append(export._value(obj, obj._meta.get_field(name), person))
    text = " | ".join(words)
    assert "Commission FSL énergie du" in text and "refusée" in text
    assert "le bailleur" in text and "200,00" in text
    assert "object (" not in text and "FR76" not in text
