"""What every form of Lien shares: Bootstrap classes, errors next to their field, and a
way to show a service's refusal on the form it came from."""

from django import forms
from django.core.exceptions import ValidationError


class LienFormMixin:
    """Adds Bootstrap's classes, and marks invalid fields for assistive technologies."""

    template_name = "base/includes/form.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(
                widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect
            ):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["aria-describedby"] = (
                    f"{self.auto_id % name}-errors" if self.auto_id else ""
                )


class LienForm(LienFormMixin, forms.Form):
    pass


class LienModelForm(LienFormMixin, forms.ModelForm):
    pass


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Shows a service's ValidationError on the form: errors keyed by a field of the form
    go next to it, the others at the top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def run_service(form, call) -> object | None:
    """Calls a service; its refusal lands on the form, next to the field it concerns."""
    try:
        return call()
    except ValidationError as error:
        add_service_errors(form, error)
        return None
