from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

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

    def __str__(self):
        return self.get_full_name() or self.username


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

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.office}"
