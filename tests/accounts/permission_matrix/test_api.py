"""The REST API's endpoints in the permission matrix. Every route of lien/api/urls.py's
`api_v1` has a rule here (a new endpoint without one fails the suite); each rule is run
with a token of its scope on its office (answered), with a token of every other scope
(403, whether or not the object exists), and, for the office-scoped families, with a
token of the right scope for another office (404, like a missing object)."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from lien.accounts.api_tokens.models import ApiScope
from lien.accounts.roles import Role
from lien.api import urls as api_urls
from lien.casefiles.aid.models import AidStatus
from lien.casefiles.payments.models import (
    BankDetails,
    PayeeKind,
    PaymentBatch,
    PaymentOrder,
    PaymentStatus,
)

from ...api.tokens import bearer, issue
from ...factories import UserFactory


def _granted(world):
    aid = world.file.aid_requests.first()
    aid.status = AidStatus.GRANTED
    aid.decided_on = timezone.localdate()
    aid.amount_granted = aid.amount_requested
    aid.save()


def _exported_batch(world):
    """One order of the world's granted aid, in a batch sent to the finance software;
    made once per test, so that the URL and the body name the same batch."""
    if not hasattr(world, "api_batch"):
        _granted(world)
        aid = world.file.aid_requests.first()
        order = PaymentOrder.objects.create(
            aid_request=aid,
            amount=aid.amount_granted,
            payee_kind=PayeeKind.PERSON,
            payee_name="Bénéficiaire",
            ordered_by=world.users[Role.ADMIN],
        )
        BankDetails.objects.create(order=order, holder="Titulaire", iban=IBAN)
        batch = PaymentBatch.objects.create(created_by=world.users[Role.ADMIN])
        PaymentOrder.objects.filter(pk=order.pk).update(batch=batch, status=PaymentStatus.EXPORTED)
        world.api_batch = (batch, order)
    return world.api_batch


def _get(url):
    return lambda client, world, headers: client.get(url(world), **headers)


def _post(url, body):
    return lambda client, world, headers: client.post(
        url(world), json.dumps(body(world)), content_type="application/json", **headers
    )


YEAR = timezone.localdate().year
IBAN = "FR7630006000011234567890189"

# name → (scope, office-scoped, the call, the status when answered)
API_RULES = {
    "api_statistics_grid": (
        ApiScope.STATISTICS,
        True,
        _get(
            lambda w: (
                reverse("api_statistics_grid", args=["activity", YEAR]) + f"?office={w.office.code}"
            )
        ),
        200,
    ),
    "api_catalog_items": (
        ApiScope.CATALOG,
        False,
        _get(lambda w: reverse("api_catalog_items")),
        200,
    ),
    "api_catalog_export": (
        ApiScope.CATALOG,
        False,
        _get(lambda w: reverse("api_catalog_export")),
        200,
    ),
    "api_account_create": (
        ApiScope.ACCOUNTS,
        False,
        _post(lambda w: reverse("api_account_create"), lambda w: {"username": "nouvel.agent"}),
        201,
    ),
    "api_account_deactivate": (
        ApiScope.ACCOUNTS,
        False,
        _post(
            lambda w: reverse("api_account_deactivate", args=[UserFactory().username]),
            lambda w: {},
        ),
        200,
    ),
    "api_account_role_request": (
        ApiScope.ACCOUNTS,
        False,
        _post(
            lambda w: reverse("api_account_role_request", args=[UserFactory().username]),
            lambda w: {"office": w.office.code, "role": "secretary", "reason": "Arrivée."},
        ),
        201,
    ),
    "api_aid_decisions": (
        ApiScope.AID,
        True,
        _get(
            lambda w: (
                reverse("api_aid_decisions")
                + f"?office={w.office.code}&decided_since={timezone.localdate().isoformat()}"
            )
        ),
        200,
    ),
    "api_payment_batches": (
        ApiScope.PAYMENTS,
        False,
        lambda client, w, headers: (
            _exported_batch(w) and client.get(reverse("api_payment_batches"), **headers)
        ),
        200,
    ),
    "api_payment_batch_orders": (
        ApiScope.PAYMENTS,
        False,
        _get(lambda w: reverse("api_payment_batch_orders", args=[_exported_batch(w)[0].pk])),
        200,
    ),
    "api_payment_batch_return": (
        ApiScope.PAYMENTS,
        False,
        _post(
            lambda w: reverse("api_payment_batch_return", args=[_exported_batch(w)[0].pk]),
            lambda w: {
                "orders": [
                    {
                        "reference": _exported_batch(w)[1].reference,
                        "status": "paid",
                        "date": timezone.localdate().isoformat(),
                    }
                ]
            },
        ),
        200,
    ),
}


def test_every_api_endpoint_has_a_rule():
    names = {pattern.name for pattern in api_urls.api_v1}
    assert names - set(API_RULES) == set(), "give these endpoints a rule in API_RULES"
    assert set(API_RULES) - names == set(), "these rules name endpoints that no longer exist"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(API_RULES))
def test_the_scope_opens_the_endpoint(client, world, name):
    scope, _office_scoped, call, answered = API_RULES[name]
    _granted(world)
    secret, _token = issue(world, [scope], [world.office])
    response = call(client, world, bearer(secret))
    assert response.status_code == answered, response.content


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(API_RULES))
def test_every_other_scope_is_refused(client, world, name):
    scope, _office_scoped, call, _answered = API_RULES[name]
    others = [s for s in ApiScope.values if s != scope]
    secret, _token = issue(world, others, [world.office])
    response = call(client, world, bearer(secret))
    assert response.status_code == 403
    assert json.loads(response.content) == {"detail": "Ce jeton n'ouvre pas cette partie de l'API."}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, rule in API_RULES.items() if rule[1]))
def test_another_office_answers_like_a_missing_one(client, world, name):
    scope, _office_scoped, call, _answered = API_RULES[name]
    _granted(world)
    secret, _token = issue(world, [scope], [world.other_office])
    response = call(client, world, bearer(secret))
    assert response.status_code == 404
    assert response.json() == {"detail": "Introuvable."}
