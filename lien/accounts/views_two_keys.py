"""What the pages of requests under two keys share (roles: views_roles.py; API tokens:
lien/api/views_tokens.py): one decision form per request awaiting the actor, and the
approve or refuse button posting it to its service. The rules are in two_keys.py."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.functional import Promise
from django.views.decorators.http import require_POST

from lien.base.forms import run_service

from .forms import DecisionNoteForm
from .types import AuthenticatedRequest

# A decision's service, called with the request, the id decided and the form's data.
Decide = Callable[[AuthenticatedRequest, int, dict[str, Any]], object]


@dataclass(frozen=True)
class DecisionPages:
    """The decision forms of one kind of request: `prefix` tells one request's fields
    apart on the page, which is the URL name `then`."""

    prefix: str
    then: str
    form_class: type[DecisionNoteForm] = DecisionNoteForm

    def forms(self, to_decide: Iterable[Any]) -> dict[int, DecisionNoteForm]:
        """{request id: its decision form}."""
        return {each.pk: self.form_class(prefix=f"{self.prefix}{each.pk}") for each in to_decide}

    def view(
        self, service: Decide, done: str | Promise
    ) -> Callable[[AuthenticatedRequest, int], HttpResponse]:
        """A view posting one request's decision form to its service, then back."""

        @require_POST
        def view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
            form = self.form_class(request.POST, prefix=f"{self.prefix}{pk}")
            form.is_valid()
            if run_service(request, lambda: service(request, pk, form.cleaned_data)):
                messages.success(request, str(done))
            return redirect(self.then)

        return view
