"""Writing the audit log. Called by every service and sensitive selector, inside the
transaction of the act it records, so that an act and its trace commit together."""

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, NoReturn, Protocol

from django.conf import settings
from django.db import models
from django.db.models.options import Options
from django.utils import timezone

from lien.base.users import AnyUser

from .context import current_request_id
from .models import Action, AuditEvent

# What LIEN_AUDIT_READS covers: reads of personal data. Exports, logins and every change
# are logged whatever the setting.
READS = (Action.VIEW, Action.LIST, Action.SEARCH)


class FileIds(Protocol):
    """What the audit log reads of a case file (the case files stand above it)."""

    @property
    def pk(self) -> int: ...
    @property
    def office_id(self) -> int: ...
    @property
    def household_id(self) -> int: ...


class AuditedFile(FileIds, Protocol):
    """A case file as a model: its kind names the events about it."""

    @property
    def _meta(self) -> "Options[Any]": ...


# The audit log stands below the apps that write to it (docs/architecture.md, Layers).
# Two of them tell it, when Django starts, what it needs of them: accounts how to read an
# actor's roles by office (AccountsConfig.ready), privacy how to refuse a write on a file
# under a limitation of processing (PrivacyConfig.ready). Their parameters are typed
# there: the actor is an account of accounts, the file a CaseFile of the case files.
OfficeRoles = Callable[[Any], Mapping[int, Collection[str]]]
RefuseIfLimited = Callable[[Any], None]


def _not_plugged_in(_: object) -> NoReturn:
    raise RuntimeError("the audit log's plug-ins are set by the apps' ready()")


@dataclass
class PlugIns:
    office_roles: OfficeRoles = _not_plugged_in
    refuse_if_limited: RefuseIfLimited = _not_plugged_in


PLUGGED = PlugIns()


def plug_in(
    *, office_roles: OfficeRoles | None = None, refuse_if_limited: RefuseIfLimited | None = None
) -> None:
    """Called once by an app's `ready()`: hands the audit log one of the two functions."""
    if office_roles is not None:
        PLUGGED.office_roles = office_roles
    if refuse_if_limited is not None:
        PLUGGED.refuse_if_limited = refuse_if_limited


def _roles_label(actor: AnyUser | None, office_id: int | None) -> str:
    roles = PLUGGED.office_roles(actor)
    held: Collection[str] | None = roles.get(office_id) if office_id is not None else None
    if held is None:
        held = {r for rs in roles.values() for r in rs}
    return ",".join(sorted(held))


def record(
    *,
    actor: AnyUser | None,
    action: Action,
    object_kind: str = "",
    object_id: int | str | None = None,
    office_id: int | None = None,
    household_id: int | None = None,
    reason: str = "",
    result_count: int | None = None,
) -> AuditEvent | None:
    """Appends one event. Search terms are never passed here, only the result count."""
    if action in READS and not settings.LIEN_AUDIT_READS:
        # Only for the load test's measure of what logging reads costs (base.py).
        return None
    return AuditEvent.objects.create(
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        actor_roles=_roles_label(actor, office_id) if actor is not None else "",
        action=action,
        object_kind=object_kind,
        object_id="" if object_id is None else str(object_id),
        office_id=office_id,
        household_id=household_id,
        reason=reason,
        result_count=result_count,
        request_id=current_request_id(),
    )


WRITES = frozenset({Action.CREATE, Action.UPDATE, Action.DELETE})


def record_for_file(
    *,
    actor: AnyUser | None,
    action: Action,
    casefile: AuditedFile,
    obj: models.Model | None = None,
    reason: str = "",
    while_limited: bool = False,
) -> AuditEvent | None:
    """The common case: an act on a file or on something inside it.

    Every file-write service passes here, in its own transaction: so this is where a
    write on a file under a limitation of processing (GDPR art. 18) is refused, and the
    rollback leaves nothing written. Only the person's-rights acts pass
    `while_limited=True` (see `lien.privacy.limitation`)."""
    if action in WRITES and not while_limited:
        PLUGGED.refuse_if_limited(casefile)
    target = obj if obj is not None else casefile
    return record(
        actor=actor,
        action=action,
        object_kind=target._meta.model_name or "",  # (a concrete model always has one)
        object_id=target.pk,
        office_id=casefile.office_id,
        household_id=casefile.household_id,
        reason=reason,
    )


def record_for_files(
    *, actor: AnyUser | None, action: Action, casefiles: Iterable[FileIds], reason: str = ""
) -> int:
    """`record_for_file` for many files at once (a bulk import): one chained event per
    file, so that each household's access log shows the act like any other."""
    # Namespaces with the event's fields rather than AuditEvent instances: the same row
    # and hash, without the cost of a model instance per file.
    common = {
        "at": timezone.now(),
        "actor_id": actor.pk if actor is not None and actor.is_authenticated else None,
        "action": action,
        "object_kind": "casefile",
        "reason": reason,
        "result_count": None,
        "request_id": current_request_id(),
    }
    roles: dict[int, str] = {}
    events = []
    for casefile in casefiles:
        if casefile.office_id not in roles:
            roles[casefile.office_id] = _roles_label(actor, casefile.office_id)
        events.append(
            SimpleNamespace(
                **common,
                actor_roles=roles[casefile.office_id],
                object_id=str(casefile.pk),
                office_id=casefile.office_id,
                household_id=casefile.household_id,
            )
        )
    AuditEvent.append_many(events)
    return len(events)
