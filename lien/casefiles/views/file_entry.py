"""Quick entry on the file page during an interview: problems, interventions, aid
requests and notes. Each form posts with htmx and gets the refreshed file body back."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.accounts.policy import Can

from .. import selectors, services
from ..forms import (
    AidDecisionForm,
    AidRequestForm,
    InterventionForm,
    NoteEditForm,
    NoteForm,
    ProblemForm,
)
from .common import (
    after_entry,
    button_act,
    render_file_page,
    require,
    require_file,
    run_service,
    today,
)


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
    page = selectors.file_page_for(actor=request.user, pk=pk)
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


@require_POST
def create_aid_request(request, pk: int):
    require_file(request, pk, Can.EDIT_SOCIAL)
    form = AidRequestForm(request.POST, prefix="aid")
    if form.is_valid() and run_service(
        form,
        lambda: services.create_aid_request(
            actor=request.user,
            casefile_id=pk,
            aid_type_id=form.cleaned_data["aid_type"].pk,
            amount_requested=form.cleaned_data["amount_requested"],
        ),
    ):
        return after_entry(request, pk, _("Aid request saved as a draft."))
    return render_file_page(request, pk, status=422, aid_form=form)


@require_POST
def submit_aid_request(request, pk: int):
    aid = selectors.aid_request_for(actor=request.user, pk=pk)
    return button_act(
        request,
        aid.casefile_id,
        lambda: services.submit_aid_request(actor=request.user, aid_request_id=pk),
        _("Aid request submitted."),
    )


def decide_aid_request(request, pk: int):
    aid = selectors.aid_request_for(actor=request.user, pk=pk)
    require(request, Can.EDIT_SOCIAL, aid.casefile.office_id)
    form = AidDecisionForm(request.POST or None, initial={"decided_on": today()})
    if request.method == "POST" and form.is_valid():
        granted = form.cleaned_data["decision"] == "granted"
        done = run_service(
            form,
            lambda: services.decide_aid_request(
                actor=request.user,
                aid_request_id=pk,
                granted=granted,
                amount_granted=form.cleaned_data["amount_granted"] if granted else None,
                decided_on=form.cleaned_data["decided_on"],
            ),
        )
        if done:
            return redirect("casefile_detail", pk=aid.casefile_id)
    return render(
        request,
        "casefiles/file_form.html",
        {
            "casefile": aid.casefile,
            "form": form,
            "title": _("Record the decision on the aid request"),
            "intro": _("%(aid)s: %(amount)s € requested.")
            % {"aid": aid.aid_type.label, "amount": aid.amount_requested},
        },
    )


@require_POST
def write_note(request, pk: int):
    require_file(request, pk, Can.WRITE_NOTES)
    form = NoteForm(request.POST, prefix="note", casefile_id=pk)
    if form.is_valid() and run_service(
        form,
        lambda: services.write_note(
            actor=request.user,
            casefile_id=pk,
            text=form.cleaned_data["text"],
            visibility=form.cleaned_data["visibility"],
        ),
    ):
        return after_entry(request, pk, _("Note saved."))
    return render_file_page(request, pk, status=422, note_form=form)


def edit_note(request, pk: int):
    note = selectors.note_for(actor=request.user, pk=pk)
    if note.author_id != request.user.pk:
        raise Http404  # only the author edits a note
    form = NoteEditForm(
        request.POST or None,
        initial={"text": note.text, "version": note.version},
        casefile_id=note.casefile_id,
    )
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.edit_note(
                actor=request.user,
                note_id=pk,
                text=form.cleaned_data["text"],
                expected_version=form.cleaned_data["version"],
            ),
        )
        if done:
            return redirect("casefile_detail", pk=note.casefile_id)
    return render(
        request,
        "casefiles/file_form.html",
        {
            "casefile": note.casefile,
            "form": form,
            "title": _("Edit the note"),
            "guard_target": form.guard_target,
        },
    )
