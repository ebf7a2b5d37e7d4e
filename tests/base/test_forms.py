from django import forms
from django.core.exceptions import ValidationError

from lien.base.forms import LienForm, add_service_errors


class ExampleForm(LienForm):
    name = forms.CharField(label="Nom")
    kind = forms.ChoiceField(choices=[("a", "A")])


def test_fields_get_bootstrap_classes_and_invalid_ones_are_marked():
    form = ExampleForm(data={"kind": "a"})
    assert not form.is_valid()
    html = str(form)
    assert 'class="form-control is-invalid"' in html and 'aria-invalid="true"' in html
    assert 'id="id_name-errors"' in html
    assert 'class="form-select"' in html


def test_service_errors_go_next_to_their_field_or_on_top():
    form = ExampleForm(data={"name": "x", "kind": "a"})
    assert form.is_valid()
    add_service_errors(form, ValidationError({"name": "Déjà pris.", "other": "Autre."}))
    add_service_errors(form, ValidationError("Quelqu'un d'autre a modifié."))
    assert form.errors["name"] == ["Déjà pris."]
    assert form.non_field_errors() == ["Autre.", "Quelqu'un d'autre a modifié."]
