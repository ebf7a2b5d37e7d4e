"""A file's referrals: agreements to share, referring, the partner's answer."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.accounts.policy import Can, can
from lien.base.forms import run_service
from lien.catalog.models import Family, Item

from ..views.common import require_file
from . import selectors, services
from .forms import AgreementForm, AnswerForm, ReferralForm


def file_referrals(request, pk: int):
    if request.method == "POST":
        require_file(request, pk, Can.EDIT_SOCIAL)
    page = selectors.referrals_of_file_for(actor=request.user, casefile_id=pk)
    may_edit = can(request.user, Can.EDIT_SOCIAL, page.casefile.office_id)
    shareable = Item.objects.offered(
        Family.SITUATION, Family.PROBLEM, Family.INTERVENTION, Family.AID
    ).order_by("family", "code")
    agreed = {a.item for a in page.agreements if a.withdrawn_on is None}
    posted = request.POST.get("form", "")
    agreement_form = referral_form = None
    if may_edit:
        agreement_form = AgreementForm(
            request.POST if posted == "agreement" else None,
            members=page.members,
            items=shareable,
            prefix="agreement",
        )
        referral_form = ReferralForm(
            request.POST if posted == "referral" else None,
            members=page.members,
            partners=page.partners,
            items=sorted(agreed, key=lambda item: item.label),
            prefix="referral",
        )
    if posted == "agreement" and agreement_form is not None and agreement_form.is_valid():
        data = agreement_form.cleaned_data
        if run_service(
            agreement_form,
            lambda: services.record_agreement(
                actor=request.user, casefile_id=pk, person_id=data["person"], item_id=data["item"]
            ),
        ):
            messages.success(request, _("Agreement to share recorded."))
            return redirect("file_referrals", pk=pk)
    if posted == "referral" and referral_form is not None and referral_form.is_valid():
        data = referral_form.cleaned_data
        if run_service(
            referral_form,
            lambda: services.refer(
                actor=request.user,
                casefile_id=pk,
                person_id=data["person"],
                partner_id=data["partner"],
                reason=data["reason"],
                item_ids=data["items"],
            ),
        ):
            messages.success(request, _("Referral recorded."))
            return redirect("file_referrals", pk=pk)
    return render(
        request,
        "casefiles/referrals.html",
        {
            "casefile": page.casefile,
            "page": page,
            "agreement_form": agreement_form,
            "referral_form": referral_form,
            "answer_form": AnswerForm() if may_edit else None,
        },
    )


@require_POST
def referral_answer(request, pk: int):
    form = AnswerForm(request.POST)
    answer = form.cleaned_data["answer"] if form.is_valid() else ""
    version = request.POST.get("version", "")
    referral = run_service(
        request,
        lambda: services.record_referral_answer(
            actor=request.user,
            referral_id=pk,
            answer=answer,
            expected_version=int(version) if version.isdigit() else None,
        ),
    )
    if referral is not None:
        messages.success(request, _("Answer recorded."))
        return redirect("file_referrals", pk=referral.casefile_id)
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/") and not back.startswith("//") else "home")


@require_POST
def withdraw_agreement(request, pk: int):
    agreement = run_service(
        request, lambda: services.withdraw_agreement(actor=request.user, agreement_id=pk)
    )
    if agreement is not None:
        messages.success(request, _("Agreement withdrawn: this item will no longer be sent."))
        return redirect("file_referrals", pk=agreement.casefile_id)
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/") and not back.startswith("//") else "home")
