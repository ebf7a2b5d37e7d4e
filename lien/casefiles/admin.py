"""The directory of partners in the administration site: organisations and what each
may receive, no person's data (the referrals themselves are in the files)."""

from django.contrib import admin

from lien.accounts.admin import CapabilityAdmin
from lien.accounts.policy import Can

from .referrals.models import Partner


@admin.register(Partner)
class PartnerAdmin(CapabilityAdmin):
    capability = Can.MANAGE_CATALOG
    list_display = ("name", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)
    filter_horizontal = ("receivable_items",)
