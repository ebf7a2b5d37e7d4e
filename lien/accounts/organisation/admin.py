from datetime import date
from typing import TYPE_CHECKING

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import F, Model
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lien.accounts.admin import CapabilityAdmin
from lien.accounts.policy import Can, can
from lien.offices.models import (
    Office,
    OpeningPeriod,
    Organisation,
    RecordKeepingChange,
    Town,
)
from lien.offices.record_keeping import change_faults, describe_change, record_keeping_history

from . import services

# The form and admin classes are generic only to the type checker (django-stubs).
if TYPE_CHECKING:
    _RecordKeepingForm = forms.ModelForm[RecordKeepingChange]
    _BaseFormSet = forms.BaseInlineFormSet[RecordKeepingChange, Office, _RecordKeepingForm]
    _RecordKeepingInline = admin.TabularInline[RecordKeepingChange, Office]
    _OpeningPeriodInline = admin.TabularInline[OpeningPeriod, Office]
else:
    _BaseFormSet = forms.BaseInlineFormSet
    _RecordKeepingInline = _OpeningPeriodInline = admin.TabularInline


@admin.register(Organisation)
class OrganisationAdmin(CapabilityAdmin):
    capability = Can.MANAGE_ACCOUNTS
    list_display = ["name", "dpo_name", "dpo_email"]


@admin.register(Town)
class TownAdmin(CapabilityAdmin):
    capability = Can.MANAGE_ACCOUNTS
    list_display = ["name", "insee_code", "postal_code", "population"]
    search_fields = ["name", "insee_code"]


class RecordKeepingFormSet(_BaseFormSet):
    """Checks each new change with the service's own rules, so that a refusal shows on
    the form rather than as an error page."""

    def validate_unique(self) -> None:
        # Django's own message names the field by its code ("since"); the clean below
        # says the same in words.
        pass

    def clean(self) -> None:
        super().clean()
        seen: set[date | None] = set()
        for form in self.forms:
            if not form.has_changed() or form.instance.pk or not form.is_valid():
                continue
            # (A valid form holds both fields; `since` may be empty: from the start.)
            since, mode = form.cleaned_data["since"], form.cleaned_data["mode"]
            if since in seen:
                form.add_error("since", gettext("Two changes on the same day."))
                continue
            seen.add(since)
            office_id = self.instance.pk
            if office_id is not None:
                for fault in change_faults(office_id=office_id, mode=mode, since=since):
                    form.add_error("since", fault)
        if any(form.errors for form in self.forms):
            raise ValidationError(gettext("Correct the changes of record keeping."))


class RecordKeepingInline(_RecordKeepingInline):
    """The office's history: changes are added or removed (each audited), never edited."""

    model = RecordKeepingChange
    formset = RecordKeepingFormSet
    fields = ["since", "mode"]
    extra = 0
    # Django takes an expression here; django-stubs knows only field names.
    ordering = [F("since").asc(nulls_first=True)]  # type: ignore[list-item]

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return can(request.user, Can.MANAGE_ACCOUNTS)

    has_add_permission = has_delete_permission = has_view_permission

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class OpeningPeriodInline(_OpeningPeriodInline):
    """The office's opening hours, shown on appointment slips and the agenda, and
    checked when an appointment is booked."""

    model = OpeningPeriod
    fields = ["weekday", "opens_at", "closes_at"]
    extra = 0

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return can(request.user, Can.MANAGE_ACCOUNTS)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(Office)
class OfficeAdmin(CapabilityAdmin):
    capability = Can.MANAGE_ACCOUNTS
    list_display = ["code", "name", "organisation", "record_keeping"]
    filter_horizontal = ["towns"]
    search_fields = ["code", "name"]
    inlines = [OpeningPeriodInline, RecordKeepingInline]

    @admin.display(description=_("record keeping"))
    def record_keeping(self, obj: Office) -> str:
        current = record_keeping_history(obj.pk)[-1]
        return describe_change(mode=current.mode, since=current.since)

    def save_formset(
        self,
        request: HttpRequest,
        form: "forms.ModelForm[Office]",
        formset: RecordKeepingFormSet,  # (the only inline)
        change: bool,
    ) -> None:
        if formset.model is not RecordKeepingChange:
            return super().save_formset(request, form, formset, change)
        # What formset.save() would have set, for the admin's own change message.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for deleted in formset.deleted_forms:
            if deleted.instance.pk:
                services.remove_record_keeping_change(
                    actor=request.user, change_id=deleted.instance.pk
                )
                formset.deleted_objects.append(deleted.instance)
        for new in formset.extra_forms:
            if new.has_changed() and not new.cleaned_data.get("DELETE"):
                formset.new_objects.append(
                    services.record_keeping_change(
                        actor=request.user,
                        office_id=form.instance.pk,
                        mode=new.cleaned_data["mode"],
                        since=new.cleaned_data["since"],
                    )
                )
        return None
