from django.contrib import admin

from lien.accounts.admin import CapabilityAdmin
from lien.accounts.policy import Can

from .models import Item


@admin.register(Item)
class ItemAdmin(CapabilityAdmin):
    capability = Can.MANAGE_CATALOG
    list_display = ["code", "family", "label_fr", "status"]
    list_filter = ["family", "status"]
    search_fields = ["code", "label_fr", "label_en"]
