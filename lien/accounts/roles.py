"""The roles of docs/domain.md ("Words", "Who sees what"). A role is held in an office,
through an OfficeMembership."""

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SOCIAL_WORKER = "social_worker", _("social worker")
    SECRETARY = "secretary", _("secretary")
    MANAGER = "manager", _("office manager")
    STATISTICIAN = "statistician", _("statistician")
    DPO = "dpo", _("data-protection officer")
    ADMIN = "admin", _("administrator")
    # The département's child-protection unit (cellule de recueil des informations
    # préoccupantes): receives the concerns the offices send it, and nothing else.
    CRIP = "crip", _("child-protection unit (CRIP)")
    # Prepares the sessions of the aid committees, records their decisions and orders
    # the payments (lien/casefiles/committees, payments): organisation-wide, because a
    # committee (FSL, ASE) is the département's and its agenda gathers every office.
    COMMITTEE_SECRETARY = "committee_secretary", _("committee secretary")


# Roles that read the personal data of the people in the files (lien/accounts/policy.py).
FILE_ROLES = frozenset({Role.SOCIAL_WORKER, Role.SECRETARY, Role.MANAGER, Role.COMMITTEE_SECRETARY})
# Roles that administer Lien, audit it, or see every published statistic. Held with a
# role of the first group, they let one person read files and also grant access, read the
# log of their own reads, or difference the statistics with cases they know: an agent
# holds roles of both groups only when the second person approved that very combination.
OVERSIGHT_ROLES = frozenset({Role.ADMIN, Role.DPO, Role.STATISTICIAN})


def conflicting_roles(role: str, held: set[str]) -> frozenset[str]:
    """The roles among `held` that may not go with `role` without an explicit approval."""
    if role in FILE_ROLES:
        return frozenset(held) & OVERSIGHT_ROLES
    if role in OVERSIGHT_ROLES:
        return frozenset(held) & FILE_ROLES
    return frozenset()


def roles_in_words(codes: str | Iterable[str]) -> str:
    """Role codes (a list, or joined by commas as the audit log keeps them) as their
    labels in the reader's language: "travailleur social, responsable de circonscription"."""
    if isinstance(codes, str):
        codes = [c for c in codes.split(",") if c]
    labels = dict(Role.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes)
