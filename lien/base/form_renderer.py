"""The renderer of Lien's forms: Django's own, with a few of its widget templates
replaced (lien/base/form_templates, looked up before Django's).

Why: a select's options were each rendered by two included templates (the option and
its attributes). The file page's forms hold about 50 options: those includes were a
tenth of the page's rendering. The replacement writes the same markup inline, byte for
byte (tests/base/test_form_renderer.py; hence djlint is off in it).
"""

from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property

OVERRIDES = Path(__file__).resolve().parent / "form_templates"


class FormRenderer(DjangoTemplates):
    @cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [OVERRIDES, Path(django.forms.__file__).parent / "templates"],
                "NAME": "djangoforms",
                "OPTIONS": {},
            }
        )
