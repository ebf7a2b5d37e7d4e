"""The tokens' pages: an administrator asks for a token and is shown it once; the DPO or
another administrator approves or refuses it; either may revoke it. The rules are in
lien/accounts/api_tokens/services.py; these views translate HTTP."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lien.accounts.api_tokens import selectors, services
from lien.accounts.types import AuthenticatedRequest
from lien.accounts.views_two_keys import DecisionPages
from lien.base.forms import run_service

from .forms import TokenRequestForm

DECISIONS = DecisionPages(prefix="t", then="api_tokens")


def token_list(request: AuthenticatedRequest) -> HttpResponse:
    board = selectors.token_board_for(actor=request.user)
    decisions = DECISIONS.forms(board.to_decide)
    return render(request, "api/tokens.html", {"board": board, "decisions": decisions})


def token_new(request: AuthenticatedRequest) -> HttpResponse:
    board = selectors.token_board_for(actor=request.user)  # 404 unless allowed
    form = TokenRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and board.may_request:
        data = form.cleaned_data
        issued = run_service(
            form,
            lambda: services.request_api_token(
                actor=request.user,
                client_name=data["client_name"],
                scopes=list(data["scopes"]),
                office_ids=[office.pk for office in data["offices"]],
                all_offices=data["all_offices"],
                expires_at=form.expires_at(),
                reason=data["reason"],
            ),
        )
        if issued is not None:
            # The only time the token is shown: not in a redirect, not in a message.
            response = render(request, "api/token_issued.html", {"issued": issued})
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "api/token_form.html", {"form": form, "may_request": board.may_request})


token_approve = DECISIONS.view(
    lambda request, pk, data: services.approve_api_token(
        actor=request.user, token_id=pk, note=data.get("note", "")
    ),
    gettext_lazy("The token is approved: it works from now on."),
)
token_refuse = DECISIONS.view(
    lambda request, pk, data: services.refuse_api_token(
        actor=request.user, token_id=pk, reason=data.get("note", "")
    ),
    gettext_lazy("The token is refused: it will never work."),
)


@require_POST
def token_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    if run_service(request, lambda: services.revoke_api_token(actor=request.user, token_id=pk)):
        messages.success(request, _("The token is revoked: it no longer works."))
    return redirect("api_tokens")
