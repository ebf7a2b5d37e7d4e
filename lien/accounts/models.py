from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from lien.base.compiled import compiled
from lien.offices.models import Office

from .roles import Role


class User(AbstractUser):
    """An agent of the organisation. Accounts are deactivated, never deleted, so that
    the audit log keeps naming who did what."""

    # The subject identifier given by the organisation's single sign-on (OIDC), set by an
    # administrator to link the account; never matched by e-mail.
    oidc_sub = models.CharField(
        _("single sign-on identifier"), max_length=255, unique=True, null=True, blank=True
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def roles_held(self) -> list[tuple[int, str]]:
        """(office id, role) of the memberships in force: read at every request, for the
        access policy (lien.accounts.policy.office_roles)."""
        return _roles_held(user_id=self.pk)


class OfficeMembership(models.Model):
    """A role held by a user in an office. A user may hold several (two offices, or
    social worker and manager); each gives access only within its own office."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("office")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("office membership")
        verbose_name_plural = _("office memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "office", "role"], name="membership_unique_role_per_office"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.office}"


class RoleChangeKind(models.TextChoices):
    GRANT = "grant", _("give the role")
    REVOKE = "revoke", _("remove the role")


class RoleChangeStatus(models.TextChoices):
    PENDING = "pending", _("awaiting a second person")
    APPROVED = "approved", _("approved and applied")
    REFUSED = "refused", _("refused")
    WITHDRAWN = "withdrawn", _("withdrawn by the requester")


class TwoKeyRequest(models.Model):
    """What every request decided under two keys keeps (lien/accounts/two_keys.py): who
    asked and when, who decided, when and why. Each kind has its own statuses."""

    status: str
    requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    class Meta:
        abstract = True


class RoleChange(TwoKeyRequest):
    """A request to give or remove a role in an office, which a second person decides
    (lien/accounts/role_changes.py). Memberships change only through an approved request,
    so that no one gives a role alone, nor to themselves. Kept after the decision: the
    history of who asked, who approved and why."""

    kind = models.CharField(_("change"), max_length=10, choices=RoleChangeKind.choices)
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="role_changes", verbose_name=_("agent")
    )
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="role_changes", verbose_name=_("office")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    reason = models.TextField(_("reason"))
    # The roles of the other group the agent held or was asked for when the request was
    # made: the approver must approve this combination explicitly.
    combination = models.CharField(_("roles held with it"), max_length=120, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RoleChangeStatus.choices,
        default=RoleChangeStatus.PENDING,
    )
    combination_approved = models.BooleanField(_("combination approved"), default=False)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("role change request")
        verbose_name_plural = _("role change requests")
        constraints = [
            # One open request at a time for the same change.
            models.UniqueConstraint(
                fields=["user", "office", "role"],
                condition=models.Q(status=RoleChangeStatus.PENDING),
                name="role_change_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} · {self.get_role_display()} · {self.user} · {self.office}"
        )


class FailedLogin(models.Model):
    """A failed password for an account, kept until its owner next logs in and is told
    (how many, and when). Not the address: the owner needs to know that someone tried,
    the lockout itself is django-axes' business."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="failed_logins", verbose_name=_("agent")
    )
    at = models.DateTimeField(_("date and time"), auto_now_add=True)

    class Meta:
        ordering = ["at"]
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")


# The API's clients and tokens live in their own package; imported here so that Django
# registers them with the accounts app.
@compiled
def _roles_held(user_id: int) -> models.QuerySet[OfficeMembership, tuple[int, str]]:
    return OfficeMembership.objects.filter(user_id=user_id, is_active=True).values_list(
        "office_id", "role"
    )


from .api_tokens.models import ApiClient, ApiToken  # noqa: E402, F401
