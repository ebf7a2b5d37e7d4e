from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BreakGlassConfig(AppConfig):
    # An app of its own (not a model of `casefiles`) so that its migrations never
    # collide with the case files' own.
    name = "lien.casefiles.break_glass"
    label = "break_glass"
    verbose_name = _("Emergency access")
