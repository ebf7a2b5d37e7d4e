"""The information notices are configuration: the administrator publishes them. A
version that was given to someone is never changed nor deleted (what the person read
must stay known); a new wording is a new version."""

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from lien.accounts.admin import CapabilityAdmin
from lien.accounts.policy import Can

from .models import NoticeGiven, NoticeText

NOTICE_FIELDS = ("version", "published_on", "title_fr", "text_fr", "title_en", "text_en")


@admin.register(NoticeText)
class NoticeTextAdmin(CapabilityAdmin):
    capability = Can.MANAGE_CATALOG
    list_display = ["version", "title_fr", "published_on"]
    fields = NOTICE_FIELDS

    def _given(self, obj: Model | None) -> bool:
        return isinstance(obj, NoticeText) and NoticeGiven.objects.filter(notice=obj).exists()

    def get_readonly_fields(
        self, request: HttpRequest, obj: Model | None = None
    ) -> tuple[str, ...]:
        if self._given(obj):
            return NOTICE_FIELDS
        return ()

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_delete_permission(request, obj) and not self._given(obj)
