"""A payment batch made while one order's file is frozen (limitation of processing, GDPR
art. 18): that order is set aside, waiting, with the reason on the batch page; the rest
of the batch goes. Once the limitation is lifted, the order goes in the next batch."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lien.accounts.roles import Role
from lien.audit.models import AuditEvent
from lien.casefiles.models import AidRequest, AidStatus, PaymentOrder, PaymentStatus
from lien.casefiles.payments import selectors, services
from lien.privacy.models import Limitation, RightsRequest

from ...factories import member
from .schemes import scheme, submitted

pytestmark = pytest.mark.django_db
IBAN = "FR7630006000011234567890189"


@pytest.fixture
def secretary(world):
    return member(Role.COMMITTEE_SECRETARY, world.office)


def _ordered(secretary, casefile) -> PaymentOrder:
    aid = submitted(casefile, scheme())
    AidRequest.objects.filter(pk=aid.pk).update(
        status=AidStatus.GRANTED, amount_granted=Decimal("250"), decided_on=timezone.localdate()
    )
    return services.order_payment(
        actor=secretary,
        aid_request_id=aid.pk,
        payee_kind="person",
        payee_name="Titulaire",
        holder="Titulaire",
        iban=IBAN,
    )


def _freeze(world, casefile) -> Limitation:
    person = casefile.household.members.get(relationship="reference").person
    request = RightsRequest.objects.create(
        casefile=casefile,
        person=person,
        kind="limitation",
        due_on=timezone.localdate(),
        registered_by=world.users[Role.SOCIAL_WORKER],
    )
    return Limitation.objects.create(
        casefile=casefile,
        rights_request=request,
        reason="Exactitude contestée.",
        applied_by=world.users[Role.DPO],
    )


def test_the_frozen_files_order_is_set_aside_and_the_rest_goes(world, secretary, client):
    frozen = _ordered(secretary, world.file)
    free = _ordered(secretary, world.other_file)
    _freeze(world, world.file)
    events_on_frozen = AuditEvent.objects.filter(household_id=world.file.household_id).count()

    batch = services.make_batch(actor=secretary)

    frozen.refresh_from_db()
    free.refresh_from_db()
    assert (free.batch, free.status) == (batch, PaymentStatus.EXPORTED)
    assert (frozen.batch, frozen.status) == (None, PaymentStatus.ORDERED)
    assert batch.set_aside == [frozen.pk]
    # Nothing written on the frozen file, not even an audit event of the batch.
    assert (
        AuditEvent.objects.filter(household_id=world.file.household_id).count() == events_on_frozen
    )
    # The export holds the free order only.
    _batch, lines = selectors.batch_export_for(actor=secretary, pk=batch.pk)
    assert [line.order for line in lines] == [free]

    client.force_login(secretary)
    page = client.get(reverse("payment_batch", args=[batch.pk])).content.decode()
    assert frozen.reference in page and "gelé" in page and "en attente" in page


def test_a_batch_of_frozen_orders_only_is_refused_and_nothing_is_made(world, secretary):
    frozen = _ordered(secretary, world.file)
    _freeze(world, world.file)
    with pytest.raises(ValidationError) as refused:
        services.make_batch(actor=secretary)
    assert refused.value.code == "all_frozen"
    frozen.refresh_from_db()
    assert frozen.status == PaymentStatus.ORDERED and frozen.batch is None


def test_once_lifted_the_order_goes_in_the_next_batch(world, secretary, client):
    frozen = _ordered(secretary, world.file)
    _ordered(secretary, world.other_file)
    limitation = _freeze(world, world.file)
    first = services.make_batch(actor=secretary)
    Limitation.objects.filter(pk=limitation.pk).update(lifted_at=timezone.now())

    second = services.make_batch(actor=secretary)

    frozen.refresh_from_db()
    assert (frozen.batch, frozen.status) == (second, PaymentStatus.EXPORTED)
    assert second.set_aside == []
    client.force_login(secretary)
    page = client.get(reverse("payment_batch", args=[first.pk])).content.decode()
    assert second.reference in page
