"""The budget sheet's pages: its card (loaded by htmx into the file page, and the body of
the budget's own page), a line added or removed without reloading, a new dated version."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.accounts.policy import Can
from lien.base.forms import run_service
from lien.casefiles.scope import can_on_file

from ..files.entries import casefile_or_404
from ..files.models import FileStatus
from ..views.common import require_file, today
from . import selectors, services
from .forms import BudgetLineForm, NewBudgetForm
from .models import BudgetLine
from .summary import members_on

CARD = "casefiles/budget/budget_card.html"


def _card(
    request, casefile_id, *, status=200, line_form=None, new_form=None, saved=None, whole=False
):
    budget = selectors.budget_for(actor=request.user, casefile_id=casefile_id)
    casefile = casefile_or_404(request.user, casefile_id, Can.VIEW_SOCIAL)
    can_edit = can_on_file(request.user, Can.EDIT_SOCIAL, casefile) and (
        casefile.status == FileStatus.OPEN
    )
    current = budget.current
    if can_edit and current is not None and line_form is None:
        line_form = BudgetLineForm(
            prefix="line", members=members_on(casefile.household_id, current.sheet.dated_on)
        )
    if can_edit and new_form is None:
        new_form = NewBudgetForm(prefix="budget", initial={"dated_on": today()})
    context = {
        "casefile": casefile,
        "budget": budget,
        "current": current,
        "can_edit": can_edit,
        "line_form": line_form if can_edit else None,
        "new_form": new_form if can_edit else None,
        "saved": saved,
    }
    template = "casefiles/budget/budget_page.html" if whole else CARD
    return render(request, template, context, status=status)


def budget_card(request, pk: int):
    """The card alone, for the file page (htmx) or anyone who follows its link."""
    return _card(request, pk, whole=not request.htmx)


def budget_page(request, pk: int):
    return _card(request, pk, whole=True)


def budget_sheet(request, pk: int):
    """An earlier version, read only."""
    summary = selectors.budget_sheet_for(actor=request.user, pk=pk)
    return render(
        request,
        "casefiles/budget/budget_sheet.html",
        {"casefile": summary.sheet.casefile, "current": summary},
    )


@require_POST
def start_budget_sheet(request, pk: int):
    require_file(request, pk, Can.EDIT_SOCIAL)
    form = NewBudgetForm(request.POST, prefix="budget")
    if form.is_valid() and run_service(
        form,
        lambda: services.start_budget_sheet(
            actor=request.user, casefile_id=pk, dated_on=form.cleaned_data["dated_on"]
        ),
    ):
        return _card(
            request, pk, saved=_("New budget started from the last one."), whole=not request.htmx
        )
    return _card(request, pk, status=422, new_form=form, whole=not request.htmx)


@require_POST
def add_budget_line(request, pk: int):
    """`pk`: the budget sheet."""
    summary = selectors.budget_sheet_for(actor=request.user, pk=pk)
    casefile = summary.sheet.casefile
    require_file(request, casefile.pk, Can.EDIT_SOCIAL)
    form = BudgetLineForm(
        request.POST,
        prefix="line",
        members=members_on(casefile.household_id, summary.sheet.dated_on),
    )
    if form.is_valid() and run_service(
        form,
        lambda: services.add_budget_line(
            actor=request.user,
            sheet_id=pk,
            direction=form.cleaned_data["direction"],
            category=form.cleaned_data["category"],
            monthly_amount=form.cleaned_data["monthly_amount"],
            person_id=form.cleaned_data["person"],
            detail=form.cleaned_data["detail"],
        ),
    ):
        return _card(request, casefile.pk, saved=_("Budget line added."), whole=not request.htmx)
    return _card(request, casefile.pk, status=422, line_form=form, whole=not request.htmx)


@require_POST
def remove_budget_line(request, pk: int):
    """`pk`: the line. A line out of the user's reach answers 404 from the service."""
    casefile_id = BudgetLine.objects.filter(pk=pk).values_list("sheet__casefile_id", flat=True)
    found = casefile_id.first()
    refusal: list[str] = []
    run_service(refusal, lambda: services.remove_budget_line(actor=request.user, line_id=pk))
    if found is None:
        raise Http404
    saved = " ".join(refusal) if refusal else _("Budget line removed.")
    return _card(
        request, found, status=409 if refusal else 200, saved=saved, whole=not request.htmx
    )
