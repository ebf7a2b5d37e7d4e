import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from lien.base.forms import LienForm, add_service_errors, run_service


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


def _refuse(error):
    def call():
        raise error

    return call


def test_run_service_returns_what_the_service_returns():
    form = ExampleForm(data={"name": "x", "kind": "a"})
    assert form.is_valid()
    assert run_service(form, lambda: 0) == 0  # a false answer is still an answer
    assert form.errors == {}


def test_run_service_puts_a_refusal_on_the_form_or_on_the_field_asked_for():
    form = ExampleForm(data={"name": "x", "kind": "a"})
    assert form.is_valid()
    assert run_service(form, _refuse(ValidationError("Déjà modifié."))) is None
    assert form.non_field_errors() == ["Déjà modifié."]
    assert run_service(form, _refuse(ValidationError("Absent.")), field="name") is None
    assert run_service(form, _refuse(ValidationError({"kind": "Non."})), field="name") is None
    assert form.errors["name"] == ["Absent."] and form.errors["kind"] == ["Non."]


def test_run_service_shows_a_refusal_as_a_message_or_hands_it_to_the_view():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    assert run_service(request, _refuse(ValidationError(["Non.", "Jamais."]))) is None
    assert [str(m) for m in get_messages(request)] == ["Non. Jamais."]
    refusal: list[str] = []
    assert run_service(refusal, _refuse(ValidationError("Trop tard."))) is None
    assert refusal == ["Trop tard."]
    with pytest.raises(ValueError, match="a bug is not a refusal"):
        run_service(refusal, _refuse(ValueError("a bug is not a refusal")))
