"""The permission matrix of the REST API's side in the domain: the tokens under two keys
(asked by an administrator, decided by the DPO or another administrator), the account
deactivation the identity system calls, and the granted aid decisions the finance
software reads (its office's social workers and manager, as on the file page)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lien.accounts import services as account_services
from lien.accounts.api_tokens import selectors as token_selectors
from lien.accounts.api_tokens import services as token_services
from lien.accounts.roles import Role
from lien.casefiles.aid import selectors as aid_selectors
from lien.casefiles.aid.models import AidStatus

from ...factories import member
from .matrix import ADM, DPO, MGR, NONE, SW, check


def _asked(a, t):
    return token_services.request_api_token(
        actor=a,
        client_name="Entrepôt de données",
        scopes=["statistics"],
        office_ids=[t.office.pk],
        all_offices=False,
        expires_at=timezone.now() + timedelta(days=10),
        reason="Tableaux de bord.",
    )


def _asked_by_another(t):
    return _asked(member(ADM, t.office), t).token


def _granted(t):
    aid = t.first("aid_requests")
    aid.status = AidStatus.GRANTED
    aid.decided_on = timezone.localdate()
    aid.amount_granted = aid.amount_requested
    aid.save()
    return aid


API_CLIENT_RULES = {
    "accounts.api_tokens.selectors.token_board_for": (
        lambda a, t: token_selectors.token_board_for(actor=a) is not None,
        {DPO, ADM},
        {DPO, ADM},
    ),
    "accounts.api_tokens.services.request_api_token": (
        lambda a, t: _asked(a, t).secret.startswith("lien_"),
        {ADM},
        {ADM},
    ),
    "accounts.api_tokens.services.approve_api_token": (
        lambda a, t: (
            token_services.approve_api_token(actor=a, token_id=_asked_by_another(t).pk).is_usable
        ),
        {DPO, ADM},
        {DPO, ADM},
    ),
    "accounts.api_tokens.services.refuse_api_token": (
        lambda a, t: (
            token_services.refuse_api_token(
                actor=a, token_id=_asked_by_another(t).pk, reason="Pas de besoin."
            )
            is not None
        ),
        {DPO, ADM},
        {DPO, ADM},
    ),
    "accounts.api_tokens.services.revoke_api_token": (
        lambda a, t: (
            token_services.revoke_api_token(actor=a, token_id=_asked_by_another(t).pk) is not None
        ),
        {DPO, ADM},
        {DPO, ADM},
    ),
    "accounts.services.deactivate_account": (
        lambda a, t: (
            not account_services.deactivate_account(actor=a, user_id=t.other_user.pk).is_active
        ),
        {ADM},
        {ADM},
    ),
    "casefiles.aid.selectors.granted_aid_decisions_for": (
        lambda a, t: (
            _granted(t)
            in aid_selectors.granted_aid_decisions_for(
                actor=a, office_id=t.office.pk, decided_since=timezone.localdate()
            )
        ),
        {SW, MGR},
        NONE,
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("scope", ["own", "other"])
@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("name", sorted(API_CLIENT_RULES))
def test_matrix(world, name, role, scope):
    check(world, API_CLIENT_RULES, name, role, scope)
