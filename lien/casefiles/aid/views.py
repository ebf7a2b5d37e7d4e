"""Quick entry of aid requests on the file page, and their submission and decision."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.accounts.policy import Can
from lien.base.forms import run_service

from ..views.common import (
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
        granted = form.cleaned_data["decision"] == AidStatus.GRANTED
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
