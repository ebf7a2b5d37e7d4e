"""What the areas of the permission matrix share: the roles, the target an agent tries
to reach, how one rule is checked, and the recipes more than one area uses.

A rule is `name → (recipe, roles allowed on their own office, roles allowed on another
office)`; its recipe returns True when access was granted, and Http404 means it was
refused."""

from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

from lien.accounts.roles import Role
from lien.casefiles.households import selectors as household_selectors
from lien.casefiles.models import CaseFile
from lien.offices.models import RecordKeeping, RecordKeepingChange
from lien.privacy.models import RightsRequest

SW, SEC, MGR, STAT, DPO, ADM = (
    Role.SOCIAL_WORKER,
    Role.SECRETARY,
    Role.MANAGER,
    Role.STATISTICIAN,
    Role.DPO,
    Role.ADMIN,
)
NONE: frozenset = frozenset()
ALL = frozenset(Role.values)


@dataclass
class Target:
    """The objects of one office that an agent tries to reach."""

    office: object
    file: CaseFile
    worker: object  # the social worker who is referent and author there
    other_user: object  # someone whose audit events the agent tries to read

    @property
    def person(self):
        return self.file.household.members.get(relationship="reference").person

    def first(self, related: str):
        return getattr(self.file, related).first()


def target(world, scope: str) -> Target:
    if scope == "own":
        return Target(world.office, world.file, world.users[SW], world.nobody)
    return Target(world.other_office, world.other_file, world.other_worker, world.other_worker)


def check(world, rules: dict, name: str, role: str, scope: str) -> None:
    """The rule's recipe, run by an agent of this role on the own or the other office,
    grants exactly what the rule says."""
    recipe, own, other = rules[name]
    reached = target(world, scope)
    # Something for the audit selectors to find: someone else searched once.
    household_selectors.search_persons(actor=reached.other_user, query="x")
    expected = role in (own if scope == "own" else other)
    try:
        granted = bool(recipe(world.users[role], reached))
    except Http404:
        granted = False
    assert granted == expected, f"{role} on {scope} office: {'granted' if granted else 'refused'}"


def found_in(obj, results) -> bool:
    return obj.pk in {getattr(r, "pk", None) for r in results}


def rights_request(t, kind="access"):
    return RightsRequest.objects.create(
        casefile=t.file,
        person=t.person,
        kind=kind,
        due_on=timezone.localdate(),
        registered_by=t.worker,
    )


def paper_based(t):
    """The target's office, marked paper-based from the start."""
    RecordKeepingChange.objects.get_or_create(
        office=t.office, since=None, defaults={"mode": RecordKeeping.PAPER}
    )
    return t.office
