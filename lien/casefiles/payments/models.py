"""The payment order of a granted aid: to whom (the person, or a third party such as the
landlord or the energy supplier), how much, in which batch sent to the finance software,
and when paid. The bank details are held apart (BankDetails), sealed with the notes key
like the notes, shown masked, and deleted once paid plus the accounting period
(payments/retention.py)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..aid.models import AidRequest
from ..notes.crypto import EncryptedTextField


class PayeeKind(models.TextChoices):
    PERSON = "person", _("the person")
    LANDLORD = "landlord", _("the landlord")
    ENERGY_SUPPLIER = "energy", _("the energy supplier")
    OTHER = "other", _("another creditor")


class PaymentStatus(models.TextChoices):
    ORDERED = "ordered", _("ordered")
    EXPORTED = "exported", _("sent to the finance department")
    PAID = "paid", _("paid")
    # The finance department sent it back unpaid (a closed account, a wrong holder…),
    # with its reason: the order stays, as evidence, and is not paid by Lien's return.
    REJECTED = "rejected", _("rejected by the finance department")


class PaymentBatch(models.Model):
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("made by"),
    )
    created_at = models.DateTimeField(_("made at"), default=timezone.now)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    # Ids of the orders left waiting when the batch was made, their file being frozen
    # (limitation of processing): the batch page says why they are not in it.
    set_aside = models.JSONField(_("orders set aside"), default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("batch of payment orders")
        verbose_name_plural = _("batches of payment orders")

    @property
    def reference(self) -> str:
        return f"LIEN-{self.created_at:%Y}-{self.pk:05d}"

    @property
    def awaits_return(self) -> bool:
        """Some order of the batch is still neither paid nor rejected."""
        return self.orders.filter(status=PaymentStatus.EXPORTED).exists()


class PaymentOrder(models.Model):
    # Several orders per aid only one after another: an order the finance department
    # rejected (a closed account) stays as evidence, and the aid is ordered again.
    aid_request = models.ForeignKey(
        AidRequest,
        on_delete=models.CASCADE,
        related_name="payment_orders",
        verbose_name=_("aid request"),
    )
    amount = models.DecimalField(_("amount"), max_digits=9, decimal_places=2)
    payee_kind = models.CharField(_("payee"), max_length=10, choices=PayeeKind.choices)
    payee_name = models.CharField(_("name of the payee"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.ORDERED
    )
    batch = models.ForeignKey(
        PaymentBatch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("batch"),
    )
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ordered by"),
    )
    ordered_on = models.DateField(_("ordered on"), default=timezone.localdate)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    rejected_on = models.DateField(_("rejected on"), null=True, blank=True)
    rejection_reason = models.CharField(_("reason of the rejection"), max_length=500, blank=True)

    class Meta:
        ordering = ["-ordered_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["aid_request"],
                condition=~models.Q(status=PaymentStatus.REJECTED),
                name="one_live_payment_order_per_aid",
            )
        ]
        verbose_name = _("payment order")
        verbose_name_plural = _("payment orders")

    @property
    def reference(self) -> str:
        return f"OP-{self.pk:07d}"


class BankDetails(models.Model):
    """Held apart from the order, sealed at rest; deleted once the order is paid and the
    accounting period is over (the order stays, as evidence of the payment)."""

    order = models.OneToOneField(
        PaymentOrder,
        on_delete=models.CASCADE,
        related_name="bank_details",
        verbose_name=_("payment order"),
    )
    holder = EncryptedTextField(_("account holder"))
    iban = EncryptedTextField(_("IBAN"))

    class Meta:
        verbose_name = _("bank details")
        verbose_name_plural = _("bank details")

    @property
    def masked_iban(self) -> str:
        return mask_iban(self.iban)


def mask_iban(iban: str) -> str:
    """The country and the last four characters only: "FR•• •••• … 1234"."""
    compact = iban.replace(" ", "")
    if len(compact) < 8:
        return "••••"
    return f"{compact[:2]}•• •••• •••• {compact[-4:]}"
