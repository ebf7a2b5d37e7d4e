from django.contrib import admin

from lien.accounts.admin import CapabilityAdmin
from lien.accounts.policy import Can

from .models import Office, Organisation, Town


@admin.register(Organisation)
class OrganisationAdmin(CapabilityAdmin):
    capability = Can.MANAGE_ACCOUNTS
    list_display = ["name", "dpo_name", "dpo_email"]


@admin.register(Town)
class TownAdmin(CapabilityAdmin):
    capability = Can.MANAGE_ACCOUNTS
    list_display = ["name", "insee_code", "postal_code"]
    search_fields = ["name", "insee_code"]


@admin.register(Office)
class OfficeAdmin(CapabilityAdmin):
    capability = Can.MANAGE_ACCOUNTS
    list_display = ["code", "name", "organisation"]
    filter_horizontal = ["towns"]
    search_fields = ["code", "name"]
