from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasefilesConfig(AppConfig):
    name = "lien.casefiles"
    verbose_name = _("Case files")

    def ready(self):
        from lien.background.jobs import ON_FAILURE
        from lien.background.recovery import EXTRA_SWEEPS
        from lien.catalog.selectors import ITEM_USES

        from .imports.tasks import KIND, abandon_forgotten_uploads, erase_on_failure
        from .models import AidRequest, Intervention, Problem, SituationValue

        # What the catalogue's usage report counts as a use of an item.
        ITEM_USES.extend(
            [
                (SituationValue, "recorded_at__date", "casefile__office_id", "item_id"),
                (Problem, "opened_on", "casefile__office_id", "item_id"),
                (Intervention, "occurred_on", "casefile__office_id", "item_id"),
                (AidRequest, "created_at__date", "casefile__office_id", "aid_type_id"),
            ]
        )
        # A failed or stuck import job fails its import and erases its uploaded file.
        ON_FAILURE[KIND] = erase_on_failure
        EXTRA_SWEEPS.append(abandon_forgotten_uploads)
