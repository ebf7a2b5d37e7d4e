"""The legal hold: suspends the retention engine for one file."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.accounts.models import User
from lien.audit.models import Action
from lien.audit.services import record_for_file
from lien.casefiles.models import CaseFile

from .access import archive_keeper_or_404, file_or_404


@transaction.atomic
def set_legal_hold(*, actor: User, casefile_id: int, held: bool, reason: str) -> CaseFile:
    """Puts a file under legal hold (litigation, a judge's request) or lifts it. The
    manager of the file's office or the DPO, with a reason."""
    casefile = file_or_404(casefile_id)
    archive_keeper_or_404(actor, casefile)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the legal hold."))
    CaseFile.objects.filter(pk=casefile.pk).update(
        legal_hold=held, legal_hold_reason=reason[:200] if held else "", updated_at=timezone.now()
    )
    casefile.refresh_from_db()
    record_for_file(
        actor=actor,
        action=Action.UPDATE,
        casefile=casefile,
        reason=(_("legal hold set: %(reason)s") if held else _("legal hold lifted: %(reason)s"))
        % {"reason": reason[:150]},
    )
    return casefile
