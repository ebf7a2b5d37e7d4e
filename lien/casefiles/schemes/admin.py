"""The aid schemes in the administration site: configuration, edited by the
administrator (Can.MANAGE_CATALOG, like the catalogue whose aid types they govern).
Each change is an audit event. A reason a decision used is withdrawn from the list
(unticked), never deleted."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lien.accounts.admin import CapabilityAdmin
from lien.accounts.policy import Can
from lien.audit.models import Action
from lien.audit.services import record
from lien.base.fields import AmountField

from ..documents.models import DocumentKind
from .models import AidScheme, SchemeReason

if TYPE_CHECKING:
    _ReasonInline = admin.TabularInline[SchemeReason, AidScheme]
else:
    _ReasonInline = admin.TabularInline


class AidSchemeForm(forms.ModelForm):
    # "1 500,00" typed the French way, whatever the browser (lien.base.fields).
    ceiling = AmountField(label=_("ceiling per request (€)"))
    required_documents = forms.MultipleChoiceField(
        choices=DocumentKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = AidScheme
        fields = ["aid_type", "ceiling", "instructed_by", "decided_by", "required_documents"]


class SchemeReasonInline(_ReasonInline):
    model = SchemeReason
    extra = 1
    fields = ["kind", "code", "text", "family", "in_use"]

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(AidScheme)
class AidSchemeAdmin(CapabilityAdmin):
    capability = Can.MANAGE_CATALOG
    form = AidSchemeForm
    inlines = [SchemeReasonInline]
    list_display = ["__str__", "ceiling", "decided_by"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        record(
            actor=request.user,
            action=Action.UPDATE if change else Action.CREATE,
            object_kind="aidscheme",
            object_id=obj.pk,
        )

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
