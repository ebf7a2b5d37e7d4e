from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StorageConfig(AppConfig):
    name = "lien.storage"
    verbose_name = _("Encrypted file storage")

    def ready(self) -> None:
        from lien.background.jobs import ON_FAILURE
        from lien.background.recovery import EXTRA_SWEEPS

        from .prepared import KIND, erase_expired, erase_on_failure

        # Prepared files are erased a day after they were asked for, and emptied when
        # their building failed.
        ON_FAILURE[KIND] = erase_on_failure
        EXTRA_SWEEPS.append(erase_expired)
