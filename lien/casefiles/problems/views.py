"""Quick entry of problems and interventions on the file page during an interview. Each
form posts with htmx and gets the refreshed file body back."""

from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.accounts.policy import Can
from lien.base.forms import run_service

from ..files import selectors as file_selectors
from ..views.common import (
    after_entry,
    button_act,
    render_file_page,
    require_file,
)
from . import selectors, services
from .forms import InterventionForm, ProblemForm


@require_POST
def open_problem(request, pk: int):
    require_file(request, pk, Can.EDIT_SOCIAL)
    form = ProblemForm(request.POST, prefix="problem")
    if form.is_valid() and run_service(
        form,
        lambda: services.open_problem(
            actor=request.user, casefile_id=pk, item_id=form.cleaned_data["item"].pk
        ),
    ):
        return after_entry(request, pk, _("Problem recorded."))
    return render_file_page(request, pk, status=422, problem_form=form)


@require_POST
def close_problem(request, pk: int):
    problem = selectors.problem_for(actor=request.user, pk=pk)
    version = request.POST.get("version", "")
    return button_act(
        request,
        problem.casefile_id,
        lambda: services.close_problem(
            actor=request.user,
            problem_id=pk,
            expected_version=int(version) if version.isdigit() else None,
        ),
        _("Problem closed."),
    )


@require_POST
def record_intervention(request, pk: int):
    require_file(request, pk, Can.EDIT_SOCIAL)
    page = file_selectors.file_page_for(actor=request.user, pk=pk)
    form = InterventionForm(request.POST, prefix="intervention", open_problems=page.open_problems)
    if form.is_valid() and run_service(
        form,
        lambda: services.record_intervention(
            actor=request.user,
            casefile_id=pk,
            item_id=form.cleaned_data["item"].pk,
            occurred_on=form.cleaned_data["occurred_on"],
            problem_ids=form.cleaned_data["problems"],
        ),
    ):
        return after_entry(request, pk, _("Intervention recorded."))
    return render_file_page(request, pk, status=422, intervention_form=form)
