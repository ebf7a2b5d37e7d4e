"""Writes of the social report: started (pre-filled from the file), corrected, and the
person's agreement recorded. A change after the agreement clears it: the person agrees to
what is sent, not to an earlier text."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.accounts.models import User
from lien.accounts.policy import Can
from lien.audit.models import Action
from lien.audit.services import record_for_file
from lien.base.fields import format_euros

from ..aid.models import AidRequest, AidStatus
from ..budget.models import BudgetSheet
from ..budget.summary import latest_sheet
from ..files.entries import require_open
from ..privacy_questions import privacy
from ..scope import get_or_404
from ..versioning import bump_version
from .models import SocialReport
from .prefill import allowed_situation

# A report is written while the request is prepared or waits for its decision.
OPEN_STATUSES = (AidStatus.DRAFT, AidStatus.SUBMITTED)
MAX_SECTION = 8000


def _prefilled_situation(aid: AidRequest) -> str:
    return "\n".join(
        f"{value.item.label} : {value.item.display_value(value.value)}"
        for value in allowed_situation(aid.casefile)
    )


@transaction.atomic
def start_social_report(*, actor: User, aid_request_id: int) -> SocialReport:
    aid = get_or_404(
        AidRequest.objects.select_related("casefile", "aid_type"),
        actor,
        Can.EDIT_SOCIAL,
        aid_request_id,
    )
    require_open(aid.casefile)
    if aid.status not in OPEN_STATUSES:
        raise ValidationError(_("A social report is written before the decision."), code="status")
    if SocialReport.objects.filter(aid_request=aid).exists():
        raise ValidationError(_("This request already has its social report."), code="exists")
    report = SocialReport.objects.create(
        aid_request=aid,
        situation=_prefilled_situation(aid),
        budget_sheet=latest_sheet(aid.casefile_id),
        request_text=_("%(aid)s: %(amount)s requested.")
        % {"aid": aid.aid_type.label, "amount": format_euros(aid.amount_requested)},
        written_by=actor,
    )
    record_for_file(actor=actor, action=Action.CREATE, casefile=aid.casefile, obj=report)
    return report


def _report_to_edit(actor: User, report_id: int) -> SocialReport:
    report = get_or_404(
        SocialReport.objects.select_related("aid_request__casefile", "aid_request__aid_type"),
        actor,
        Can.EDIT_SOCIAL,
        report_id,
        office_path="aid_request__casefile__office_id",
    )
    require_open(report.aid_request.casefile)
    if report.aid_request.status not in OPEN_STATUSES:
        raise ValidationError(
            _("The request was decided: its social report is kept as it was sent."),
            code="status",
        )
    return report


@transaction.atomic
def update_social_report(
    *,
    actor: User,
    report_id: int,
    situation: str,
    tried: str,
    request_text: str,
    assessment: str,
    budget_sheet_id: int | None = None,
    expected_version: int | None = None,
) -> SocialReport:
    report = _report_to_edit(actor, report_id)
    texts = {
        "situation": (situation or "").strip(),
        "tried": (tried or "").strip(),
        "request_text": (request_text or "").strip(),
        "assessment": (assessment or "").strip(),
    }
    too_long = {
        name: _("At most %(max)s characters.") % {"max": MAX_SECTION}
        for name, text in texts.items()
        if len(text) > MAX_SECTION
    }
    if too_long:
        raise ValidationError(too_long, code="too_long")
    casefile = report.aid_request.casefile
    sheet = None
    if budget_sheet_id is not None:
        sheet = BudgetSheet.objects.filter(pk=budget_sheet_id, casefile=casefile).first()
        if sheet is None:
            raise ValidationError(
                {"budget_sheet": _("Choose a budget of this file.")}, code="budget"
            )
    bump_version(report, expected_version)
    before = report.assessment
    changed = any(getattr(report, name) != text for name, text in texts.items()) or (
        report.budget_sheet_id != (sheet.pk if sheet else None)
    )
    for name, text in texts.items():
        setattr(report, name, text)
    report.budget_sheet = sheet
    if changed:
        report.agreed_on, report.agreement_recorded_by = None, None
    report.save()
    privacy().count_in_aggregate(report.assessment, before=before)
    record_for_file(actor=actor, action=Action.UPDATE, casefile=casefile, obj=report)
    return report


@transaction.atomic
def record_report_agreement(
    *,
    actor: User,
    report_id: int,
    agreed_on: date | None = None,
    expected_version: int | None = None,
) -> SocialReport:
    """The person read the report (the "show to the person" view) and agrees to it being
    sent to the committee."""
    report = _report_to_edit(actor, report_id)
    today = timezone.localdate()
    agreed_on = agreed_on or today
    if agreed_on > today:
        raise ValidationError({"agreed_on": _("The date cannot be in the future.")})
    if not report.assessment.strip():
        raise ValidationError(
            _("Write the assessment before the person is asked to agree."), code="empty"
        )
    bump_version(report, expected_version)
    report.agreed_on, report.agreement_recorded_by = agreed_on, actor
    report.save()
    record_for_file(
        actor=actor,
        action=Action.UPDATE,
        casefile=report.aid_request.casefile,
        obj=report,
        reason=_("the person agreed to the social report"),
    )
    return report
