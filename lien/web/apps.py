from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "lien.web"
    verbose_name = _("Web interface")

    def ready(self) -> None:
        from lien.storage.prepared import BUILDERS

        from .annual_report_views import ANNUAL_REPORT, build_annual_report
        from .audit.prepared import AUDIT_EXTRACT, build_extract
        from .prepared_files import STATISTICS_EXPORT, build_statistics_export

        # What the task worker runs to prepare a statistics export, an audit extract.
        BUILDERS[STATISTICS_EXPORT] = build_statistics_export
        # And the annual report of an office or the département.
        BUILDERS[ANNUAL_REPORT] = build_annual_report
        BUILDERS[AUDIT_EXTRACT] = build_extract
