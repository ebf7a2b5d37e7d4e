"""The access policy of docs/domain.md ("Who sees what"), in one table.

A capability is granted by a role *in an office*: a social worker of Bobigny may read the
files of Bobigny and no other. Organisation-wide capabilities (statistics, audit,
catalogue) are granted by holding the role in any office. Nothing here looks at
`is_superuser`: the Django admin flag gives no access to personal data.
"""

from enum import StrEnum

from .roles import Role
from .types import Actor


class Can(StrEnum):
    # Office-scoped: valid only for objects of the offices where the role is held.
    VIEW_IDENTITY = "view_identity"  # persons, household composition, file metadata
    EDIT_IDENTITY = "edit_identity"  # register and correct persons and households
    VIEW_RECEPTION = "view_reception"  # visits and appointments
    EDIT_RECEPTION = "edit_reception"  # log visits, book appointments
    VIEW_SOCIAL = "view_social"  # situation, problems, interventions, aid requests
    EDIT_SOCIAL = "edit_social"  # record them; open and close files
    WRITE_NOTES = "write_notes"  # write notes, read one's own and those shared
    VIEW_NOTE_METADATA = "view_note_metadata"  # that a note exists, its author and date
    ASSIGN_REFERENT = "assign_referent"
    HAND_OVER_NOTES = "hand_over_notes"  # name who inherits a departed author's notes
    VIEW_OFFICE_AUDIT = "view_office_audit"  # office-level summaries, never per worker
    VIEW_OFFICE_STATISTICS = "view_office_statistics"  # the office's published tables
    ENTER_PAPER_GRID = "enter_paper_grid"  # type the office's grid when it has no Lien
    # Write the commentary of the office's annual report and generate it (its figures are
    # the office's published tables): the manager's, who answers for the office's report.
    WRITE_ANNUAL_REPORT = "write_annual_report"
    # Bring an office's existing households into Lien from a spreadsheet, once, when it
    # starts with Lien: a decision about the whole office, the manager's.
    IMPORT_HOUSEHOLDS = "import_households"
    # Merge two persons or two households registered twice, and undo it: the manager's,
    # who sees every file of the office and answers for its register.
    MERGE_DUPLICATES = "merge_duplicates"
    # Child-protection concerns (informations préoccupantes), a record apart: the social
    # worker writes them and reads their own; the manager reads the office's and records
    # their follow-up; the CRIP role (organisation-wide) receives them all.
    WRITE_CHILD_PROTECTION = "write_child_protection"
    OVERSEE_CHILD_PROTECTION = "oversee_child_protection"
    # Organisation-wide.
    VIEW_ALL_STATISTICS = "view_all_statistics"
    VIEW_AUDIT = "view_audit"
    MANAGE_CATALOG = "manage_catalog"
    APPROVE_CATALOG_ITEMS = "approve_catalog_items"  # the DPO's second signature
    READ_REGISTER = "read_register"  # register of processing, DPIA inputs, catalogue usage
    MANAGE_ACCOUNTS = "manage_accounts"
    HANDLE_RIGHTS_REQUESTS = "handle_rights_requests"  # the DPO: the persons' GDPR requests
    RECEIVE_CHILD_PROTECTION = "receive_child_protection"  # the CRIP: every office's concerns
    # The aid committees: sessions, their agenda of requests submitted in every office,
    # the decisions taken in session (never by the worker who instructed the request).
    RUN_COMMITTEES = "run_committees"
    # The payment orders of granted aid: payee and bank details, batches, the export to
    # the finance software, and marking them paid.
    ORDER_PAYMENTS = "order_payments"


ORGANISATION_WIDE = frozenset(
    {
        Can.VIEW_ALL_STATISTICS,
        Can.VIEW_AUDIT,
        Can.MANAGE_CATALOG,
        Can.APPROVE_CATALOG_ITEMS,
        Can.READ_REGISTER,
        Can.MANAGE_ACCOUNTS,
        Can.HANDLE_RIGHTS_REQUESTS,
        Can.RECEIVE_CHILD_PROTECTION,
        Can.RUN_COMMITTEES,
        Can.ORDER_PAYMENTS,
    }
)

