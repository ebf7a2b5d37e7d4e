"""The person's-rights pages: recording that a notice was given, the printable notice,
recording an opposition to statistics."""

from collections.abc import Callable

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lien.accounts.decorators import fresh_authentication_required
from lien.accounts.policy import Can, can
from lien.accounts.types import AuthenticatedRequest
from lien.base.forms import LienForm, run_service
from lien.casefiles.models import CaseFile, HouseholdMember
from lien.casefiles.scope import require_office

from . import prepared_documents, selectors, services
from .forms import (
    ApplyLimitationForm,
    CloseRequestForm,
    EraseFileForm,
    ExtendRequestForm,
    LiftLimitationForm,
    NoticeGivenForm,
    OppositionForm,
    RightsRequestForm,
)
from .limitation import limitation_in_force
from .models import NoticeMethod, NoticeText, RequestStatus, RightKind
from .releases import selectors as release_selectors


def _members(casefile: CaseFile) -> QuerySet[HouseholdMember]:
    return (
        HouseholdMember.objects.filter(household_id=casefile.household_id, left_on__isnull=True)
        .select_related("person")
        .order_by("relationship", "person__birth_date")
    )


def record_notice(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    status = selectors.notice_status_for(actor=request.user, casefile_id=pk)
    casefile = status.casefile
    require_office(request.user, Can.EDIT_IDENTITY, casefile.office_id)
    members = _members(casefile)
    initial: dict[str, object] = {"given_on": timezone.localdate(), "method": NoticeMethod.HANDED}
    if status.reference_person:
        initial["person"] = status.reference_person.pk
    form = NoticeGivenForm(request.POST or None, members=members, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form,
            lambda: services.record_notice_given(
                actor=request.user,
                casefile_id=pk,
                person_id=form.cleaned_data["person"],
                method=form.cleaned_data["method"],
                given_on=form.cleaned_data["given_on"],
            ),
        )
    ):
        messages.success(request, _("The information notice is recorded as given."))
        return redirect("casefile_detail", pk=pk)
    return render(
        request,
        "privacy/record_notice.html",
        {"casefile": casefile, "form": form, "status": status},
    )


def notice_print(request: AuthenticatedRequest, version: int | None = None) -> HttpResponse:
    """The notice as given to people, to print: not personal data, open to every agent."""
    if version is None:
        notice = NoticeText.current()
    else:
        notice = NoticeText.objects.filter(version=version).first()
    if notice is None:
        raise Http404
    return render(request, "privacy/notice_print.html", {"notice": notice})


