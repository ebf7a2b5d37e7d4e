"""The case files' configuration in the administration site: the directory of partners
(organisations and what each may receive) the letter templates and the
aid schemes (schemes/admin.py). No model holding a
person's data is registered here (the referrals themselves are in the files)."""

from django.contrib import admin

from lien.accounts.admin import CapabilityAdmin
from lien.accounts.policy import Can

from .letters import admin as letters_admin  # noqa: F401  (registers the templates)
from .referrals.models import Partner
from .schemes import admin as schemes_admin  # noqa: F401  (registers the aid schemes)


@admin.register(Partner)
class PartnerAdmin(CapabilityAdmin):
    capability = Can.MANAGE_CATALOG
    list_display = ("name", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)
    filter_horizontal = ("receivable_items",)