ROLE_CAPABILITIES: dict[str, frozenset[Can]] = {
    Role.SOCIAL_WORKER: frozenset(
        {
            Can.VIEW_IDENTITY,
            Can.EDIT_IDENTITY,
            Can.VIEW_RECEPTION,
            Can.EDIT_RECEPTION,
            Can.VIEW_SOCIAL,
            Can.EDIT_SOCIAL,
            Can.WRITE_NOTES,
            Can.VIEW_OFFICE_STATISTICS,
            Can.WRITE_CHILD_PROTECTION,
        }
    ),
    Role.SECRETARY: frozenset(
        {Can.VIEW_IDENTITY, Can.EDIT_IDENTITY, Can.VIEW_RECEPTION, Can.EDIT_RECEPTION}
    ),
    Role.MANAGER: frozenset(
        {
            Can.VIEW_IDENTITY,
            Can.VIEW_RECEPTION,
            Can.VIEW_SOCIAL,
            Can.VIEW_NOTE_METADATA,
            Can.ASSIGN_REFERENT,
            Can.HAND_OVER_NOTES,
            Can.VIEW_OFFICE_AUDIT,
            Can.VIEW_OFFICE_STATISTICS,
            Can.ENTER_PAPER_GRID,
            Can.WRITE_ANNUAL_REPORT,
            Can.IMPORT_HOUSEHOLDS,
            Can.MERGE_DUPLICATES,
            Can.OVERSEE_CHILD_PROTECTION,
        }
    ),
    Role.STATISTICIAN: frozenset({Can.VIEW_ALL_STATISTICS}),
    Role.DPO: frozenset(
        {
            Can.VIEW_AUDIT,
            Can.APPROVE_CATALOG_ITEMS,
            Can.READ_REGISTER,
            Can.HANDLE_RIGHTS_REQUESTS,
        }
    ),
    Role.ADMIN: frozenset({Can.MANAGE_CATALOG, Can.READ_REGISTER, Can.MANAGE_ACCOUNTS}),
    Role.CRIP: frozenset({Can.RECEIVE_CHILD_PROTECTION}),
    Role.COMMITTEE_SECRETARY: frozenset({Can.RUN_COMMITTEES, Can.ORDER_PAYMENTS}),
}

_CACHE_ATTR = "_lien_office_roles"
# An API client acts with the capabilities its token's scopes give, never with roles
# (lien/accounts/api_tokens/authentication.py). Organisation-wide ones are held under
# API_ANY_OFFICE, which is no office's id.
_API_GRANTS_ATTR = "_lien_api_grants"
API_ANY_OFFICE = 0


def act_through_api(actor: Actor, grants: dict[int, frozenset[Can]]) -> None:
    """For this request, the actor (an API client's account) holds no role and exactly
    these capabilities, by office."""
    setattr(actor, _CACHE_ATTR, {})
    setattr(actor, _API_GRANTS_ATTR, dict(grants))


def office_roles(actor: Actor | None) -> dict[int, frozenset[str]]:
    """{office id: roles held there}, read once per user object (i.e. per request)."""
    cached: dict[int, frozenset[str]] | None = getattr(actor, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    roles: dict[int, set[str]] = {}
    if actor is not None and actor.is_authenticated and actor.is_active:
        for office_id, role in actor.roles_held():
            roles.setdefault(office_id, set()).add(role)
    frozen = {office_id: frozenset(r) for office_id, r in roles.items()}
    if actor is not None:
        setattr(actor, _CACHE_ATTR, frozen)
    return frozen


def forget(actor: Actor) -> None:
    """Drop the cached roles, after the actor's memberships changed."""
    if hasattr(actor, _CACHE_ATTR):
        delattr(actor, _CACHE_ATTR)


def offices_where(actor: Actor | None, capability: Can) -> frozenset[int]:
    """The offices in whose files the actor may exercise the capability."""
    api_grants: dict[int, frozenset[Can]] | None = getattr(actor, _API_GRANTS_ATTR, None)
    if api_grants is not None:
        return frozenset(o for o, caps in api_grants.items() if capability in caps)
    return frozenset(
        office_id
        for office_id, roles in office_roles(actor).items()
        if any(capability in ROLE_CAPABILITIES[role] for role in roles)
    )


def can(actor: Actor | None, capability: Can, office_id: int | None = None) -> bool:
    if capability in ORGANISATION_WIDE:
        return bool(offices_where(actor, capability))
    if office_id is None:
        return bool(offices_where(actor, capability))
    return office_id in offices_where(actor, capability)


def roles_of(actor: Actor | None) -> frozenset[str]:
    return frozenset(role for roles in office_roles(actor).values() for role in roles)


# Roles whose holders can read personal data (of the people in the files, or of agents
# in the audit log and the accounts): they must pass a second factor.
ROLES_READING_PERSONAL_DATA = frozenset(
    {
        Role.SOCIAL_WORKER,
        Role.SECRETARY,
        Role.MANAGER,
        Role.DPO,
        Role.ADMIN,
        Role.CRIP,
        Role.COMMITTEE_SECRETARY,
    }
)


def needs_second_factor(actor: Actor) -> bool:
    return bool(roles_of(actor) & ROLES_READING_PERSONAL_DATA)


# The second key on a role change (role_changes.py): the DPO, or an administrator other
# than the one who asked. A rule about people rather than a capability over data, so it
# is not in ROLE_CAPABILITIES (whose capabilities the register of processing lists).
ROLE_CHANGE_APPROVERS = frozenset({Role.ADMIN, Role.DPO})


def may_approve_role_changes(actor: Actor) -> bool:
    return bool(roles_of(actor) & ROLE_CHANGE_APPROVERS)
