"""The types the rest of Lien uses to speak of who acts: an actor is an agent's account
or the anonymous visitor (the policy answers "nothing" for the latter), and the request
of a page behind the login has an account for its user."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from .models import User

Actor = User | AnonymousUser


class AuthenticatedRequest(HttpRequest):
    """For the type checker only: the request of a view behind the login (every view
    unless marked otherwise, config/settings/base.py's LoginRequiredMiddleware)."""

    user: User


def agent_of(request: HttpRequest) -> User:
    """The account behind a request that the login already guards (the administration
    site, whose methods keep Django's request type). Anonymous here would be a bug: it is
    refused rather than let through."""
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied
    return user
