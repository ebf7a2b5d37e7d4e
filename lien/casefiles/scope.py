"""The one place that turns the access policy into database filters.

Selectors and services both look objects up through here, so that a forbidden object
and a missing one raise the same Http404 and no lookup can forget the office scope.

It is also the one place that keeps archived files (retention's intermediate archive) out
of every normal list, search and page: an archived file answers 404 here, and may only be
opened through `lien.privacy.archive.selectors`, with a reason.

And the one place that honours emergency accesses (`break_glass`): a social worker's
active grant adds its file, for reading only, to what the office scope lets them see.
The condition is added only when the actor holds a grant, so the normal path is unchanged.
"""

from typing import TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from lien.accounts.policy import Can, can, office_roles, offices_where
from lien.accounts.types import Actor
from lien.base.lookups import object_or_404

from .break_glass.grants import GRANTED_CAPABILITIES, GRANTED_ROLES, granted_file_ids
from .models import CaseFile, HouseholdImport

M = TypeVar("M", bound=Model)


def not_archived(file_path: str = "") -> Q:
    """The condition that keeps archived files out; `file_path` leads to the file
    ("casefile__", "household__casefiles__")."""
    return Q(**{f"{file_path}archived_on__isnull": True})


def _office_or_grant(actor, capability: Can, file_path: str) -> Q:
    """The files of the offices where the actor holds the capability, or, for reads, the
    files of their active emergency accesses."""
    condition = Q(**{f"{file_path}office_id__in": offices_where(actor, capability)})
    if capability in GRANTED_CAPABILITIES:
        granted = granted_file_ids(actor)
        if granted:
            condition |= Q(**{f"{file_path}pk__in": granted})
    return condition


def files_in_scope(actor, capability: Can) -> QuerySet[CaseFile]:
    return CaseFile.objects.filter(not_archived(), _office_or_grant(actor, capability, ""))


def in_scope(
    queryset: QuerySet[M],
    actor: Actor,
    capability: Can,
    *,
    office_path: str = "casefile__office_id",
) -> QuerySet[M]:
    """Restricts any queryset of objects inside a file to the offices where the actor
    holds the capability (and the files of their emergency accesses, for reads),
    archived files left out."""
    file_path = office_path.removesuffix("office_id")
    if not file_path and queryset.model is not CaseFile:
        # The grant condition reads `pk` as a file's id: only true of the files themselves.
        raise ValueError("office_path must lead to the case file holding the objects")
    return queryset.filter(not_archived(file_path), _office_or_grant(actor, capability, file_path))


def get_or_404(
    queryset: QuerySet[M],
    actor: Actor,
    capability: Can,
    pk: object,
    *,
    office_path: str = "casefile__office_id",
) -> M:
    """The object of key `pk` within the actor's scope. Http404 when it does not exist, is
    out of scope, or `pk` cannot be a key at all (`lien.base.lookups.object_or_404`). A
    wrong `office_path` or queryset is the code's mistake, not the user's: it raises, so
    that a test or the error log shows it instead of a quiet 404."""
    return object_or_404(in_scope(queryset, actor, capability, office_path=office_path), pk)


def require_office(actor, capability: Can, office_id) -> None:
    """For acts that create something in an office: an office the actor has no such
    right in answers like one that does not exist."""
    if office_id not in offices_where(actor, capability):
        raise Http404


def can_on_file(actor, capability: Can, casefile: CaseFile) -> bool:
    """`policy.can` for one file: the office's capabilities, or a grant's."""
    if can(actor, capability, casefile.office_id):
        return True
    return capability in GRANTED_CAPABILITIES and casefile.pk in granted_file_ids(actor)


def roles_on_file(actor, casefile: CaseFile) -> frozenset[str]:
    """The roles whose view of the catalogue the actor has on this file."""
    roles = office_roles(actor).get(casefile.office_id, frozenset())
    if not roles and casefile.pk in granted_file_ids(actor):
        return GRANTED_ROLES
    return roles


def imports_in_scope(actor) -> QuerySet:
    """The household imports of the offices where the actor may import."""
    return HouseholdImport.objects.filter(office_id__in=offices_where(actor, Can.IMPORT_HOUSEHOLDS))
