"""Quick entry of aid requests on the file page; a draft's correction and deletion; the
submission; the decision (or the person's withdrawal) and its correction."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.accounts.policy import Can
from lien.base.fields import format_euros
from lien.base.forms import LienForm, run_service

from ..views.common import (
    AID_CARD,
    AID_ENTRY,
    TIMELINE,
    after_entry,
    button_act,
    render_file_page,
    require,
    require_file,
    today,
)
from . import selectors, services
from .forms import AidDecisionForm, AidRequestForm
from .models import AidStatus


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
        return after_entry(
            request, pk, _("Aid request saved as a draft."), cards=(AID_ENTRY, AID_CARD, TIMELINE)
        )
    return render_file_page(request, pk, status=422, aid_form=form, cards=(AID_ENTRY,))


def _aid_page(request, aid, form, title, **extra):
    return render(
        request,
        "casefiles/file_form.html",
        {
            "casefile": aid.casefile,
            "form": form,
            "title": title,
            "intro": _("%(aid)s: %(amount)s requested.")
            % {"aid": aid.aid_type.label, "amount": format_euros(aid.amount_requested)},
            **extra,
        },
    )


def edit_aid_draft(request, pk: int):
    aid = selectors.aid_request_for(actor=request.user, pk=pk)
    require(request, Can.EDIT_SOCIAL, aid.casefile.office_id)
    form = AidRequestForm(
        request.POST or None,
        initial={
            "aid_type": aid.aid_type_id,
            "amount_requested": aid.amount_requested,
            "version": aid.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.update_aid_draft(
                actor=request.user,
                aid_request_id=pk,
                aid_type_id=form.cleaned_data["aid_type"].pk,
                amount_requested=form.cleaned_data["amount_requested"],
                expected_version=form.cleaned_data["version"],
            ),
        )
        if done:
            messages.success(request, _("Draft aid request corrected."))
            return redirect("casefile_detail", pk=aid.casefile_id)
    return _aid_page(request, aid, form, _("Correct the draft aid request"))


def delete_aid_draft(request, pk: int):
    """A page that asks first; the deletion is its POST."""
    aid = selectors.aid_request_for(actor=request.user, pk=pk)
    require(request, Can.EDIT_SOCIAL, aid.casefile.office_id)
    form = LienForm(request.POST or None)
    if request.method == "POST":
        run_service(form, lambda: services.delete_aid_draft(actor=request.user, aid_request_id=pk))
        if not form.errors:
            messages.success(request, _("Draft aid request deleted."))
            return redirect("casefile_detail", pk=aid.casefile_id)
    return _aid_page(
        request,
        aid,
        form,
        _("Delete the draft aid request?"),
        submit_label=_("Delete the draft"),
        danger=True,
    )


@require_POST
def submit_aid_request(request, pk: int):
    aid = selectors.aid_request_for(actor=request.user, pk=pk)
    return button_act(
        request,
        aid.casefile_id,
        lambda: services.submit_aid_request(actor=request.user, aid_request_id=pk),
        _("Aid request submitted."),
        cards=(AID_CARD, TIMELINE),
    )


def _outcome(form) -> services.Outcome:
    data = form.cleaned_data
    return services.Outcome(
        status=data["decision"],
        decided_on=data["decided_on"],
        amount_granted=data["amount_granted"],
        refusal_reason=data["refusal_reason"],
        above_request_confirmed=data["confirm_above_request"],
    )


def decide_aid_request(request, pk: int):
    """Records the decision, or corrects it when one is already recorded."""
    aid = selectors.aid_request_for(actor=request.user, pk=pk)
    require(request, Can.EDIT_SOCIAL, aid.casefile.office_id)
    correcting = aid.status != AidStatus.SUBMITTED
    initial = {"decided_on": today(), "version": aid.version}
    if correcting:
        initial.update(
            decision=aid.status,
            decided_on=aid.decided_on,
            amount_granted=aid.amount_granted,
            refusal_reason=aid.refusal_reason,
        )
    form = AidDecisionForm(request.POST or None, initial=initial, correcting=correcting)
    if request.method == "POST" and form.is_valid():
        if correcting:
            done = run_service(
                form,
                lambda: services.correct_aid_decision(
                    actor=request.user,
                    aid_request_id=pk,
                    outcome=_outcome(form),
                    correction_reason=form.cleaned_data["correction_reason"],
                    expected_version=form.cleaned_data["version"],
                ),
            )
        else:
            done = run_service(
                form,
                lambda: services.decide_aid_request(
                    actor=request.user,
                    aid_request_id=pk,
                    outcome=_outcome(form),
                    expected_version=form.cleaned_data["version"],
                ),
            )
        if done:
            messages.success(
                request,
                _("Decision corrected; the earlier one stays in the request's history.")
                if correcting
                else _("Decision recorded."),
            )
            return redirect("casefile_detail", pk=aid.casefile_id)
    title = (
        _("Correct the decision on the aid request")
        if correcting
        else _("Record the decision on the aid request")
    )
    return _aid_page(request, aid, form, title)
