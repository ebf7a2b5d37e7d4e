"""Payment orders: only for granted aid; the IBAN checked; the bank details sealed and
masked; batched, exported, marked paid (page or return file); the bank details deleted
once paid plus the accounting period."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone, translation

from lien.accounts.roles import Role
from lien.casefiles.models import AidRequest, AidStatus, BankDetails, PaymentOrder, PaymentStatus
from lien.casefiles.payments import exports, retention, selectors, services
from lien.casefiles.payments.models import mask_iban
from lien.casefiles.payments.progress import progress_of

from ...factories import member
from .schemes import scheme, submitted

pytestmark = pytest.mark.django_db
IBAN = "FR76 3000 6000 0112 3456 7890 189"


@pytest.fixture
def secretary(world):
    return member(Role.COMMITTEE_SECRETARY, world.office)


def _granted(world, amount="300"):
    aid = submitted(world.file, scheme())
    AidRequest.objects.filter(pk=aid.pk).update(
        status=AidStatus.GRANTED, amount_granted=Decimal(amount), decided_on=timezone.localdate()
    )
    return aid


def _order(secretary, aid, iban=IBAN):
    return services.order_payment(
        actor=secretary,
        aid_request_id=aid.pk,
        payee_kind="energy",
        payee_name="Fournisseur d'énergie",
        holder="EDF Collectivités",
        iban=iban,
    )


def test_a_payment_for_a_refused_aid_is_refused(world, secretary):
    aid = submitted(world.file, scheme())
    AidRequest.objects.filter(pk=aid.pk).update(status=AidStatus.REFUSED, refusal_reason="Barème.")
    with pytest.raises(ValidationError) as refused:
        _order(secretary, aid)
    assert refused.value.code == "not_granted"
    assert not PaymentOrder.objects.exists() and not BankDetails.objects.exists()


def test_a_wrong_check_digit_is_refused_and_nothing_is_saved(world, secretary):
    aid = _granted(world)
    with pytest.raises(ValidationError) as refused:
        _order(secretary, aid, iban="FR76 3000 6000 0112 3456 7890 188")
    assert "iban" in refused.value.message_dict
    assert not PaymentOrder.objects.exists() and not BankDetails.objects.exists()


def test_the_bank_details_are_sealed_at_rest_and_masked(world, secretary):
    order = _order(secretary, _granted(world))
    assert order.amount == Decimal("300") and order.status == PaymentStatus.ORDERED
    with connection.cursor() as cursor:
        cursor.execute("SELECT iban, holder FROM casefiles_bankdetails")
        stored = cursor.fetchone()
    assert "30006000" not in stored[0] and "EDF" not in stored[1]
    assert order.bank_details.iban == "FR7630006000011234567890189"
    assert mask_iban(order.bank_details.iban) == "FR•• •••• •••• 0189"
    with pytest.raises(ValidationError):
        _order(secretary, order.aid_request)


def test_a_batch_is_exported_then_marked_paid_from_the_return_file(world, secretary):
    order = _order(secretary, _granted(world))
    batch = services.make_batch(actor=secretary)
    order.refresh_from_db()
    assert order.batch == batch and order.status == PaymentStatus.EXPORTED
    with pytest.raises(ValidationError):
        services.make_batch(actor=secretary)
    batch, lines = selectors.batch_export_for(actor=secretary, pk=batch.pk)
    csv_text = exports.batch_csv(batch, lines)
    assert "FR7630006000011234567890189" in csv_text and order.reference in csv_text
    xml = exports.batch_xml(batch, lines)
    assert b"<Montant>300.00</Montant>" in xml and b"FR7630006000011234567890189" in xml
    today = timezone.localdate().isoformat()
    with pytest.raises(ValidationError):
        services.import_return(
            actor=secretary,
            batch_id=batch.pk,
            content=f"reference;statut;date_paiement\nOP-9;PAYE;{today}\n",
        )
    order.refresh_from_db()
    assert order.status == PaymentStatus.EXPORTED
    paid = services.import_return(
        actor=secretary,
        batch_id=batch.pk,
        content=f"reference;statut;date_paiement\n{order.reference};PAYE;{today}\n",
    )
    order.refresh_from_db()
    batch.refresh_from_db()
    assert (
        paid == 1 and order.status == PaymentStatus.PAID and batch.paid_on == timezone.localdate()
    )


def test_bank_details_are_deleted_once_paid_plus_the_accounting_period(world, secretary):
    order = _order(secretary, _granted(world))
    PaymentOrder.objects.filter(pk=order.pk).update(
        status=PaymentStatus.PAID, paid_on=date(2025, 6, 1)
    )
    assert retention.erase_bank_details(date(2026, 1, 31)) == 0
    assert BankDetails.objects.filter(order=order).exists()
    assert retention.erase_bank_details(date(2026, 2, 1)) == 1
    assert not BankDetails.objects.filter(order=order).exists()
    assert PaymentOrder.objects.filter(pk=order.pk).exists()


def test_only_the_committee_secretary_orders_payments(world):
    aid = _granted(world)
    for role in (Role.SOCIAL_WORKER, Role.MANAGER, Role.SECRETARY, Role.ADMIN):
        with pytest.raises(Exception) as refused:
            _order(world.users[role], aid)
        assert refused.type.__name__ == "Http404"


def test_the_batch_page_shows_a_rejected_order_with_its_reason(client, world, secretary):
    order = _order(secretary, _granted(world))
    batch = services.make_batch(actor=secretary)
    today = timezone.localdate()
    services.record_return(
        actor=secretary,
        batch_id=batch.pk,
        lines=[services.ReturnLine(order.reference, PaymentStatus.REJECTED, today, "Compte clos")],
    )
    client.force_login(secretary)
    page = client.get(
        reverse("payment_batch", args=[batch.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "rejeté par le service financier" in page and "Compte clos" in page
    # Nothing left to return: neither the paid form nor the return file's.
    assert "Marquer le lot payé" not in page and "Importer le fichier retour" not in page
    assert not batch.awaits_return


def test_an_order_the_finance_department_rejected_is_made_again(client, world, secretary):
    aid = _granted(world)
    rejected = _order(secretary, aid)
    batch = services.make_batch(actor=secretary)
    services.record_return(
        actor=secretary,
        batch_id=batch.pk,
        lines=[
            services.ReturnLine(
                rejected.reference, PaymentStatus.REJECTED, timezone.localdate(), "Compte clos"
            )
        ],
    )
    # The aid waits for an order again, with the reason of the rejection; the file says so.
    [waiting] = selectors.granted_without_order(actor=secretary)
    assert waiting == aid and waiting.rejection_reason == "Compte clos"
    client.force_login(secretary)
    page = client.get(reverse("payments"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Compte clos" in page and "vérifiez le bénéficiaire" in page
    client.force_login(world.users[Role.SOCIAL_WORKER])
    file_page = client.get(
        reverse("casefile_detail", args=[world.file.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "paiement rejeté, à ordonner de nouveau" in file_page
    aid.refresh_from_db()
    with translation.override("fr"):
        assert [s.label for s in progress_of(aid) if s.current] == [
            "paiement rejeté, à ordonner de nouveau"
        ]
    again = _order(secretary, aid, iban="FR14 2004 1010 0505 0001 3M02 606")
    assert again.pk != rejected.pk and again.status == PaymentStatus.ORDERED
    assert selectors.granted_without_order(actor=secretary) == []
    with translation.override("fr"):
        assert [s.label for s in progress_of(aid) if s.current] == ["paiement ordonnancé"]
    # One live order at a time: by the service, and by the database itself.
    with pytest.raises(ValidationError) as refused:
        _order(secretary, aid)
    assert refused.value.code == "ordered"
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentOrder.objects.create(
            aid_request=aid,
            amount=aid.amount_granted,
            payee_kind="energy",
            payee_name="Autre",
            ordered_by=secretary,
        )
    rejected.refresh_from_db()
    assert rejected.status == PaymentStatus.REJECTED and rejected.rejection_reason == "Compte clos"
