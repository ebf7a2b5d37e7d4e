from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "lien.privacy"
    verbose_name = _("Privacy and data protection")

    def ready(self) -> None:
        from lien.audit.services import plug_in

        from .limitation import refuse_if_limited

        plug_in(refuse_if_limited=refuse_if_limited)
