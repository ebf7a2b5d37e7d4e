"""Each rule of an aid scheme, as the services apply it: the ceiling, the required
documents, and who decides. A refusal leaves nothing half-saved."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from lien.accounts.models import OfficeMembership
from lien.accounts.roles import Role
from lien.casefiles.aid import services as aid_services
from lien.casefiles.models import AidRequest, AidStatus, Decider, DocumentKind

from ...factories import member
from .schemes import document, scheme, submitted

pytestmark = pytest.mark.django_db


def test_an_amount_above_the_ceiling_is_refused_at_the_request(world):
    fsl = scheme(ceiling="500")
    before = AidRequest.objects.count()
    with pytest.raises(ValidationError) as refused:
        aid_services.create_aid_request(
            actor=world.users[Role.SOCIAL_WORKER],
            casefile_id=world.file.pk,
            aid_type_id=fsl.aid_type_id,
            amount_requested=Decimal("500.01"),
        )
    assert "plafond" in refused.value.message_dict["amount_requested"][0]
    assert "500,00" in refused.value.message_dict["amount_requested"][0]
    assert AidRequest.objects.count() == before
    at_ceiling = aid_services.create_aid_request(
        actor=world.users[Role.SOCIAL_WORKER],
        casefile_id=world.file.pk,
        aid_type_id=fsl.aid_type_id,
        amount_requested=Decimal("500"),
    )
    assert at_ceiling.status == AidStatus.DRAFT


def test_a_draft_cannot_be_corrected_above_the_ceiling(world):
    fsl = scheme(ceiling="200")
    worker = world.users[Role.SOCIAL_WORKER]
    draft = aid_services.create_aid_request(
        actor=worker,
        casefile_id=world.file.pk,
        aid_type_id=fsl.aid_type_id,
        amount_requested=Decimal("150"),
    )
    with pytest.raises(ValidationError):
        aid_services.update_aid_draft(
            actor=worker,
            aid_request_id=draft.pk,
            aid_type_id=fsl.aid_type_id,
            amount_requested=Decimal("250"),
        )
    draft.refresh_from_db()
    assert draft.amount_requested == Decimal("150") and draft.version == 1


def test_a_missing_required_document_refuses_the_submission(world):
    fsl = scheme(required=(DocumentKind.RESOURCES, DocumentKind.HOUSING))
    worker = world.users[Role.SOCIAL_WORKER]
    draft = aid_services.create_aid_request(
        actor=worker,
        casefile_id=world.file.pk,
        aid_type_id=fsl.aid_type_id,
        amount_requested=Decimal("100"),
    )
    document(world.file, DocumentKind.RESOURCES)
    with pytest.raises(ValidationError) as refused:
        aid_services.submit_aid_request(actor=worker, aid_request_id=draft.pk)
    assert "justificatif de domicile ou de logement" in refused.value.messages[0]
    draft.refresh_from_db()
    assert draft.status == AidStatus.DRAFT and draft.submitted_on is None
    document(world.file, DocumentKind.HOUSING)
    assert (
        aid_services.submit_aid_request(actor=worker, aid_request_id=draft.pk).status
        == AidStatus.SUBMITTED
    )


def test_the_instructor_cannot_decide_an_aid_that_goes_to_committee(world):
    fsl = scheme()
    aid = submitted(world.file, fsl)
    for outcome in (
        aid_services.Outcome(status=AidStatus.GRANTED, amount_granted=Decimal("300")),
        aid_services.Outcome(status=AidStatus.REFUSED, refusal_reason="Non."),
    ):
        with pytest.raises(ValidationError) as refused:
            aid_services.decide_aid_request(
                actor=world.users[Role.SOCIAL_WORKER], aid_request_id=aid.pk, outcome=outcome
            )
        assert "commission" in refused.value.messages[0]
    aid.refresh_from_db()
    assert aid.status == AidStatus.SUBMITTED and aid.decided_on is None


def test_the_person_may_still_withdraw_a_request_that_goes_to_committee(world):
    aid = submitted(world.file, scheme())
    withdrawn = aid_services.decide_aid_request(
        actor=world.users[Role.SOCIAL_WORKER],
        aid_request_id=aid.pk,
        outcome=aid_services.Outcome(status=AidStatus.WITHDRAWN),
    )
    assert withdrawn.status == AidStatus.WITHDRAWN


def test_a_scheme_decided_by_the_office_keeps_the_worker_path_within_its_ceiling(world):
    emergency = scheme(ceiling="100", decided_by=Decider.SOCIAL_WORKER, required=())
    aid = submitted(world.file, emergency, amount="80")
    worker = world.users[Role.SOCIAL_WORKER]
    with pytest.raises(ValidationError) as refused:
        aid_services.decide_aid_request(
            actor=worker,
            aid_request_id=aid.pk,
            outcome=aid_services.Outcome(
                status=AidStatus.GRANTED,
                amount_granted=Decimal("120"),
                above_request_confirmed=True,
            ),
        )
    assert "amount_granted" in refused.value.message_dict
    aid.refresh_from_db()
    assert aid.status == AidStatus.SUBMITTED
    granted = aid_services.decide_aid_request(
        actor=worker,
        aid_request_id=aid.pk,
        outcome=aid_services.Outcome(status=AidStatus.GRANTED, amount_granted=Decimal("80")),
    )
    assert granted.status == AidStatus.GRANTED


def test_a_committee_decision_is_not_corrected_on_the_file(world):
    aid = submitted(world.file, scheme())
    AidRequest.objects.filter(pk=aid.pk).update(status=AidStatus.REFUSED, refusal_reason="Barème.")
    with pytest.raises(ValidationError):
        aid_services.correct_aid_decision(
            actor=world.users[Role.SOCIAL_WORKER],
            aid_request_id=aid.pk,
            outcome=aid_services.Outcome(status=AidStatus.GRANTED, amount_granted=Decimal("10")),
            correction_reason="Recours.",
        )
    aid.refresh_from_db()
    assert aid.status == AidStatus.REFUSED


def test_a_worker_of_the_committee_secretary_role_still_cannot_decide_on_the_file(world):
    # Holding both roles changes nothing: the decision is taken in session.
    both = member(Role.SOCIAL_WORKER, world.office)
    OfficeMembership.objects.create(user=both, office=world.office, role=Role.COMMITTEE_SECRETARY)
    aid = submitted(world.file, scheme(), by=both)
    with pytest.raises(ValidationError):
        aid_services.decide_aid_request(
            actor=both,
            aid_request_id=aid.pk,
            outcome=aid_services.Outcome(status=AidStatus.GRANTED, amount_granted=Decimal("300")),
        )