def record_opposition(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The person opposes the statistical use of their data: recorded at once, it
    changes nothing to the help they receive."""
    status = selectors.notice_status_for(actor=request.user, casefile_id=pk)
    casefile = status.casefile
    require_office(request.user, Can.EDIT_IDENTITY, casefile.office_id)
    initial: dict[str, object] = {"opposed_on": timezone.localdate()}
    if status.reference_person:
        initial["person"] = status.reference_person.pk
    form = OppositionForm(request.POST or None, members=_members(casefile), initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form,
            lambda: services.record_statistics_opposition(
                actor=request.user,
                casefile_id=pk,
                person_id=form.cleaned_data["person"],
                opposed_on=form.cleaned_data["opposed_on"],
            ),
        )
    ):
        messages.success(request, _("The opposition to statistics is recorded."))
        return redirect("casefile_detail", pk=pk)
    return render(
        request,
        "privacy/record_opposition.html",
        {"casefile": casefile, "form": form, "status": status},
    )


def rights_requests(request: AuthenticatedRequest) -> HttpResponse:
    """The DPO's list of open requests with their deadlines, and the form to register one."""
    form = RightsRequestForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST":
        if not can(request.user, Can.HANDLE_RIGHTS_REQUESTS):
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            created = run_service(
                form,
                lambda: services.open_rights_request(
                    actor=request.user,
                    casefile_id=data["casefile"],
                    person_name=data["person_name"],
                    kind=data["kind"],
                    received_on=data["received_on"],
                ),
            )
            if created:
                messages.success(
                    request,
                    _("The request is registered: answer due on %(date)s.")
                    % {"date": date_format(created.due_on, "DATE_FORMAT")},
                )
                return redirect("rights_request", pk=created.pk)
    elif not can(request.user, Can.HANDLE_RIGHTS_REQUESTS):
        raise Http404
    return render(
        request,
        "privacy/rights_requests.html",
        {
            "requests": selectors.open_rights_requests_for(actor=request.user),
            "form": form,
            "today": timezone.localdate(),
        },
        status=422 if request.method == "POST" else 200,
    )


def rights_request(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One request: extend its deadline once, or record the answer."""
    rights = selectors.rights_request_for(actor=request.user, pk=pk)
    act = request.POST.get("act")
    limitation = limitation_in_force(rights.casefile_id)
    limit_form = ApplyLimitationForm(request.POST if act == "limit" else None, prefix="limit")
    lift_form = LiftLimitationForm(request.POST if act == "lift" else None, prefix="lift")
    erase_form = EraseFileForm(request.POST if act == "erase" else None, prefix="erase")
    extend_form = ExtendRequestForm(
        request.POST if request.POST.get("act") == "extend" else None, prefix="extend"
    )
    close_form = CloseRequestForm(
        request.POST if request.POST.get("act") == "close" else None,
        prefix="close",
        initial={"closed_on": timezone.localdate()},
    )
    if request.method == "POST":
        actions: dict[str, tuple[LienForm, Callable[[], object]]] = {
            "extend": (
                extend_form,
                lambda: services.extend_rights_request(
                    actor=request.user, request_id=pk, reason=extend_form.cleaned_data["reason"]
                ),
            ),
            "close": (
                close_form,
                lambda: services.close_rights_request(
                    actor=request.user, request_id=pk, **close_form.cleaned_data
                ),
            ),
            "limit": (
                limit_form,
                lambda: services.apply_limitation(
                    actor=request.user, request_id=pk, reason=limit_form.cleaned_data["reason"]
                ),
            ),
            "erase": (
                erase_form,
                lambda: services.erase_file(
                    actor=request.user, request_id=pk, reason=erase_form.cleaned_data["reason"]
                ),
            ),
            "lift": (
                lift_form,
                lambda: services.lift_limitation(
                    actor=request.user,
                    limitation_id=limitation.pk if limitation else 0,  # none in force: 404
                    reason=lift_form.cleaned_data["reason"],
                ),
            ),
        }
        form, call = actions.get(act or "", (None, None))
        if form is not None and call is not None and form.is_valid() and run_service(form, call):
            messages.success(request, _("The request is updated."))
            return redirect("rights_request", pk=pk)
    overview = None
    if rights.kind == RightKind.ACCESS and rights.status == RequestStatus.OPEN:
        overview = release_selectors.release_overview_for(actor=request.user, request_id=pk)
    return render(
        request,
        "privacy/rights_request.html",
        {
            "rights": rights,
            "notes": overview,
            "extend_form": extend_form,
            "close_form": close_form,
            "limitation": limitation,
            "limit_form": limit_form,
            "lift_form": lift_form,
            "erase_form": erase_form,
        },
        status=422 if request.method == "POST" else 200,
    )


@fresh_authentication_required
def access_export(request: AuthenticatedRequest, pk: int, fmt: str) -> HttpResponse:
    """The JSON at once; the PDF, which can take several seconds for a long file, is
    prepared by the task worker (prepared_documents.py) and offered on its own page."""
    try:
        if fmt == "pdf":
            overview = release_selectors.release_overview_for(actor=request.user, request_id=pk)
            if not overview.complete:
                raise selectors.NotesNotReleased(overview.waiting)
            file = prepared_documents.ask_access_export_pdf(user=request.user, request_id=pk)
            return redirect("prepared_file", pk=file.pk)
        rights, export = selectors.access_export_for(actor=request.user, request_id=pk)
    except selectors.NotesNotReleased as waiting:
        messages.error(
            request,
            ngettext(
                "The export cannot be produced yet: %(count)s note is waiting for its author.",
                "The export cannot be produced yet: %(count)s notes are waiting for their authors.",
                waiting.waiting,
            )
            % {"count": waiting.waiting},
        )
        return redirect("rights_request", pk=pk)
    filename = f"export-acces-demande-{rights.pk}"
    as_json = JsonResponse(export, json_dumps_params={"ensure_ascii": False, "indent": 2})
    as_json["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return as_json
