"""What every form of Lien shares: Bootstrap classes, errors next to their field, and the
one way a view calls a service and shows its refusal (on the form it came from, as a
message, or where the page chooses)."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

# The base of a mixin that is only ever mixed into a form: the type checker sees a form.
if TYPE_CHECKING:
    FormMixinBase = forms.BaseForm
else:
    FormMixinBase = object


class LienFormMixin(FormMixinBase):
    """Adds Bootstrap's classes, and marks invalid fields for assistive technologies."""

    template_name = "base/includes/form.html"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
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

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"
                widget.attrs["aria-invalid"] = "true"
                # The bound field's id, as Django computes it from the form's auto_id.
                field_id = self[name].auto_id
                widget.attrs["aria-describedby"] = f"{field_id}-errors" if field_id else ""


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


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's own copy of one of its choice fields, whose choices a view sets."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name} is not a choice field")
    return field


def run_service(
    shown_on: forms.BaseForm | HttpRequest | list[str],
    call: Callable[[], Any],
    *,
    field: str | None = None,
) -> Any:
    """Calls a service for a view: the one way a view meets a service's refusal (a
    ValidationError), so that no view catches it itself. The refusal is shown on
    - a form: next to the field it concerns (or `field`, when the service names none),
      the others at the top of the form;
    - a request: as an error message on the next page (a one-click act that redirects);
    - a list: which receives its messages, for a view that shows them its own way (an
      htmx partial, a report page).
    Returns what the service returns, or None when it refused: every service returns
    something, and a view whose service may return something false (0, an empty list)
    tests the answer with `is None`. (Any: views use it both for its value and as a
    condition, where a TypeVar would be inferred as bool.)"""
    try:
        return call()
    except ValidationError as error:
        if isinstance(shown_on, list):
            shown_on.extend(error.messages)
        elif not isinstance(shown_on, forms.BaseForm):
            messages.error(shown_on, " ".join(error.messages))
        elif field is not None and not hasattr(error, "error_dict"):
            shown_on.add_error(field, error)
        else:
            add_service_errors(shown_on, error)
        return None
