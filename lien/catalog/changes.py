"""How changes to the catalogue's items are applied and kept: an item's fields set with
their diff, the rows of a catalogue file applied all together, and a numbered version of
the whole catalogue. Shared by the services (`services.py`, which check the permission
and write the audit) and the command-line loader (`loader.py`, run by the operator, with
no actor). Called inside the caller's transaction."""

from dataclasses import dataclass, field

from django.db.models import Max
from django.utils import timezone

from lien.audit.models import Action
from lien.audit.services import record

from .models import CatalogueVersion, ChangeKind, Item, ItemChange, Status
from .rules import needs_dpo_approval
from .snapshot import EDITABLE_FIELDS, snapshot_of


def apply_changes(item: Item, changes: dict) -> dict:
    """Sets the changed fields and returns {field: [old, new]}."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    diff = {}
    for name, value in changes.items():
        old = getattr(item, name)
        if old != value:
            diff[name] = [old, value]
            setattr(item, name, value)
    return diff


def jsonable(diff: dict) -> dict:
    return {
        k: [v if isinstance(v, list | dict | str | int | bool) else str(v) for v in pair]
        for k, pair in diff.items()
    }


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    awaiting_approval: list[str] = field(default_factory=list)
    not_in_file: list[str] = field(default_factory=list)
    version: CatalogueVersion | None = None

    @property
    def total(self) -> int:
        return len(self.created) + len(self.updated) + len(self.unchanged)


def apply_rows(rows: list, *, actor) -> ImportResult:
    """The import's work, also used to load the default catalogue from the command line
    (actor None: no audit event, the history says "system"). Call inside a transaction."""
    from .exchange import validate_rows

    validated = validate_rows(rows, existing=_existing())
    result = ImportResult()
    seen = set()
    for row in validated:
        seen.add(row.code)
        item = Item.objects.select_for_update().filter(code=row.code).first()
        created = item is None
        if item is None:
            item = Item(code=row.code)
        diff = apply_changes(item, row.fields)
        target = row.status
        needs_approval = (
            target in (Status.ACTIVE, Status.DEPRECATED)
            and needs_dpo_approval(item)
            and (item.approved_by_id is None or any(f != "position" for f in diff))
        )
        if needs_approval:
            # The import, like the administrator, only proposes a sensitive item.
            if item.status in (Status.ACTIVE, Status.DEPRECATED):
                diff["status"] = [item.status, Status.DRAFT]
            item.status = Status.DRAFT
            item.approved_by, item.approved_at = None, None
            if item.approval_requested_at is None:
                item.approval_requested_by = actor
                item.approval_requested_at = timezone.now()
                diff.setdefault("status", [item.status, "awaiting approval"])
            result.awaiting_approval.append(row.code)
        elif item.status != target:
            diff["status"] = [item.status, target]
            item.status = target
        if not diff and not created:
            result.unchanged.append(row.code)
            continue
        item.updated_at = timezone.now()
        item.save()
        kind = ChangeKind.CREATED if created else ChangeKind.IMPORTED
        ItemChange.objects.create(
            item=item,
            actor=actor if actor is not None and actor.is_authenticated else None,
            kind=kind,
            changes=jsonable({k: v for k, v in diff.items() if k != "position"}),
        )
        (result.created if created else result.updated).append(row.code)
    result.not_in_file = sorted(set(_existing()) - seen)
    return result


def _existing() -> dict[str, dict]:
    return {
        code: {"family": family, "status": status}
        for code, family, status in Item.objects.values_list("code", "family", "status")
    }


def new_version(actor, note: str) -> CatalogueVersion:
    number = (CatalogueVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    version = CatalogueVersion.objects.create(
        number=number,
        created_by=actor if actor is not None and actor.is_authenticated else None,
        note=note[:200],
        snapshot=snapshot_of(Item.objects.order_by("family", "position", "code")),
    )
    if actor is not None:
        record(actor=actor, action=Action.CREATE, object_kind="catalog_version", object_id=number)
    return version
