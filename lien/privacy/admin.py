"""The information notices are configuration: the administrator publishes them. A
version that was given to someone is never changed nor deleted (what the person read
must stay known); a new wording is a new version."""

from django.contrib import admin

from lien.accounts.admin import CapabilityAdmin
from lien.accounts.policy import Can

from .models import NoticeGiven, NoticeText


@admin.register(NoticeText)
class NoticeTextAdmin(CapabilityAdmin):
    capability = Can.MANAGE_CATALOG
    list_display = ["version", "title_fr", "published_on"]
    fields = ["version", "published_on", "title_fr", "text_fr", "title_en", "text_en"]

    def _given(self, obj) -> bool:
        return obj is not None and NoticeGiven.objects.filter(notice=obj).exists()

    def get_readonly_fields(self, request, obj=None):
        if self._given(obj):
            return self.fields
        return []

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._given(obj)
