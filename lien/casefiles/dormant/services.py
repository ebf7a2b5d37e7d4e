"""Closing a dormant file: by its referent (or a social worker of the office) once it is
dormant, by the office's manager once the grace period is over. Closed with the reason
"no contact for a long time", the file enters the retention path: the retention engine
archives it when its period after the closure is over."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.accounts.models import User
from lien.accounts.policy import Can, can
from lien.audit.models import Action
from lien.audit.services import record_for_file

from .. import statistics
from ..files.models import CaseFile, CloseReason, FileStatus
from ..scope import files_in_scope
from .period import dormant, dormant_after


@transaction.atomic
def close_dormant_file(*, actor: User, casefile_id: int) -> CaseFile:
    reachable = files_in_scope(actor, Can.EDIT_SOCIAL) | files_in_scope(actor, Can.ASSIGN_REFERENT)
    casefile = reachable.select_for_update().filter(pk=casefile_id).first()
    if casefile is None:
        raise Http404
    today = timezone.localdate()
    if casefile.status != FileStatus.OPEN:
        raise ValidationError(_("This file is already closed."), code="closed")
    if not dormant(CaseFile.objects.filter(pk=casefile.pk), dormant_after(today)).exists():
        raise ValidationError(
            _("This file had a contact less than %(months)s months ago: it is not dormant.")
            % {"months": settings.LIEN_DORMANT_MONTHS},
            code="not_dormant",
        )
    if not can(actor, Can.EDIT_SOCIAL, casefile.office_id):
        # The manager: once the referent had the grace period to act.
        late = dormant_after(today - timedelta(days=settings.LIEN_DORMANT_GRACE_DAYS))
        if (
            casefile.referent_id is not None
            and not dormant(CaseFile.objects.filter(pk=casefile.pk), late).exists()
        ):
            raise ValidationError(
                _("The referent is asked first: the manager may close it from %(days)s days on.")
                % {"days": settings.LIEN_DORMANT_GRACE_DAYS},
                code="grace",
            )
    casefile.status, casefile.closed_on, casefile.close_reason = (
        FileStatus.CLOSED,
        today,
        CloseReason.NO_CONTACT,
    )
    casefile.version += 1
    casefile.save()
    statistics.record(casefile, statistics.Kind.FILE_CLOSED, today)
    record_for_file(
        actor=actor, action=Action.UPDATE, casefile=casefile, reason=_("dormant file closed")
    )
    return casefile
