"""A file's reminders, ticking one done, and the manager's counts per office."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.accounts.policy import Can, can
from lien.base.forms import run_service

from ..views.common import require_file
from . import selectors, services
from .forms import DeadlineForm


def file_deadlines(request, pk: int):
    if request.method == "POST":
        require_file(request, pk, Can.EDIT_SOCIAL)
    page = selectors.deadlines_of_file_for(actor=request.user, casefile_id=pk)
    may_edit = can(request.user, Can.EDIT_SOCIAL, page.casefile.office_id)
    form = DeadlineForm(request.POST or None) if may_edit else None
    if form is not None and request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.add_deadline(actor=request.user, casefile_id=pk, **form.cleaned_data),
        )
        if done is not None:
            messages.success(request, _("Reminder recorded."))
            return redirect("file_deadlines", pk=pk)
    return render(
        request,
        "casefiles/deadlines.html",
        {"casefile": page.casefile, "deadlines": page.deadlines, "form": form},
    )


@require_POST
def toggle_deadline(request, pk: int):
    done = request.POST.get("done") == "1"
    version = request.POST.get("version", "")
    deadline = run_service(
        request,
        lambda: services.set_deadline_done(
            actor=request.user,
            deadline_id=pk,
            done=done,
            expected_version=int(version) if version.isdigit() else None,
        ),
    )
    if deadline is not None:
        messages.success(request, _("Reminder done.") if done else _("Reminder to do again."))
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return redirect("home")


def team_deadlines(request):
    if not can(request.user, Can.VIEW_OFFICE_AUDIT):
        raise Http404
    offices = selectors.team_deadlines_for(actor=request.user)
    return render(request, "casefiles/team_deadlines.html", {"offices": offices})
