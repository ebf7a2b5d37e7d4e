"""Roles under two keys: who holds which role in which office changes only through a
request that a second person approves.

An administrator asks (give or remove a role, with a reason); the DPO or another
administrator approves or refuses (with a reason). Nobody asks for a change to their own
roles, approves their own request, or decides a request about themselves. A role that
reads files and a role that administers or audits (roles.FILE_ROLES, roles.OVERSIGHT_ROLES)
are held together only when the approval says so explicitly. Every step is an event of
the audit chain, in the same transaction as the change.

Two other paths create memberships, each audited and each refused where it does not
belong: the installation's very first two accounts (`bootstrap_first_accounts`, only on
an installation without any role yet), and the demo's accounts (`grant_for_demo`, only
with the demo settings).
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lien.audit.models import Action
from lien.audit.services import record
from lien.offices.models import Office

from .models import OfficeMembership, RoleChange, RoleChangeKind, RoleChangeStatus, User
from .policy import Can, can, forget
from .roles import Role, conflicting_roles
from .two_keys import TwoKeyKind, decide

# The object kinds of the audit events written here (the DPO's dashboard names them).
REQUESTED = "role_change_requested"
REFUSED = "role_change_refused"
WITHDRAWN = "role_change_withdrawn"
GRANTED = "role_granted"
REMOVED = "role_removed"
GRANTED_AT_INSTALLATION = "role_granted_at_installation"
GRANTED_FOR_DEMO = "role_granted_for_demo"


def _roles_held(user: User) -> set[str]:
    return set(
        OfficeMembership.objects.filter(user=user, is_active=True).values_list("role", flat=True)
    )


def _role_labels(roles: Iterable[str]) -> str:
    return ", ".join(sorted(str(Role(role).label) for role in roles))


def _sync_staff_flag(user: User) -> None:
    """Only an administrator enters the configuration site; nobody sets the flag by hand."""
    is_admin = Role.ADMIN in _roles_held(user)
    if user.is_staff != is_admin or user.is_superuser:
        user.is_staff = is_admin
        user.is_superuser = False
        user.save(update_fields=["is_staff", "is_superuser"])


@transaction.atomic
def request_role_change(
    *, actor: User, user_id: int, office_id: int, role: str, kind: str, reason: str
) -> RoleChange:
    """An administrator asks to give (or remove) a role; nothing changes until a second
    person approves."""
    if not can(actor, Can.MANAGE_ACCOUNTS):
        raise Http404
    user = User.objects.filter(pk=user_id).first()
    office = Office.objects.filter(pk=office_id).first()
    errors = {}
    if user is None:
        errors["user"] = _("Choose an agent.")
    if office is None:
        errors["office"] = _("Choose an office.")
    if role not in Role.values:
        errors["role"] = _("Choose a role.")
    if kind not in RoleChangeKind.values:
        errors["kind"] = _("Choose whether to give or to remove the role.")
    if not (reason or "").strip():
        errors["reason"] = _("Say why this change is needed.")
    if errors or user is None or office is None:
        raise ValidationError(errors)
    if user.pk == actor.pk:
        raise ValidationError(
            {
                "user": _(
                    "You cannot ask for a change to your own roles: another administrator asks, and a third person approves."
                )
            }
        )
    held = OfficeMembership.objects.filter(user=user, office=office, role=role, is_active=True)
    if kind == RoleChangeKind.GRANT and not user.is_active:
        raise ValidationError({"user": _("This account is deactivated.")})
    if kind == RoleChangeKind.GRANT and held.exists():
        raise ValidationError({"role": _("This agent already holds this role in this office.")})
    if kind == RoleChangeKind.REVOKE and not held.exists():
        raise ValidationError({"role": _("This agent does not hold this role in this office.")})
    if RoleChange.objects.filter(
        user=user, office=office, role=role, status=RoleChangeStatus.PENDING
    ).exists():
        raise ValidationError(_("A request for this role is already awaiting a decision."))
    combination = (
        conflicting_roles(role, _roles_held(user)) if kind == RoleChangeKind.GRANT else set()
    )
    change = RoleChange.objects.create(
        kind=kind,
        user=user,
        office=office,
        role=role,
        reason=reason.strip(),
        requested_by=actor,
        combination=",".join(sorted(combination)),
    )
    record(
        actor=actor,
        action=Action.CREATE,
        object_kind=REQUESTED,
        object_id=change.pk,
        office_id=office.pk,
        reason=change.reason,
    )
    return change


ROLE_CHANGES = TwoKeyKind(
    model=RoleChange,
    pending=RoleChangeStatus.PENDING,
    refused=RoleChangeStatus.REFUSED,
    refused_event=REFUSED,
    already_decided=gettext_lazy("This request has already been decided."),
    own_request=gettext_lazy(
        "You asked for this change yourself: a second person must approve or refuse it."
    ),
    refusal_needs_reason=gettext_lazy("Say why you refuse this request."),
    about_oneself=gettext_lazy(
        "This request concerns your own roles: someone else must approve or refuse it."
    ),
)


@transaction.atomic
def approve_role_change(
    *, actor: User, change_id: int, approve_combination: bool = False, note: str = ""
) -> OfficeMembership:
    """The second key: applies the change. When it would put a file role and an
    oversight role in the same hands, only an approval of that combination applies it."""
    change = ROLE_CHANGES.pending_for_decision(actor, change_id)
    user = change.user
    combination: frozenset[str] = frozenset()
    if change.kind == RoleChangeKind.GRANT:
        combination = conflicting_roles(change.role, _roles_held(user))
        if combination and not approve_combination:
            raise ValidationError(
                {
                    "approve_combination": _(
                        "%(agent)s also holds: %(roles)s. Approve this combination explicitly, or refuse the request."
                    )
                    % {"agent": user, "roles": _role_labels(combination)}
                }
            )
        if not user.is_active:
            raise ValidationError(_("This account is deactivated."))
        membership, _created = OfficeMembership.objects.get_or_create(
            user=user, office=change.office, role=change.role
        )
        if not membership.is_active:
            membership.is_active = True
            membership.save(update_fields=["is_active"])
        kind = GRANTED
    else:
        held = OfficeMembership.objects.filter(
            user=user, office=change.office, role=change.role, is_active=True
        ).first()
        if held is None:
            raise ValidationError(_("This agent no longer holds this role in this office."))
        membership = held
        membership.is_active = False
        membership.save(update_fields=["is_active"])
        kind = REMOVED
    decide(change, actor=actor, status=RoleChangeStatus.APPROVED, reason=note)
    change.combination = ",".join(sorted(combination))
    change.combination_approved = bool(combination)
    change.save()
    _sync_staff_flag(user)
    forget(user)
    record(
        actor=actor,
        action=Action.CREATE if kind == GRANTED else Action.UPDATE,
        object_kind=kind,
        object_id=change.pk,
        office_id=change.office_id,
        reason=change.reason,
    )
    return membership


@transaction.atomic
def refuse_role_change(*, actor: User, change_id: int, reason: str) -> RoleChange:
    return ROLE_CHANGES.refuse(actor, change_id, reason)


@transaction.atomic
def withdraw_role_change(*, actor: User, change_id: int) -> RoleChange:
    """The requester takes back a request not yet decided."""
    change = RoleChange.objects.select_for_update().filter(pk=change_id).first()
    if change is None or change.requested_by_id != actor.pk:
        raise Http404
    if change.status != RoleChangeStatus.PENDING:
        raise ValidationError(ROLE_CHANGES.already_decided)
    decide(change, actor=actor, status=RoleChangeStatus.WITHDRAWN)
    change.save()
    record(
        actor=actor,
        action=Action.UPDATE,
        object_kind=WITHDRAWN,
        object_id=change.pk,
        office_id=change.office_id,
    )
    return change


def refuse_if_installed() -> None:
    if OfficeMembership.objects.exists() or RoleChange.objects.exists():
        raise ValidationError(
            _("This installation already has accounts with roles: ask for a role change instead.")
        )


@transaction.atomic
def bootstrap_first_accounts(
    *, office: Office, admin: User, dpo: User, reason: str
) -> list[OfficeMembership]:
    """The installation's first administrator and first DPO, before anyone can approve
    anything: allowed once, on an installation where no role was ever given, to two
    different people. From then on every role goes through a request."""
    refuse_if_installed()
    if admin.pk == dpo.pk or (admin.email and admin.email.lower() == dpo.email.lower()):
        raise ValidationError(
            _("The first administrator and the first DPO must be two different people.")
        )
    memberships = []
    for user, role in ((admin, Role.ADMIN), (dpo, Role.DPO)):
        membership = OfficeMembership.objects.create(user=user, office=office, role=role)
        _sync_staff_flag(user)
        record(
            actor=None,
            action=Action.CREATE,
            object_kind=GRANTED_AT_INSTALLATION,
            object_id=membership.pk,
            office_id=office.pk,
            reason=reason,
        )
        memberships.append(membership)
    return memberships


def demo_allowed() -> bool:
    return bool(settings.DEBUG or getattr(settings, "LIEN_ALLOW_DEMO", False))


@transaction.atomic
def grant_for_demo(*, user: User, office: Office, role: str) -> OfficeMembership:
    """The demo's accounts: one person gives every role, which only the demo may do (its
    accounts share a published password). Audited like any grant."""
    if not demo_allowed():
        raise ValidationError(_("Demo accounts are refused outside the demo settings."))
    membership, created = OfficeMembership.objects.get_or_create(
        user=user, office=office, role=role
    )
    if created or not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
        record(
            actor=None,
            action=Action.CREATE,
            object_kind=GRANTED_FOR_DEMO,
            object_id=membership.pk,
            office_id=office.pk,
        )
    _sync_staff_flag(user)
    forget(user)
    return membership
