"""The catalogue in the administration site. Every change goes through `services.py`:
the form shows the rules' reasons next to the fields, the actions (activate, deprecate,
retire) show a refusal with its reason, and each change is written to the item's history
and the audit log."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from lien.accounts.admin import CapabilityAdmin
from lien.accounts.policy import Can, can
from lien.accounts.roles import Role

from . import services
from .models import Item, ItemChange, Purpose, Status
from .rules import activation_faults, needs_dpo_approval, shape_faults
from .snapshot import EDITABLE_FIELDS


class ItemAdminForm(forms.ModelForm):
    purposes = forms.MultipleChoiceField(
        label=gettext_lazy("purposes"),
        choices=Purpose.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    visible_to_roles = forms.MultipleChoiceField(
        label=gettext_lazy("roles that may see it"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Item
        fields = ["code", *(f for f in EDITABLE_FIELDS if f != "position"), "position"]
        help_texts = {
            "choices": gettext_lazy(
                'For a choice item: [{"code": "owner", "fr": "Propriétaire", "en": "Owner"}, …]'
            ),
        }

    def clean(self):
        # The same rules as the services, so that the reasons show next to the form.
        cleaned: dict[str, Any] = super().clean() or {}
        candidate = {**{f: getattr(self.instance, f) for f in EDITABLE_FIELDS}, **cleaned}
        candidate["code"] = cleaned.get("code", self.instance.code)
        faults = (
            activation_faults(candidate)
            if self.instance.status in (Status.ACTIVE, Status.DEPRECATED)
            else shape_faults(candidate)
        )
        in_use = self.instance.status in (Status.ACTIVE, Status.DEPRECATED)
        if in_use and needs_dpo_approval(candidate) and not needs_dpo_approval(self.instance):
            faults.append(
                _(
                    "An item in use cannot become sensitive: retire it and propose a new "
                    "item, which the DPO will have to approve."
                )
            )
        for fault in faults:
            self.add_error(None, fault)
        return cleaned


class ItemChangeInline(admin.TabularInline):
    model = ItemChange
    extra = 0
    fields = readonly_fields = ("at", "actor", "kind", "changes", "reason")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return can(request.user, Can.MANAGE_CATALOG)


@admin.register(Item)
class ItemAdmin(CapabilityAdmin):
    capability = Can.MANAGE_CATALOG
    form = ItemAdminForm
    list_display = [
        "code",
        "family",
        "label_fr",
        "status",
        "sensitivity",
        "feeds_statistics",
        "awaiting_approval",
    ]
    list_filter = ["family", "status", "sensitivity", "feeds_statistics"]
    search_fields = ["code", "label_fr", "label_en"]
    readonly_fields = [
        "status",
        "approval_requested_by",
        "approval_requested_at",
        "approved_by",
        "approved_at",
        "updated_at",
    ]
    inlines = [ItemChangeInline]
    actions = ["activate", "deprecate", "retire", "save_version"]

    def get_readonly_fields(self, request, obj=None):
        # The code is how files, exports and imports name an item: fixed once created.
        return [*self.readonly_fields, "code"] if obj else self.readonly_fields

    @admin.display(boolean=True, description=gettext_lazy("awaiting the DPO"))
    def awaiting_approval(self, obj):
        return obj.awaiting_approval

    def has_delete_permission(self, request, obj=None):
        # Items are retired, never deleted: old files and the history still name them.
        return False

    def save_model(self, request, obj, form, change):
        fields = {f: form.cleaned_data[f] for f in EDITABLE_FIELDS if f in form.cleaned_data}
        if change:
            services.update_item(actor=request.user, item_id=obj.pk, changes=fields)
        else:
            created = services.create_item(
                actor=request.user,
                code=form.cleaned_data["code"],
                **fields,
            )
            obj.pk = created.pk
        obj.refresh_from_db()

    def _each(self, request, queryset, act):
        done = 0
        for item in queryset:
            try:
                message = act(item)
            except ValidationError as error:
                self.message_user(
                    request,
                    _("%(code)s refused: %(reasons)s")
                    % {"code": item.code, "reasons": " ".join(error.messages)},
                    messages.ERROR,
                )
            else:
                done += 1
                if message:
                    self.message_user(request, message, messages.INFO)
        return done

    @admin.action(description=gettext_lazy("Activate (a sensitive item is proposed to the DPO)"))
    def activate(self, request, queryset):
        def act(item):
            result = services.activate_item(actor=request.user, item_id=item.pk)
            if not result.activated:
                return _("%(code)s is proposed to the DPO, who must approve it.") % {
                    "code": item.code
                }
            return None

        done = self._each(request, queryset, act)
        if done:
            self.message_user(
                request,
                ngettext("%(n)d item handled.", "%(n)d items handled.", done) % {"n": done},
            )

    @admin.action(description=gettext_lazy("Deprecate (to be retired)"))
    def deprecate(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda item: (
                services.set_item_status(
                    actor=request.user, item_id=item.pk, status=Status.DEPRECATED
                )
                and None
            ),
        )

    @admin.action(description=gettext_lazy("Retire (no longer offered, kept in old files)"))
    def retire(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda item: (
                services.set_item_status(actor=request.user, item_id=item.pk, status=Status.RETIRED)
                and None
            ),
        )

    @admin.action(description=gettext_lazy("Save a version of the whole catalogue"))
    def save_version(self, request, queryset):
        version = services.save_catalog_version(actor=request.user, note=_("Saved by hand"))
        self.message_user(request, _("Version %(n)s saved.") % {"n": version.number})
