"""The file page, its "show to the person" view, the acts on the file as a whole
(closing, reopening, transferring), the social worker's caseload, and the manager's view
of an office: its files with their referents, reassignment, and the recent visits to
files nobody follows yet. No figure per worker, anywhere."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from lien.accounts.policy import Can
from lien.base.confirm import confirmation_page, confirmed
from lien.base.forms import run_service
from lien.offices.models import Office

from ..appointments import selectors as appointment_selectors
from ..appointments.services import OPEN_STATUSES
from ..reports import selectors as report_selectors
from ..reports import services as report_services
from ..views.common import (
    chosen_office,
    permitted_offices,
    render_file_page,
    require,
    today,
)
from ..visits import selectors as visit_selectors
from . import selectors, services
from .forms import CaseloadFilterForm, CloseFileForm, ReassignForm, TransferForm
from .models import CloseReason, FileStatus


def casefile_detail(request, pk: int):
    return render_file_page(request, pk)


def person_view(request, pk: int):
    """What is recorded about the household, in plain words and large type, to be read
    together with the person: nothing internal (no notes, no agents' names)."""
    page = selectors.file_page_for(actor=request.user, pk=pk)
    # The social reports, as the person's copy, with their agreement asked for.
    reports = report_selectors.reports_for_person_view(actor=request.user, casefile_id=pk)
    return render(
        request,
        "casefiles/person_view.html",
        {
            "page": page,
            "casefile": page.casefile,
            "reports": reports,
            "can_record_agreement": page.can_edit_social,
            "report_open_statuses": report_services.OPEN_STATUSES,
            "today": today(),
        },
    )


def _what_stays_open(page) -> list[str]:
    """What closing the file leaves behind, said before it is closed."""
    found = []
    problems = page.open_problems
    if problems:
        found.append(
            ngettext(
                "%(count)s problem is still open: %(labels)s.",
                "%(count)s problems are still open: %(labels)s.",
                len(problems),
            )
            % {"count": len(problems), "labels": ", ".join(p.item.label for p in problems)}
        )
    for appointment in page.appointments:
        if (
            appointment.status in OPEN_STATUSES
            and timezone.localdate(appointment.starts_at) >= today()
        ):
            found.append(
                _("An appointment with %(person)s is planned on %(when)s: it stays planned.")
                % {
                    "person": appointment.person.full_name,
                    "when": date_format(
                        timezone.localtime(appointment.starts_at), "SHORT_DATETIME_FORMAT"
                    ),
                }
            )
    return found


def close_casefile(request, pk: int):
    page = selectors.file_page_for(actor=request.user, pk=pk)
    casefile = page.casefile
    require(request, Can.EDIT_SOCIAL, casefile.office_id)
    form = CloseFileForm(
        request.POST or None, initial={"version": casefile.version, "closed_on": today()}
    )
    if request.method == "POST" and form.is_valid() and not confirmed(request):
        return confirmation_page(
            request,
            title=_("Close the file?"),
            question=_("The file of %(name)s will be closed (%(reason)s).")
            % {
                "name": page.reference_person.full_name if page.reference_person else casefile.pk,
                "reason": CloseReason(form.cleaned_data["reason"]).label,
            },
            consequences=_what_stays_open(page),
            confirm_label=_("Close the file"),
            back_url=reverse("casefile_detail", args=[pk]),
            back_label=_("Keep the file open"),
        )
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.close_casefile(
                actor=request.user,
                casefile_id=pk,
                reason=form.cleaned_data["reason"],
                closed_on=form.cleaned_data["closed_on"],
                expected_version=form.cleaned_data["version"],
            ),
        )
        if done:
            messages.success(request, _("The file is closed."))
            return redirect("casefile_detail", pk=pk)
    return render(
        request,
        "casefiles/file_form.html",
        {
            "casefile": casefile,
            "form": form,
            "title": _("Close the file"),
            "intro": " ".join(_what_stays_open(page)),
            "submit_label": _("Close the file"),
        },
    )


@require_POST
def reopen_casefile(request, pk: int):
    if run_service(request, lambda: services.reopen_casefile(actor=request.user, casefile_id=pk)):
        messages.success(request, _("The file is open again."))
    return redirect("casefile_detail", pk=pk)


