"""Referrals carry only the items the person agreed to share, one by one, and that the
partner may receive; anything else is refused whole."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lien.accounts.roles import Role
from lien.casefiles.models import Partner, PartnerKind, Referral
from lien.casefiles.referrals import services
from lien.catalog.models import Family

from ..factories import ItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(world):
    """A CAF that may receive two items; the person agreed to share the first only."""
    agreed, not_agreed = ItemFactory(family=Family.SITUATION), ItemFactory(family=Family.SITUATION)
    caf = Partner.objects.create(name="CAF de la Seine-Saint-Denis", kind=PartnerKind.CAF)
    caf.receivable_items.set([agreed, not_agreed])
    services.record_agreement(
        actor=world.users[Role.SOCIAL_WORKER],
        casefile_id=world.file.pk,
        person_id=world.file.reference_person.pk,
        item_id=agreed.pk,
    )
    return caf, agreed, not_agreed


def _refer(world, caf, items):
    return services.refer(
        actor=world.users[Role.SOCIAL_WORKER],
        casefile_id=world.file.pk,
        person_id=world.file.reference_person.pk,
        partner_id=caf.pk,
        reason="access_to_rights",
        item_ids=[item.pk for item in items],
    )


def test_an_agreed_item_is_sent(world, shared):
    caf, agreed, _not_agreed = shared
    referral = _refer(world, caf, [agreed])
    assert list(referral.items.all()) == [agreed]
    services.record_referral_answer(
        actor=world.users[Role.SOCIAL_WORKER], referral_id=referral.pk, answer="accepted"
    )
    referral.refresh_from_db()
    assert referral.get_answer_display() == "prise en charge"


def test_an_item_not_agreed_is_refused_and_nothing_saved(world, shared):
    caf, agreed, not_agreed = shared
    with pytest.raises(ValidationError) as refused:
        _refer(world, caf, [agreed, not_agreed])
    assert refused.value.messages == [
        f"La personne n'a pas accepté de transmettre « {not_agreed.label} »."
    ]
    assert not Referral.objects.exists()


def test_an_item_the_partner_may_not_receive_is_refused(world, shared):
    caf, agreed, _not_agreed = shared
    caf.receivable_items.clear()
    with pytest.raises(ValidationError) as refused:
        _refer(world, caf, [agreed])
    assert "ne peut pas recevoir" in refused.value.messages[0]
    assert not Referral.objects.exists()


def test_a_withdrawn_agreement_no_longer_allows_it(world, shared):
    caf, agreed, _not_agreed = shared
    agreement = world.file.sharing_agreements.get()
    services.withdraw_agreement(actor=world.users[Role.SOCIAL_WORKER], agreement_id=agreement.pk)
    with pytest.raises(ValidationError):
        _refer(world, caf, [agreed])


def test_the_page(client, world, shared):
    caf, agreed, not_agreed = shared
    client.force_login(world.users[Role.SOCIAL_WORKER])
    url = reverse("file_referrals", args=[world.file.pk])
    page = client.get(url).content.decode()
    assert agreed.label in page and "CAF de la Seine-Saint-Denis" in page
    person = world.file.reference_person.pk
    refused = client.post(
        url,
        {
            "form": "referral",
            "referral-person": person,
            "referral-partner": caf.pk,
            "referral-reason": "housing",
            "referral-items": [not_agreed.pk],
        },
    )
    assert refused.status_code == 200 and not Referral.objects.exists()
    done = client.post(
        url,
        {
            "form": "referral",
            "referral-person": person,
            "referral-partner": caf.pk,
            "referral-reason": "housing",
            "referral-items": [agreed.pk],
        },
    )
    assert done.status_code == 302 and Referral.objects.count() == 1
