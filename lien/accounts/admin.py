"""The administration site is for configuration only: accounts, offices, catalogue.
No model holding a person's data is registered in it. Access to each page follows the
policy (the admin role), not Django's per-model permissions."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import OfficeMembership, User
from .policy import Can, can


class CapabilityAdmin(admin.ModelAdmin):
    capability: Can

    def has_module_permission(self, request):
        return can(request.user, self.capability)

    def has_view_permission(self, request, obj=None):
        return can(request.user, self.capability)

    has_add_permission = has_view_permission
    has_change_permission = has_view_permission

    def has_delete_permission(self, request, obj=None):
        return can(request.user, self.capability)


class MembershipInline(admin.TabularInline):
    model = OfficeMembership
    extra = 0

    def has_view_permission(self, request, obj=None):
        return can(request.user, Can.MANAGE_ACCOUNTS)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(User)
class UserAdmin(CapabilityAdmin, DjangoUserAdmin):
    capability = Can.MANAGE_ACCOUNTS
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "is_active"]
    actions = ["reset_second_factor", "unlock_account"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Single sign-on"), {"fields": ["oidc_sub"]}),
    ]

    def has_delete_permission(self, request, obj=None):
        # Accounts are deactivated, never deleted: the audit log keeps naming them.
        return False

    @admin.action(description=_("Reset two-factor authentication (lost phone)"))
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            services.reset_second_factor(actor=request.user, user_id=user.pk)
        self.message_user(
            request,
            _("%(count)s agents will set up two-factor authentication at their next login.")
            % {"count": len(queryset)},
        )

    @admin.action(description=_("Unlock after failed logins"))
    def unlock_account(self, request, queryset):
        for user in queryset:
            services.unlock_account(actor=request.user, user_id=user.pk)
        self.message_user(request, _("%(count)s accounts unlocked.") % {"count": len(queryset)})
