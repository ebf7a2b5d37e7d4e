"""The administration site is for configuration only: accounts, offices, catalogue.
No model holding a person's data is registered in it. Access to each page follows the
policy (the admin role), not Django's per-model permissions.

Accounts are created and changed here, but two things are not done here on purpose:
- roles: the memberships are shown read-only; a change is asked for on the roles page and
  applies once a second person approves it (role_changes.py);
- passwords: nobody sets another agent's password; the administrator sends a link by
  which the agent chooses their own (credentials.py).
"""

from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import credentials, services
from .forms import AccountCreationForm
from .models import OfficeMembership, User
from .policy import Can, can
from .types import agent_of

# The admin classes are generic only to the type checker (django-stubs).
if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin[Any]
    _MembershipInline = admin.TabularInline[OfficeMembership, User]
    _UserAdmin = DjangoUserAdmin[User]
else:
    _ModelAdmin = admin.ModelAdmin
    _MembershipInline = admin.TabularInline
    _UserAdmin = DjangoUserAdmin


class CapabilityAdmin(_ModelAdmin):
    capability: Can

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can(request.user, self.capability)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return can(request.user, self.capability)

    has_add_permission = has_view_permission
    has_change_permission = has_view_permission

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return can(request.user, self.capability)


class MembershipInline(_MembershipInline):
    """Read-only: roles change through the roles page, under two keys."""

    model = OfficeMembership
    extra = 0
    fields = readonly_fields = ("office", "role", "is_active", "created_at")

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return can(request.user, Can.MANAGE_ACCOUNTS)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(CapabilityAdmin, _UserAdmin):
    capability = Can.MANAGE_ACCOUNTS
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "is_active"]
    actions = ["send_password_link", "reset_second_factor", "unlock_account"]
    add_form = AccountCreationForm
    add_fieldsets = [(None, {"fields": ["username", "first_name", "last_name", "email"]})]
    # No password field, no superuser flag, groups or permissions: nothing here gives
    # access or sets a password. The staff flag follows the administrator role.
    fieldsets = [
        (None, {"fields": ["username", "roles_page"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Status"), {"fields": ["is_active", "is_staff", "last_login", "date_joined"]}),
        (_("Single sign-on"), {"fields": ["oidc_sub"]}),
    ]
    readonly_fields = ["roles_page", "is_staff", "last_login", "date_joined"]
    list_filter = ["is_active", "is_staff"]

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # Accounts are deactivated, never deleted: the audit log keeps naming them.
        return False

    @admin.display(description=_("Roles"))
    def roles_page(self, obj: User | None) -> str:
        if obj is None or obj.pk is None:
            return ""
        return format_html(
            '<a href="{}?user={}">{}</a>',
            reverse("role_change_new"),
            obj.pk,
            _("Ask for a role change (a second person approves it)"),
        )

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        raise PermissionDenied  # nobody sets another agent's password

    def save_model(
        self, request: HttpRequest, obj: User, form: "ModelForm[User]", change: bool
    ) -> None:
        if not change:
            created = credentials.create_account(
                actor=agent_of(request),
                username=obj.username,
                first_name=obj.first_name,
                last_name=obj.last_name,
                email=obj.email,
            )
            obj.pk = created.pk
            obj._state.adding = False
            return
        obj.save()
        credentials.record_account_changes(
            actor=agent_of(request), user=obj, changed=list(form.changed_data)
        )

    @admin.action(description=_("Send a link to choose a password"))
    def send_password_link(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        sent = 0
        for user in queryset:
            try:
                credentials.send_password_link(
                    actor=agent_of(request), user_id=user.pk, request=request
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                sent += 1
        if sent:
            self.message_user(
                request,
                ngettext("%(count)s link sent.", "%(count)s links sent.", sent) % {"count": sent},
            )

    @admin.action(description=_("Reset two-factor authentication (lost phone)"))
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            services.reset_second_factor(actor=agent_of(request), user_id=user.pk)
        self.message_user(
            request,
            ngettext(
                "%(count)s agent will set up two-factor authentication at their next login.",
                "%(count)s agents will set up two-factor authentication at their next login.",
                len(queryset),
            )
            % {"count": len(queryset)},
        )

    @admin.action(description=_("Unlock after failed logins"))
    def unlock_account(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            services.unlock_account(actor=agent_of(request), user_id=user.pk)
        self.message_user(
            request,
            ngettext("%(count)s account unlocked.", "%(count)s accounts unlocked.", len(queryset))
            % {"count": len(queryset)},
        )


# The offices' administration asks the policy, so it lives in accounts (organisation/);
# imported last, as it builds on CapabilityAdmin above.
from .organisation import admin as organisation_admin  # noqa: E402, F401
