"""A file's consents to reminders, recording one, withdrawing one."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.accounts.policy import Can, can
from lien.base.forms import run_service

from ..views.common import require_file
from . import selectors, services
from .forms import ConsentForm, WithdrawalForm


def reminder_consents(request, pk: int):
    if request.method == "POST":
        require_file(request, pk, Can.EDIT_RECEPTION)
    page = selectors.reminders_of_file_for(actor=request.user, casefile_id=pk)
    may_edit = can(request.user, Can.EDIT_RECEPTION, page.casefile.office_id)
    form = None
    if may_edit:
        form = ConsentForm(
            request.POST or None,
            members=page.members,
            initial={"given_on": timezone.localdate()},
        )
    if form is not None and request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.record_consent(
                actor=request.user, casefile_id=pk, **form.cleaned_data
            ),
        )
        if done is not None:
            messages.success(request, _("Consent to reminders recorded."))
            return redirect("reminder_consents", pk=pk)
    return render(
        request,
        "casefiles/reminder_consents.html",
        {
            "casefile": page.casefile,
            "page": page,
            "form": form,
            "withdrawal_form": WithdrawalForm(initial={"withdrawn_on": timezone.localdate()}),
        },
    )


@require_POST
def withdraw_consent(request, pk: int):
    form = WithdrawalForm(request.POST)
    withdrawn_on = form.cleaned_data["withdrawn_on"] if form.is_valid() else None
    consent = run_service(
        request,
        lambda: services.withdraw_consent(
            actor=request.user, consent_id=pk, withdrawn_on=withdrawn_on
        ),
    )
    if consent is not None:
        messages.success(request, _("Consent withdrawn: no reminder will be sent any more."))
        return redirect("reminder_consents", pk=consent.casefile_id)
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/") and not back.startswith("//") else "home")
