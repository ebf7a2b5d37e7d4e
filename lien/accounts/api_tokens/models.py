"""An API client (another system of the organisation: the finance software, the data
warehouse, the identity system) and its tokens."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.offices.models import Office

from ..models import TwoKeyRequest, User


class ApiScope(models.TextChoices):
    """The families of endpoints a token opens (docs/admin/api.md)."""

    STATISTICS = "statistics", _("published statistics")
    CATALOG = "catalog", _("catalogue (read and export)")
    ACCOUNTS = "accounts", _("account provisioning")
    AID = "aid", _("granted aid decisions")
    PAYMENTS = "payments", _("payment orders and their return")


class ApiTokenStatus(models.TextChoices):
    PENDING = "pending", _("awaiting a second person")
    ACTIVE = "active", _("approved")
    REFUSED = "refused", _("refused")
    REVOKED = "revoked", _("revoked")


class ApiClient(models.Model):
    """Another system that calls the API. It acts through an account of its own (no
    password, no role), so that the audit log names it like any agent; what it may do
    comes from its token's scopes alone, never from roles."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    account = models.OneToOneField(
        User, on_delete=models.PROTECT, related_name="api_client", verbose_name=_("account")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")

    def __str__(self) -> str:
        return self.name


class ApiToken(TwoKeyRequest):
    """A token of a client. Only its SHA-256 digest is kept: the token itself is shown
    once, to the administrator who asked for it, and works only after a second person
    approved it, until it expires or is revoked."""

    client = models.ForeignKey(
        ApiClient, on_delete=models.PROTECT, related_name="tokens", verbose_name=_("client")
    )
    # The token's first characters, shown in lists and in the log to tell tokens apart.
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    scopes = models.JSONField(_("scopes"), default=list)
    all_offices = models.BooleanField(_("every office"), default=False)
    offices = models.ManyToManyField(
        Office, blank=True, related_name="+", verbose_name=_("offices")
    )
    expires_at = models.DateTimeField(_("expires at"))
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=ApiTokenStatus.choices, default=ApiTokenStatus.PENDING
    )
    revoked_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.client} · {self.prefix}…"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.status == ApiTokenStatus.ACTIVE and not self.is_expired

    def scope_labels(self) -> str:
        labels = dict(ApiScope.choices)
        return ", ".join(str(labels[s]) for s in self.scopes if s in labels)
