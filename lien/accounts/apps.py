from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "lien.accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from lien.audit.services import plug_in

        from . import signals  # noqa: F401
        from .policy import office_roles

        plug_in(office_roles=office_roles)
