from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StorageConfig(AppConfig):
    name = "lien.storage"
    verbose_name = _("Encrypted file storage")