def transfer_casefile(request, pk: int):
    casefile = selectors.casefile_for(actor=request.user, pk=pk)
    require(request, Can.EDIT_SOCIAL, casefile.office_id)
    # Offices are the organisation's public structure, not personal data.
    offices = Office.objects.exclude(pk=casefile.office_id).order_by("name")
    form = TransferForm(
        request.POST or None, offices=offices, initial={"version": casefile.version}
    )
    if request.method == "POST" and form.is_valid() and not confirmed(request):
        receiving = Office.objects.get(pk=form.cleaned_data["office"])
        return confirmation_page(
            request,
            title=_("Transfer the file?"),
            question=_(
                "The file will be handed over to %(office)s, which will give it a referent. "
                "You will no longer have access to it, and only %(office)s can send it back."
            )
            % {"office": receiving.name},
            consequences=[_("Reason given: %(reason)s") % {"reason": form.cleaned_data["reason"]}],
            confirm_label=_("Transfer the file to %(office)s") % {"office": receiving.name},
            back_url=reverse("casefile_detail", args=[pk]),
            back_label=_("Keep the file here"),
        )
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.transfer_casefile(
                actor=request.user,
                casefile_id=pk,
                office_id=form.cleaned_data["office"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            ),
        )
        if done:
            messages.success(
                request,
                _("The file was transferred to %(office)s. It is no longer in your caseload.")
                % {"office": done.office.name},
            )
            return redirect("home")
    return render(
        request,
        "casefiles/file_form.html",
        {
            "casefile": casefile,
            "form": form,
            "title": _("Transfer the file to another office"),
            "intro": _(
                "The receiving office will see the whole file and give it a referent. "
                "You will no longer have access to it. The transfer and its reason are logged."
            ),
            "submit_label": _("Transfer the file"),
        },
    )


def caseload(request):
    form = CaseloadFilterForm(request.GET or None)
    filters = selectors.CaseloadFilters()
    if form.is_valid():
        data = form.cleaned_data
        status = data.get("status") or FileStatus.OPEN
        filters = selectors.CaseloadFilters(
            status="" if status == "all" else status,
            quiet_days=data.get("quiet_days"),
            with_open_problems=bool(data.get("with_open_problems")),
        )
    caseload_page = selectors.caseload_for(
        actor=request.user, filters=filters, page=_page_number(request.GET.get("page"))
    )
    template = "casefiles/caseload.html"
    if request.htmx:
        template += "#caseload_table"
    return render(
        request,
        template,
        {"form": form, "page": caseload_page, "files": caseload_page.files},
    )


def _page_number(text: str | None) -> int:
    """A page number from the link; anything else is the first page (one past the last
    is the last: the selector bounds it)."""
    try:
        return max(1, int(text or ""))  # no number: ValueError, the first page
    except (TypeError, ValueError):
        return 1


def office_files(request):
    office = chosen_office(request, Can.ASSIGN_REFERENT)
    status = request.GET.get("status", FileStatus.OPEN)
    if status not in (FileStatus.OPEN, FileStatus.CLOSED):
        status = FileStatus.OPEN
    files = selectors.office_files_for(actor=request.user, office_id=office.pk, status=status)
    workers = appointment_selectors.workers_of_office(actor=request.user, office_id=office.pk)
    rows = [
        (
            casefile,
            ReassignForm(
                workers=workers,
                prefix=f"file-{casefile.pk}",
                initial={"referent": casefile.referent_id, "version": casefile.version},
            ),
        )
        for casefile in files
    ]
    return render(
        request,
        "casefiles/office_files.html",
        {
            "office": office,
            "offices": permitted_offices(request, Can.ASSIGN_REFERENT),
            "rows": rows,
            "status": status,
            "unassigned_count": sum(1 for f in files if f.referent_id is None),
            "visits": visit_selectors.unassigned_visits_for(
                actor=request.user, office_id=office.pk
            ),
        },
    )


@require_POST
def reassign(request, pk: int):
    casefile = selectors.casefile_for(actor=request.user, pk=pk)
    workers = appointment_selectors.workers_of_office(
        actor=request.user, office_id=casefile.office_id
    )
    form = ReassignForm(request.POST, workers=workers, prefix=f"file-{pk}")
    saved = False
    if form.is_valid():
        assigned = run_service(
            form,
            lambda: services.assign_referent(
                actor=request.user,
                casefile_id=pk,
                referent_id=form.cleaned_data["referent"],
                expected_version=form.cleaned_data["version"],
            ),
            field="referent",  # the row shows the referent's errors only
        )
        if assigned:
            casefile, saved = assigned, True
            form = ReassignForm(
                workers=workers,
                prefix=f"file-{pk}",
                initial={"referent": casefile.referent_id, "version": casefile.version},
            )
    if not request.htmx:
        return redirect(f"{reverse('office_files')}?office={casefile.office_id}")
    casefile = selectors.casefile_for(actor=request.user, pk=pk)
    return render(
        request,
        "casefiles/includes/office_file_row.html",
        {"casefile": casefile, "form": form, "saved": saved},
        status=200 if saved else 422,
    )
