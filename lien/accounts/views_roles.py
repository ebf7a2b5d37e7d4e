"""The roles pages: the administrator asks for a role change, a second person (the DPO or
another administrator) approves or refuses it. The rules are in role_changes.py; these
views translate HTTP."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lien.base.forms import run_service

from . import role_changes, selectors
from .forms import DecisionForm, RoleChangeForm
from .models import RoleChangeKind
from .types import AuthenticatedRequest
from .views_two_keys import DecisionPages

DECISIONS = DecisionPages(prefix="c", then="role_changes", form_class=DecisionForm)


def role_change_list(request: AuthenticatedRequest) -> HttpResponse:
    board = selectors.role_change_board(actor=request.user)
    decisions = DECISIONS.forms(board.to_decide)
    return render(
        request,
        "accounts/role_changes.html",
        {"board": board, "decisions": decisions},
    )


def role_change_new(request: AuthenticatedRequest) -> HttpResponse:
    board = selectors.role_change_board(actor=request.user)  # 404 unless allowed
    initial = {"kind": RoleChangeKind.GRANT, "user": request.GET.get("user")}
    form = RoleChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and board.may_request:
        data = form.cleaned_data
        if run_service(
            form,
            lambda: role_changes.request_role_change(
                actor=request.user,
                user_id=data["user"].pk,
                office_id=data["office"].pk,
                role=data["role"],
                kind=data["kind"],
                reason=data["reason"],
            ),
        ):
            messages.success(
                request,
                _(
                    "Your request is recorded. It applies once the DPO or another administrator approves it."
                ),
            )
            return redirect("role_changes")
    return render(
        request, "accounts/role_change_form.html", {"form": form, "may_request": board.may_request}
    )


role_change_approve = DECISIONS.view(
    lambda request, pk, data: role_changes.approve_role_change(
        actor=request.user,
        change_id=pk,
        approve_combination=data.get("approve_combination", False),
        note=data.get("note", ""),
    ),
    gettext_lazy("The change is approved and applied."),
)
role_change_refuse = DECISIONS.view(
    lambda request, pk, data: role_changes.refuse_role_change(
        actor=request.user, change_id=pk, reason=data.get("note", "")
    ),
    gettext_lazy("The request is refused; nothing changed."),
)


@require_POST
def role_change_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    if run_service(
        request, lambda: role_changes.withdraw_role_change(actor=request.user, change_id=pk)
    ):
        messages.success(request, _("Your request is withdrawn."))
    return redirect("role_changes")
