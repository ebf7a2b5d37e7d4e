"""Reading an archived file: a few roles, a reason, every read logged."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lien.audit.models import Action
from lien.audit.services import record_for_file
from lien.casefiles.models import CaseFile

from .access import archive_keeper_or_404, file_or_404


def archived_casefile_for(*, actor, pk, reason: str) -> CaseFile:
    """An archived file, for the manager of its office or the DPO, who must say why; the
    reason goes into the audit event of the read."""
    casefile = file_or_404(pk, archived_on__isnull=False)
    archive_keeper_or_404(actor, casefile)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for opening an archived file."))
    record_for_file(actor=actor, action=Action.VIEW, casefile=casefile, reason=reason[:200])
    return casefile
