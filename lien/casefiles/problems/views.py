"""Quick entry of problems and interventions on the file page during an interview. Each
form posts with htmx and gets the refreshed file body back."""

from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.accounts.policy import Can
from lien.base.forms import run_service

from ..files import selectors as file_selectors
from ..views.common import (
    INTERVENTION_ENTRY,
    PROBLEMS_CARD,
    TIMELINE,
    after_entry,
    button_act,
    intervention_draft,
    render_file_page,
    require_file,
)
from . import selectors, services
from .forms import InterventionForm, ProblemForm


@require_POST
def open_problem(request, pk: int):
    require_file(request, pk, Can.EDIT_SOCIAL)
    form = ProblemForm(request.POST, prefix="problem")
    problem = form.is_valid() and run_service(
        form,
        lambda: services.open_problem(
            actor=request.user, casefile_id=pk, item_id=form.cleaned_data["item"].pk
        ),
    )
    if problem:
        # The new problem is ticked in the intervention form: the intervention that
        # follows in the interview is most often about it.
        return after_entry(
            request,
            pk,
            _("Problem recorded."),
            cards=(PROBLEMS_CARD, INTERVENTION_ENTRY),
            draft=intervention_draft(request, tick=problem.pk),
        )
    return render_file_page(request, pk, status=422, problem_form=form, cards=(PROBLEMS_CARD,))


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
        cards=(PROBLEMS_CARD, INTERVENTION_ENTRY),
        draft=intervention_draft(request, untick=pk),
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
        return after_entry(
            request, pk, _("Intervention recorded."), cards=(INTERVENTION_ENTRY, TIMELINE)
        )
    return render_file_page(
        request, pk, status=422, intervention_form=form, cards=(INTERVENTION_ENTRY,)
    )
