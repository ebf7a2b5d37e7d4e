"""The audit events about accounts, roles and passwords, told in words for the DPO's
dashboard: who gave which role to whom, at whose request, who changed which password."""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from lien.audit.models import AuditEvent

from . import credentials, role_changes
from .api_tokens import services as api_token_services
from .api_tokens.models import ApiToken
from .models import OfficeMembership, RoleChange, RoleChangeKind, User
from .roles import Role

# Written by lien.accounts.services (the administrator's actions on an account).
SECOND_FACTOR_RESET = "second_factor_reset"
ACCOUNT_UNLOCKED = "account_unlocked"

_ABOUT_A_REQUEST = {
    role_changes.REQUESTED,
    role_changes.REFUSED,
    role_changes.WITHDRAWN,
    role_changes.GRANTED,
    role_changes.REMOVED,
}
_ABOUT_A_MEMBERSHIP = {role_changes.GRANTED_AT_INSTALLATION, role_changes.GRANTED_FOR_DEMO}
_ABOUT_AN_ACCOUNT = {
    credentials.PASSWORD_CHANGED,
    credentials.PASSWORD_SET_BY_LINK,
    credentials.PASSWORD_SET_FOR_DEMO,
    credentials.RESET_LINK_SENT,
    credentials.ACCOUNT_CREATED,
    credentials.EMAIL_CHANGED,
    credentials.ACCOUNT_DEACTIVATED,
    credentials.ACCOUNT_REACTIVATED,
    SECOND_FACTOR_RESET,
    ACCOUNT_UNLOCKED,
}
ACCOUNT_EVENT_KINDS = frozenset(
    _ABOUT_A_REQUEST
    | _ABOUT_A_MEMBERSHIP
    | _ABOUT_AN_ACCOUNT
    | api_token_services.TOKEN_EVENT_KINDS
)


@dataclass
class AccountEvent:
    at: datetime
    actor: User | None
    what: str
    reason: str
    flagged: bool  # a combination of roles approved, or an installation/demo path


def _ids(events: Iterable[AuditEvent], kinds: Collection[str]) -> set[int]:
    return {int(e.object_id) for e in events if e.object_kind in kinds and e.object_id.isdigit()}


def _request_sentence(kind: str, change: RoleChange) -> str:
    values = {
        "role": Role(change.role).label,
        "office": change.office.name,
        "agent": change.user,
        "requester": change.requested_by,
    }
    giving = change.kind == RoleChangeKind.GRANT
    if kind == role_changes.REQUESTED:
        text = (
            _("asked to give %(agent)s the role of %(role)s in %(office)s")
            if giving
            else _("asked to remove from %(agent)s the role of %(role)s in %(office)s")
        )
    elif kind == role_changes.REFUSED:
        text = (
            _("refused to give %(agent)s the role of %(role)s in %(office)s")
            if giving
            else _("refused to remove from %(agent)s the role of %(role)s in %(office)s")
        )
    elif kind == role_changes.WITHDRAWN:
        text = _("withdrew their request about the role of %(role)s of %(agent)s in %(office)s")
    elif kind == role_changes.GRANTED:
        text = _("gave %(agent)s the role of %(role)s in %(office)s, as %(requester)s asked")
    else:
        text = _(
            "removed from %(agent)s the role of %(role)s in %(office)s, as %(requester)s asked"
        )
    sentence = text % values
    if kind == role_changes.GRANTED and change.combination_approved:
        held = ", ".join(str(Role(r).label) for r in change.combination.split(",") if r)
        sentence += " " + _("(combination approved explicitly: also holds %(roles)s)") % {
            "roles": held
        }
    return sentence


def _membership_sentence(kind: str, membership: OfficeMembership) -> str:
    values = {
        "role": Role(membership.role).label,
        "office": membership.office.name,
        "agent": membership.user,
    }
    if kind == role_changes.GRANTED_AT_INSTALLATION:
        return _("role of %(role)s in %(office)s given to %(agent)s at installation") % values
    return _("role of %(role)s in %(office)s given to %(agent)s for the demo") % values


def _account_sentence(kind: str, user: User | None) -> str:
    texts = {
        credentials.PASSWORD_CHANGED: _("changed the password of %(agent)s"),
        credentials.PASSWORD_SET_BY_LINK: _("the password of %(agent)s was chosen by the link"),
        credentials.PASSWORD_SET_FOR_DEMO: _("demo password set for %(agent)s"),
        credentials.RESET_LINK_SENT: _("sent %(agent)s a link to choose a password"),
        credentials.ACCOUNT_CREATED: _("created the account of %(agent)s"),
        credentials.EMAIL_CHANGED: _("changed the e-mail address of %(agent)s"),
        credentials.ACCOUNT_DEACTIVATED: _("deactivated the account of %(agent)s"),
        credentials.ACCOUNT_REACTIVATED: _("reactivated the account of %(agent)s"),
        SECOND_FACTOR_RESET: _("reset the two-factor authentication of %(agent)s"),
        ACCOUNT_UNLOCKED: _("unlocked the account of %(agent)s"),
    }
    return texts[kind] % {"agent": user if user is not None else _("an agent")}


def _token_sentence(kind: str, token: ApiToken) -> str:
    values = {"client": token.client.name, "prefix": token.prefix, "scopes": token.scope_labels()}
    texts = {
        api_token_services.REQUESTED: _(
            "asked for an API token for %(client)s (%(prefix)s…): %(scopes)s"
        ),
        api_token_services.APPROVED: _("approved the API token of %(client)s (%(prefix)s…)"),
        api_token_services.REFUSED: _("refused the API token of %(client)s (%(prefix)s…)"),
        api_token_services.REVOKED: _("revoked the API token of %(client)s (%(prefix)s…)"),
        api_token_services.REFUSED_USE: _("the API token of %(client)s (%(prefix)s…) was refused"),
    }
    return texts[kind] % values


def describe(events: Iterable[AuditEvent]) -> list[AccountEvent]:
    """The events (with their actor loaded) in words, in the order given."""
    events = list(events)
    changes = RoleChange.objects.select_related("user", "office", "requested_by").in_bulk(
        _ids(events, _ABOUT_A_REQUEST)
    )
    memberships = OfficeMembership.objects.select_related("user", "office").in_bulk(
        _ids(events, _ABOUT_A_MEMBERSHIP)
    )
    users = User.objects.in_bulk(_ids(events, _ABOUT_AN_ACCOUNT))
    tokens = ApiToken.objects.select_related("client").in_bulk(
        _ids(events, api_token_services.TOKEN_EVENT_KINDS)
    )
    described = []
    for event in events:
        pk = int(event.object_id) if event.object_id.isdigit() else None
        flagged = False
        if event.object_kind in _ABOUT_A_REQUEST and pk in changes:
            what = _request_sentence(event.object_kind, changes[pk])
            flagged = event.object_kind == role_changes.GRANTED and changes[pk].combination_approved
        elif event.object_kind in _ABOUT_A_MEMBERSHIP and pk in memberships:
            what = _membership_sentence(event.object_kind, memberships[pk])
            flagged = True
        elif event.object_kind in _ABOUT_AN_ACCOUNT:
            what = _account_sentence(event.object_kind, users.get(pk))
        elif event.object_kind in api_token_services.TOKEN_EVENT_KINDS and pk in tokens:
            what = _token_sentence(event.object_kind, tokens[pk])
            # A refused use may be someone trying a stolen or forgotten token.
            flagged = event.object_kind == api_token_services.REFUSED_USE
        else:
            continue
        described.append(AccountEvent(event.at, event.actor, what, event.reason, flagged))
    return described
