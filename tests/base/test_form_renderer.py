"""Lien's form renderer writes a select's options inline (lien/base/form_renderer.py):
the markup must be Django's to the byte, for every kind of select."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer

from lien.base.form_renderer import FormRenderer

CHOICES = [
    ("", "---------"),
    ("Logement", [("rent", "Loyer & charges"), ("energy", "Énergie")]),
    (3, '"Cité" <b>'),
]


@pytest.mark.parametrize(
    ("widget", "value"),
    [
        (forms.Select(choices=CHOICES, attrs={"class": "form-select", "required": True}), "rent"),
        (forms.Select(choices=CHOICES, attrs={"disabled": True, "data-x": False}), 3),
        (forms.SelectMultiple(choices=CHOICES), ["rent", "3"]),
        (forms.NullBooleanSelect(), True),
        (forms.Select(choices=[]), None),
    ],
)
def test_a_select_renders_as_django_renders_it(widget, value):
    ours = widget.render("field", value, attrs={"id": "id_field"}, renderer=FormRenderer())
    django_s = widget.render("field", value, attrs={"id": "id_field"}, renderer=DjangoTemplates())
    assert ours == django_s
    assert "<option" in ours or not widget.choices


def test_lien_forms_use_it_and_its_template_replaces_djangos():
    renderer = get_default_renderer()
    assert isinstance(renderer, FormRenderer)
    template = renderer.get_template("django/forms/widgets/select.html")
    assert "lien/base/form_templates" in template.origin.name
    # Everything else is still Django's.
    assert (
        "django/forms/templates"
        in renderer.get_template("django/forms/widgets/input.html").origin.name
    )
