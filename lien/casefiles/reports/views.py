"""The social report's pages: started from the aid request, written with the guard's
advice, read with the person, its copies as PDF for the committee and for the person."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.accounts.policy import Can
from lien.base.forms import run_service

from ..aid import selectors as aid_selectors
from ..budget.models import BudgetSheet
from ..scope import can_on_file
from ..views.common import require, today
from . import selectors, services
from .copies import Recipient
from .forms import AgreementForm, SocialReportForm
from .rendering import pdf_of


@require_POST
def start_social_report(request, pk: int):
    """`pk`: the aid request."""
    aid = aid_selectors.aid_request_for(actor=request.user, pk=pk)
    report = run_service(
        request, lambda: services.start_social_report(actor=request.user, aid_request_id=pk)
    )
    if report is None:
        return redirect("casefile_detail", pk=aid.casefile_id)
    return redirect("social_report", pk=report.pk)


def social_report(request, pk: int):
    report = selectors.social_report_for(actor=request.user, pk=pk)
    casefile = report.aid_request.casefile
    can_edit = can_on_file(request.user, Can.EDIT_SOCIAL, casefile) and (
        report.aid_request.status in services.OPEN_STATUSES
    )
    form = None
    if can_edit:
        form = SocialReportForm(
            request.POST or None,
            casefile_id=casefile.pk,
            sheets=BudgetSheet.objects.filter(casefile=casefile).order_by("-dated_on", "-pk"),
            initial={
                "situation": report.situation,
                "budget_sheet": report.budget_sheet_id,
                "tried": report.tried,
                "request_text": report.request_text,
                "text": report.assessment,
                "version": report.version,
            },
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            done = run_service(
                form,
                lambda: services.update_social_report(
                    actor=request.user,
                    report_id=pk,
                    situation=data["situation"],
                    tried=data["tried"],
                    request_text=data["request_text"],
                    assessment=data["text"],
                    budget_sheet_id=data["budget_sheet"],
                    expected_version=data["version"],
                ),
            )
            if done:
                messages.success(request, _("Social report saved."))
                return redirect("social_report", pk=pk)
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "casefiles/reports/social_report.html",
        {"report": report, "casefile": casefile, "form": form, "guard_target": "report-guard"},
    )


@require_POST
def record_report_agreement(request, pk: int):
    """From the "show to the person" view: the person agrees to the report."""
    report = selectors.social_report_for(actor=request.user, pk=pk)
    casefile_id = report.aid_request.casefile_id
    require(request, Can.EDIT_SOCIAL, report.aid_request.casefile.office_id)
    form = AgreementForm(request.POST)
    if form.is_valid():
        done = run_service(
            request,
            lambda: services.record_report_agreement(
                actor=request.user,
                report_id=pk,
                agreed_on=form.cleaned_data["agreed_on"],
                expected_version=form.cleaned_data["version"],
            ),
        )
        if done:
            messages.success(request, _("The person's agreement is recorded."))
    else:
        for error in form.errors.get("agreed_on", []):
            messages.error(request, str(error))
    return redirect("person_view", pk=casefile_id)


def social_report_pdf(request, pk: int, recipient: str):
    if recipient not in Recipient.values:
        raise Http404
    report, copy = selectors.report_copy_for(actor=request.user, pk=pk, recipient=recipient)
    pdf = pdf_of("casefiles/reports/social_report_pdf.html", {"copy": copy, "today": today()})
    response = HttpResponse(pdf, content_type="application/pdf")
    name = "rapport-social-commission" if recipient == Recipient.COMMITTEE else "rapport-social"
    response["Content-Disposition"] = f'attachment; filename="{name}-{report.pk}.pdf"'
    return response
