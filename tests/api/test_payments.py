"""The finance software's endpoints: the batches awaiting their return, a batch's orders
with the fields of its CSV export (and nothing of the file), the return that marks
orders paid or rejected with a reason, all checked before any is applied; the audit
events the web writes."""

import csv
import io
import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lien.accounts.api_tokens.models import ApiScope
from lien.accounts.roles import Role
from lien.audit.models import Action, AuditEvent
from lien.casefiles.payments import exports, retention, selectors, services
from lien.casefiles.payments.models import BankDetails, PaymentOrder, PaymentStatus

from ..accounts.permission_matrix.test_api import _exported_batch
from ..factories import member
from .tokens import bearer, issue


@pytest.fixture
def finance(world):
    secret, token = issue(world, [ApiScope.PAYMENTS], name="Logiciel financier")
    return bearer(secret), token.client.account


def _return(client, batch, headers, orders):
    return client.post(
        reverse("api_payment_batch_return", args=[batch.pk]),
        json.dumps({"orders": orders}),
        content_type="application/json",
        **headers,
    )


@pytest.mark.django_db
def test_the_batch_awaiting_its_return_is_listed_until_settled(client, world, finance):
    headers, account = finance
    batch, order = _exported_batch(world)
    listed = client.get(reverse("api_payment_batches"), **headers).json()["batches"]
    assert [(b["reference"], b["order_count"], b["awaiting_count"]) for b in listed] == [
        (batch.reference, 1, 1)
    ]
    assert listed[0]["total"] == f"{order.amount:.2f}"
    event = AuditEvent.objects.get(actor=account, object_kind="payment_batches")
    assert (event.action, event.result_count) == (Action.LIST, 1)
    today = timezone.localdate().isoformat()
    answer = _return(
        client, batch, headers, [{"reference": order.reference, "status": "paid", "date": today}]
    )
    assert answer.status_code == 200 and answer.json() == {"recorded": 1}
    assert client.get(reverse("api_payment_batches"), **headers).json() == {"batches": []}


@pytest.mark.django_db
def test_the_orders_are_the_csv_export_and_nothing_more(client, world, finance):
    headers, account = finance
    batch, order = _exported_batch(world)
    response = client.get(reverse("api_payment_batch_orders", args=[batch.pk]), **headers)
    assert response.status_code == 200
    data = response.json()
    [line] = data["ordres"]
    assert set(line) == set(exports.CSV_COLUMNS)
    secretary_view, lines = selectors.batch_export_for(
        actor=member(Role.COMMITTEE_SECRETARY, world.office), pk=batch.pk
    )
    [from_csv] = csv.DictReader(
        io.StringIO(exports.batch_csv(secretary_view, lines)), delimiter=";"
    )
    assert line == from_csv
    assert (data["lot"], data["nombre_ordres"], data["montant_total"]) == (
        batch.reference,
        1,
        from_csv["montant"],
    )
    person = world.file.reference_person
    assert person.birth_name not in response.content.decode()
    # The bank details read in clear: an export event of the file, as the web's export.
    assert AuditEvent.objects.filter(
        actor=account, action=Action.EXPORT, object_kind="paymentorder", object_id=str(order.pk)
    ).exists()


@pytest.mark.django_db
def test_a_rejected_order_keeps_its_reason_and_a_faulty_line_marks_nothing(client, world, finance):
    headers, account = finance
    batch, order = _exported_batch(world)
    today = timezone.localdate()
    for faulty in (
        {"reference": order.reference, "status": "rejected", "date": today.isoformat()},
        {"reference": "OP-9999999", "status": "paid", "date": today.isoformat()},
        {"reference": order.reference, "status": "paid", "date": str(today + timedelta(days=1))},
    ):
        answer = _return(client, batch, headers, [faulty])
        assert answer.status_code == 400
        body = answer.json()
        assert body["errors"]["orders"][0].startswith("Ordre 1 de la liste : ")
    order.refresh_from_db()
    assert order.status == PaymentStatus.EXPORTED
    answer = _return(
        client,
        batch,
        headers,
        [
            {
                "reference": order.reference,
                "status": "rejected",
                "date": today.isoformat(),
                "reason": "Compte clôturé",
            }
        ],
    )
    assert answer.status_code == 200
    order.refresh_from_db()
    assert (order.status, order.rejected_on, order.rejection_reason) == (
        PaymentStatus.REJECTED,
        today,
        "Compte clôturé",
    )
    assert AuditEvent.objects.filter(
        actor=account, action=Action.UPDATE, object_kind="paymentorder", object_id=str(order.pk)
    ).exists()
    # Already settled: a second return of it is refused.
    again = _return(
        client,
        batch,
        headers,
        [{"reference": order.reference, "status": "paid", "date": today.isoformat()}],
    )
    assert again.status_code == 400


@pytest.mark.django_db
def test_the_web_return_file_rejects_with_a_reason_too(world):
    batch, order = _exported_batch(world)
    secretary = member(Role.COMMITTEE_SECRETARY, world.office)
    today = timezone.localdate().isoformat()
    with pytest.raises(ValidationError) as missing_reason:
        services.import_return(
            actor=secretary,
            batch_id=batch.pk,
            content=f"reference;statut;date_paiement;motif\n{order.reference};REJETE;{today};\n",
        )
    assert "Ligne 2" in str(missing_reason.value)
    count = services.import_return(
        actor=secretary,
        batch_id=batch.pk,
        content=(
            "reference;statut;date_paiement;motif\n"
            f"{order.reference};REJETE;{today};IBAN inconnu de la banque\n"
        ),
    )
    order.refresh_from_db()
    assert count == 1 and order.rejection_reason == "IBAN inconnu de la banque"


@pytest.mark.django_db
def test_a_rejected_orders_bank_details_go_after_the_accounting_period(world):
    _batch, order = _exported_batch(world)
    PaymentOrder.objects.filter(pk=order.pk).update(
        status=PaymentStatus.REJECTED, rejected_on=date(2025, 6, 1), rejection_reason="Compte clos"
    )
    assert retention.erase_bank_details(date(2026, 1, 31)) == 0
    assert retention.erase_bank_details(date(2026, 2, 1)) == 1
    assert not BankDetails.objects.filter(order=order).exists()
