from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "lien.web"
    verbose_name = _("Web interface")

    def ready(self) -> None:
        from lien.storage.prepared import BUILDERS

        from .audit.prepared import AUDIT_EXTRACT, build_extract
        from .prepared_files import STATISTICS_EXPORT, build_statistics_export

        # What the task worker runs to prepare a statistics export, an audit extract.
        BUILDERS[STATISTICS_EXPORT] = build_statistics_export
        BUILDERS[AUDIT_EXTRACT] = build_extract
