"""Letter templates in the administration site, for the administrator (who manages the
catalogue): the form refuses a placeholder the catalogue does not allow for the
template's purpose, and every save goes through the service (audited)."""

from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from lien.accounts.admin import CapabilityAdmin
from lien.accounts.policy import Can
from lien.catalog.models import Purpose

from . import services
from .forms import LetterTemplateForm
from .models import LetterTemplate
from .placeholders import allowed_for, check_template


class AdminTemplateForm(LetterTemplateForm):
    def clean(self):
        data = super().clean() or {}
        if data.get("body") and data.get("purpose"):
            check_template(f"{data.get('subject', '')}\n{data['body']}", data["purpose"])
        return data


@admin.register(LetterTemplate)
class LetterTemplateAdmin(CapabilityAdmin):
    capability = Can.MANAGE_CATALOG
    form = AdminTemplateForm
    list_display = ["name", "kind", "purpose", "is_active"]
    readonly_fields = ["placeholders", "updated_at", "updated_by"]

    @admin.display(description=_("Placeholders allowed, by purpose"))
    def placeholders(self, obj):
        return format_html_join(
            "",
            "<p><strong>{}</strong> : {}</p>",
            (
                (label, ", ".join(f"{{{{ {name} }}}}" for name, _what in allowed_for(code)))
                for code, label in Purpose.choices
            ),
        )

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = services.save_letter_template(
            actor=request.user,
            template_id=obj.pk if change else None,
            name=data["name"],
            kind=data["kind"],
            purpose=data["purpose"],
            subject=data["subject"],
            body=data["body"],
            is_active=data["is_active"],
        )
        obj.pk = saved.pk
