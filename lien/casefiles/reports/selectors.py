"""Reads of the social report: the worker's page, and a copy for one recipient. Secretaries
see none of it (VIEW_SOCIAL), like the aid requests."""

from django.utils.translation import gettext as _

from lien.accounts.policy import Can
from lien.audit.models import Action
from lien.audit.services import record_for_file

from ..scope import get_or_404, in_scope
from .copies import Recipient, report_copy
from .models import SocialReport

_RELATED = ("aid_request__casefile__office", "aid_request__aid_type", "budget_sheet")


def social_report_for(*, actor, pk: int) -> SocialReport:
    report = get_or_404(
        SocialReport.objects.select_related(*_RELATED),
        actor,
        Can.VIEW_SOCIAL,
        pk,
        office_path="aid_request__casefile__office_id",
    )
    record_for_file(
        actor=actor, action=Action.VIEW, casefile=report.aid_request.casefile, obj=report
    )
    return report


def report_copy_for(*, actor, pk: int, recipient: str) -> tuple[SocialReport, dict]:
    """A copy for the committee or the person: its production is an audit event that says
    for whom."""
    report = get_or_404(
        SocialReport.objects.select_related(*_RELATED),
        actor,
        Can.VIEW_SOCIAL,
        pk,
        office_path="aid_request__casefile__office_id",
    )
    copy = report_copy(report, recipient)
    record_for_file(
        actor=actor,
        action=Action.EXPORT,
        casefile=report.aid_request.casefile,
        obj=report,
        reason=str(Recipient(recipient).label),
    )
    return report, copy


def reports_for_person_view(*, actor, casefile_id: int) -> list[tuple[SocialReport, dict]]:
    """The person's copy of each report of the file, for the "show to the person" view;
    each report shown is an audit event of its own."""
    reports = in_scope(
        SocialReport.objects.filter(aid_request__casefile_id=casefile_id).select_related(*_RELATED),
        actor,
        Can.VIEW_SOCIAL,
        office_path="aid_request__casefile__office_id",
    )
    shown = []
    for report in reports.order_by("pk"):
        record_for_file(
            actor=actor,
            action=Action.VIEW,
            casefile=report.aid_request.casefile,
            obj=report,
            reason=_("shown to the person"),
        )
        shown.append((report, report_copy(report, Recipient.PERSON)))
    return shown
