"""The person's-rights pages: recording that a notice was given, the printable notice,
recording an opposition to statistics."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.accounts.policy import Can
from lien.casefiles.models import HouseholdMember
from lien.casefiles.scope import require_office
from lien.web.forms import add_service_errors

from . import selectors, services
from .forms import NoticeGivenForm, OppositionForm
from .models import NoticeText


def _members(casefile):
    return (
        HouseholdMember.objects.filter(household_id=casefile.household_id, left_on__isnull=True)
        .select_related("person")
        .order_by("relationship", "person__birth_date")
    )


def record_notice(request, pk: int):
    status = selectors.notice_status_for(actor=request.user, casefile_id=pk)
    casefile = status.casefile
    require_office(request.user, Can.EDIT_IDENTITY, casefile.office_id)
    members = _members(casefile)
    initial = {"given_on": timezone.localdate(), "method": "handed"}
    if status.reference_person:
        initial["person"] = status.reference_person.pk
    form = NoticeGivenForm(request.POST or None, members=members, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_notice_given(
                actor=request.user,
                casefile_id=pk,
                person_id=form.cleaned_data["person"],
                method=form.cleaned_data["method"],
                given_on=form.cleaned_data["given_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The information notice is recorded as given."))
            return redirect("casefile_detail", pk=pk)
    return render(
        request,
        "privacy/record_notice.html",
        {"casefile": casefile, "form": form, "status": status},
    )


def notice_print(request, version: int | None = None):
    """The notice as given to people, to print: not personal data, open to every agent."""
    if version is None:
        notice = NoticeText.current()
    else:
        notice = NoticeText.objects.filter(version=version).first()
    if notice is None:
        raise Http404
    return render(request, "privacy/notice_print.html", {"notice": notice})


def record_opposition(request, pk: int):
    """The person opposes the statistical use of their data: recorded at once, it
    changes nothing to the help they receive."""
    status = selectors.notice_status_for(actor=request.user, casefile_id=pk)
    casefile = status.casefile
    require_office(request.user, Can.EDIT_IDENTITY, casefile.office_id)
    initial = {"opposed_on": timezone.localdate()}
    if status.reference_person:
        initial["person"] = status.reference_person.pk
    form = OppositionForm(request.POST or None, members=_members(casefile), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_statistics_opposition(
                actor=request.user,
                casefile_id=pk,
                person_id=form.cleaned_data["person"],
                opposed_on=form.cleaned_data["opposed_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The opposition to statistics is recorded."))
            return redirect("casefile_detail", pk=pk)
    return render(
        request,
        "privacy/record_opposition.html",
        {"casefile": casefile, "form": form, "status": status},
    )
