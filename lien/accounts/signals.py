"""Reactions to the login signals of Django and django-axes: session bookkeeping and the
audit of a lockout. No business decision is taken here."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from lien.audit.models import Action
from lien.audit.services import record

from .decorators import mark_fresh
from .models import User


@receiver(user_logged_in)
def _password_just_given(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        mark_fresh(request)


@receiver(user_locked_out)
def _locked_out(sender, request, username=None, ip_address=None, **kwargs):
    # The locked account is named by its id (not the username typed), so that the DPO
    # sees which account was attacked; a username that matches no account leaves none.
    locked = User.objects.filter(username=username).values_list("pk", flat=True).first()
    record(
        actor=None,
        action=Action.LOCKED_OUT,
        object_kind="user" if locked else "",
        object_id=locked,
    )
