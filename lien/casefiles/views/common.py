"""What the case-file views share: rendering the file page (whole, or its body alone for
htmx) with the quick-entry forms, and the office a page is about. A service's refusal
lands on its form through `lien.base.forms.run_service`."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from lien.accounts.policy import Can, offices_where
from lien.base.forms import run_service
from lien.catalog.models import Family, Item
from lien.offices.models import Office

from ..aid.forms import AidRequestForm
from ..break_glass.selectors import active_grant_for
from ..files import selectors as file_selectors
from ..files.models import CaseFile, FileStatus
from ..notes.forms import NoteForm
from ..privacy_questions import privacy
from ..problems.forms import InterventionForm, ProblemForm
from ..scope import get_or_404, require_office


def entry_forms(page, **bound) -> dict:
    """The quick-entry forms of the file page, fresh unless a bound one (with its errors)
    is given."""
    forms = {}
    if page.can_edit_social:
        # The choices of the three forms in one query, read for a closed file too: the
        # page runs the same number of queries for every file.
        offered = list(Item.objects.offered(Family.PROBLEM, Family.INTERVENTION, Family.AID))
    if page.can_edit_social and page.casefile.status == FileStatus.OPEN:
        forms["problem_form"] = bound.get("problem_form") or ProblemForm(
            prefix="problem", offered=offered
        )
        forms["intervention_form"] = bound.get("intervention_form") or InterventionForm(
            prefix="intervention", open_problems=page.open_problems, offered=offered
        )
        forms["aid_form"] = bound.get("aid_form") or AidRequestForm(prefix="aid", offered=offered)
    if page.can_write_notes and page.casefile.status == FileStatus.OPEN:
        forms["note_form"] = bound.get("note_form") or NoteForm(
            prefix="note", casefile_id=page.casefile.pk
        )
    # A refused entry keeps its form and its error, even on a page that offers none (a
    # file frozen meanwhile).
    forms.update({name: form for name, form in bound.items() if form is not None})
    return forms


def _emergency_grant(actor, casefile):
    """The running emergency access through which the actor sees this file, if the file
    is not of their offices (no query otherwise)."""
    if casefile.office_id in offices_where(actor, Can.VIEW_IDENTITY):
        return None
    return active_grant_for(actor=actor, casefile_id=casefile.pk)


def render_file_page(request, pk, *, status=200, saved=None, refusal=None, **bound):
    """The file page, or only its body when htmx asked, so that quick entry during an
    interview never reloads the page."""
    page = file_selectors.file_page_for(actor=request.user, pk=pk)
    # The notices, oppositions, corrections and limitation: privacy's panel of the page.
    notice_status = privacy().file_panel_for(actor=request.user, casefile_id=pk)
    if notice_status is not None and notice_status.limitation is not None:
        page.freeze()
    context = {
        "page": page,
        "casefile": page.casefile,
        "notice_status": notice_status,
        "saved": saved,
        "refusal": refusal,
        "emergency_grant": _emergency_grant(request.user, page.casefile),
        **entry_forms(page, **bound),
    }
    template = "casefiles/casefile_detail.html"
    if request.htmx:
        template += "#file_body"
    return render(request, template, context, status=status)


def after_entry(request, pk, saved):
    """After a successful quick entry: the refreshed body for htmx, a redirect otherwise."""
    if request.htmx:
        return render_file_page(request, pk, saved=saved)
    messages.success(request, saved)
    return redirect("casefile_detail", pk=pk)


def require(request, capability: Can, office_id: int) -> None:
    """A form the user could not save answers 404 from the start, like the service would
    at the end, instead of letting them fill it in for nothing."""
    require_office(request.user, capability, office_id)


def require_file(request, pk, capability: Can) -> None:
    """The same for an entry posted on a file: refused before the form is even read, so
    that a role without the right learns nothing from the form's errors."""
    get_or_404(CaseFile.objects.all(), request.user, capability, pk, office_path="office_id")


def file_url(pk) -> str:
    return reverse("casefile_detail", args=[pk])


def today():
    return timezone.localdate()


def button_act(request, pk, call, saved):
    """A one-click act of the file page (close a problem, submit a request): a refusal,
    such as someone else's change in the meantime, is shown at the top of the body."""
    refusal: list[str] = []
    if run_service(refusal, call) is None:
        return render_file_page(request, pk, status=409, refusal=" ".join(refusal))
    return after_entry(request, pk, saved)


def chosen_office(request, capability=Can.VIEW_RECEPTION) -> Office:
    """The office asked for (?office=), else the first where the user has the right."""
    allowed = offices_where(request.user, capability)
    wanted = request.GET.get("office") or request.POST.get("office")
    if wanted:
        if not wanted.isdigit() or int(wanted) not in allowed:
            raise Http404
        office_id = int(wanted)
    elif allowed:
        office_id = min(allowed)
    else:
        raise Http404
    return Office.objects.get(pk=office_id)


def permitted_offices(request, capability=Can.VIEW_RECEPTION):
    """The offices where the user has the right, for the page's choice of office."""
    return Office.objects.filter(pk__in=offices_where(request.user, capability)).order_by("name")
