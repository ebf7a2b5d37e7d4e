from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "lien.privacy"
    verbose_name = _("Privacy and data protection")

    def ready(self) -> None:
        from lien.audit.services import plug_in

        from .answers import answer_the_case_files
        from .limitation import refuse_if_limited

        # The audit log and the case files stand below privacy and never import it: it
        # tells them at start-up what they need to know of the persons' rights.
        plug_in(refuse_if_limited=refuse_if_limited)
        answer_the_case_files()

        from lien.storage.prepared import BUILDERS

        from .prepared_documents import BUILDERS as DOCUMENT_BUILDERS

        # What the task worker runs to prepare the register's and the access export's PDF.
        BUILDERS.update(DOCUMENT_BUILDERS)
