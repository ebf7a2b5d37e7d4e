"""A file's child-protection concerns, one concern, and the list (the CRIP's inbox)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.accounts.policy import Can, can
from lien.base.forms import run_service

from ..views.common import require_file
from . import selectors, services
from .forms import ConcernForm, FollowUpForm, ProofForm


def file_concerns(request, pk: int):
    if request.method == "POST":
        require_file(request, pk, Can.WRITE_CHILD_PROTECTION)
    page = selectors.concerns_of_file_for(actor=request.user, casefile_id=pk)
    form = None
    if page.may_write:
        form = ConcernForm(
            request.POST or None,
            members=page.members,
            crips=page.crips,
            initial={"sent_on": timezone.localdate()},
        )
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        concern = run_service(
            form,
            lambda: services.write_concern(
                actor=request.user,
                casefile_id=pk,
                child_ids=data["children"],
                account=data["account"],
                crip_id=data["crip"],
                sent_on=data["sent_on"],
            ),
        )
        if concern is not None:
            messages.success(request, _("Concern recorded as sent to the CRIP."))
            return redirect("concern_detail", pk=concern.pk)
    return render(
        request,
        "casefiles/concerns/file_concerns.html",
        {"casefile": page.casefile, "page": page, "form": form},
    )


def concern_list(request):
    if not any(
        can(request.user, capability)
        for capability in (
            Can.WRITE_CHILD_PROTECTION,
            Can.OVERSEE_CHILD_PROTECTION,
            Can.RECEIVE_CHILD_PROTECTION,
        )
    ):
        raise Http404
    concerns = selectors.concerns_for(actor=request.user)
    return render(request, "casefiles/concerns/concern_list.html", {"concerns": concerns})


def concern_detail(request, pk: int):
    concern = selectors.concern_for(actor=request.user, pk=pk)
    today = {"received_on": timezone.localdate(), "known_on": timezone.localdate()}
    may_prove = concern.author_id == request.user.pk or can(
        request.user, Can.RECEIVE_CHILD_PROTECTION
    )
    return render(
        request,
        "casefiles/concerns/concern_detail.html",
        {
            "concern": concern,
            "proof_form": ProofForm(initial=today) if may_prove else None,
            "follow_up_form": FollowUpForm(initial=today),
        },
    )


@require_POST
def concern_proof(request, pk: int):
    form = ProofForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    done = run_service(
        request,
        lambda: services.record_transmission_proof(
            actor=request.user,
            concern_id=pk,
            reference=data.get("reference", ""),
            received_on=data.get("received_on"),
        ),
    )
    if done is not None:
        messages.success(request, _("Acknowledgement recorded."))
    return redirect("concern_detail", pk=pk)


@require_POST
def concern_follow_up(request, pk: int):
    form = FollowUpForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    done = run_service(
        request,
        lambda: services.record_concern_follow_up(
            actor=request.user,
            concern_id=pk,
            follow_up=data.get("follow_up", ""),
            known_on=data.get("known_on"),
        ),
    )
    if done is not None:
        messages.success(request, _("Follow-up recorded."))
    return redirect("concern_detail", pk=pk)
