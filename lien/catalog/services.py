"""Writes to the catalogue. Each service is keyword-only and atomic, checks the policy,
enforces the rules of `rules.py`, writes the item's history and the audit event in the
same transaction. The administration site and the import go through here, so they refuse
the same things with the same reasons."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.accounts.policy import Can, can
from lien.audit.models import Action
from lien.audit.services import record
from lien.base.lookups import object_or_404

from .changes import ImportResult, apply_changes, apply_rows, jsonable, new_version
from .models import CatalogueVersion, ChangeKind, Item, ItemChange, Status
from .rules import activation_faults, needs_dpo_approval, shape_faults

AUDIT_KIND = "catalog_item"


def _require(actor, capability: Can) -> None:
    # Catalogue pages are not personal data, but a refusal still answers like a
    # missing page, as everywhere in Lien.
    if not can(actor, capability):
        raise Http404


def _item_for_update(item_id) -> Item:
    return object_or_404(Item.objects.select_for_update(), item_id)


def _refuse(faults: list[str], code: str = "rules") -> None:
    if faults:
        raise ValidationError([ValidationError(f, code=code) for f in faults])


def _log(item: Item, actor, kind: str, changes: dict | None = None, reason: str = "") -> None:
    ItemChange.objects.create(
        item=item,
        actor=actor if actor is not None and actor.is_authenticated else None,
        kind=kind,
        changes=changes or {},
        reason=reason,
    )
    if actor is not None:
        action = Action.CREATE if kind in (ChangeKind.CREATED,) else Action.UPDATE
        record(actor=actor, action=action, object_kind=AUDIT_KIND, object_id=item.pk, reason=kind)


def _check_shape(item: Item) -> None:
    faults = shape_faults(item)
    if not item.code or not item.label_fr.strip() or not item.label_en.strip():
        faults.insert(0, _("An item needs a code and a French and an English label."))
    _refuse(faults, "shape")


@transaction.atomic
def create_item(*, actor, code: str, family: str, label_fr: str, label_en: str, **fields) -> Item:
    """A new item, always a draft: activation is a separate, checked step."""
    _require(actor, Can.MANAGE_CATALOG)
    if Item.objects.filter(code=code).exists():
        raise ValidationError({"code": _("An item with this code already exists.")})
    item = Item(code=code, family=family, label_fr=label_fr, label_en=label_en)
    apply_changes(item, fields)
    _check_shape(item)
    item.full_clean(exclude=["approval_requested_by", "approved_by"])
    item.save()
    _log(item, actor, ChangeKind.CREATED)
    return item


@transaction.atomic
def update_item(*, actor, item_id: int, changes: dict, reason: str = "") -> Item:
    """Changes an item's description. An offered item must still satisfy the activation
    rules afterwards; a change that would make it sensitive needs a new proposal."""
    _require(actor, Can.MANAGE_CATALOG)
    item = _item_for_update(item_id)
    was_sensitive = needs_dpo_approval(item)
    diff = apply_changes(item, changes)
    if not diff:
        return item
    _check_shape(item)
    if item.status in (Status.ACTIVE, Status.DEPRECATED):
        _refuse(activation_faults(item))
        if needs_dpo_approval(item) and not was_sensitive:
            raise ValidationError(
                _(
                    "An item in use cannot become sensitive: retire it and propose a new "
                    "item, which the DPO will have to approve."
                ),
                code="sensitive",
            )
    item.updated_at = timezone.now()
    item.full_clean(exclude=["approval_requested_by", "approved_by"])
    item.save()
    _log(item, actor, ChangeKind.CHANGED, jsonable(diff), reason)
    return item


@dataclass
class ActivationResult:
    item: Item
    activated: bool  # False: proposed, waiting for the DPO


@transaction.atomic
def activate_item(*, actor, item_id: int) -> ActivationResult:
    """Offers an item. Refused with the reasons when it breaks a rule; a sensitive item
    is only proposed, and waits for the DPO's approval."""
    _require(actor, Can.MANAGE_CATALOG)
    item = _item_for_update(item_id)
    if item.status == Status.ACTIVE:
        return ActivationResult(item, True)
    _refuse(activation_faults(item), "activation")
    old_status = item.status
    if needs_dpo_approval(item) and item.approved_by_id is None:
        item.approval_requested_by, item.approval_requested_at = actor, timezone.now()
        item.status = Status.DRAFT
        item.save()
        _log(item, actor, ChangeKind.PROPOSED, {"status": [old_status, "awaiting approval"]})
        return ActivationResult(item, False)
    item.status = Status.ACTIVE
    item.updated_at = timezone.now()
    item.save()
    _log(item, actor, ChangeKind.ACTIVATED, {"status": [old_status, Status.ACTIVE]})
    return ActivationResult(item, True)


@transaction.atomic
def approve_item(*, actor, item_id: int) -> Item:
    """The DPO's approval of a proposed sensitive item, which activates it. The DPO may
    not approve their own proposal: two people."""
    _require(actor, Can.APPROVE_CATALOG_ITEMS)
    item = _item_for_update(item_id)
    if not item.awaiting_approval:
        raise ValidationError(_("This item is not awaiting approval."), code="not_pending")
    if item.approval_requested_by_id == actor.pk:
        raise ValidationError(
            _("The person who proposed an item cannot also approve it."), code="same_person"
        )
    _refuse(activation_faults(item), "activation")
    item.approved_by, item.approved_at = actor, timezone.now()
    item.status = Status.ACTIVE
    item.updated_at = timezone.now()
    item.save()
    _log(item, actor, ChangeKind.APPROVED, {"status": [Status.DRAFT, Status.ACTIVE]})
    return item


@transaction.atomic
def refuse_item(*, actor, item_id: int, reason: str) -> Item:
    """The DPO sends a proposal back to the administrator, with the reason."""
    _require(actor, Can.APPROVE_CATALOG_ITEMS)
    item = _item_for_update(item_id)
    if not item.awaiting_approval:
        raise ValidationError(_("This item is not awaiting approval."), code="not_pending")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the item is refused.")})
    item.approval_requested_by, item.approval_requested_at = None, None
    item.save()
    _log(item, actor, ChangeKind.REFUSED, reason=reason)
    return item


_ALLOWED_MOVES: dict[str, set[Status]] = {
    Status.DEPRECATED: {Status.ACTIVE},
    Status.RETIRED: {Status.ACTIVE, Status.DEPRECATED, Status.DRAFT},
}


@transaction.atomic
def set_item_status(*, actor, item_id: int, status: str, reason: str = "") -> Item:
    """Deprecates or retires an item. A retired item is no longer offered but stays
    readable in the files and the history that use it. (Activation: `activate_item`.)"""
    _require(actor, Can.MANAGE_CATALOG)
    item = _item_for_update(item_id)
    if status not in _ALLOWED_MOVES or item.status not in _ALLOWED_MOVES[status]:
        raise ValidationError(
            _("An item cannot go from %(old)s to %(new)s.")
            % {
                "old": item.get_status_display(),
                "new": Status(status).label if status in Status.values else status,
            },
            code="status",
        )
    old = item.status
    item.status = status
    item.approval_requested_by, item.approval_requested_at = None, None
    item.updated_at = timezone.now()
    item.save()
    _log(item, actor, ChangeKind.STATUS, {"status": [old, status]}, reason)
    return item


@transaction.atomic
def save_catalog_version(*, actor, note: str = "") -> CatalogueVersion:
    """A numbered snapshot of the whole catalogue, to compare with later ones."""
    _require(actor, Can.MANAGE_CATALOG)
    return new_version(actor, note)


@transaction.atomic
def import_catalog(*, actor, rows: list, note: str = "") -> ImportResult:
    """Creates or updates items from rows (see `exchange.py`), all or nothing: when one
    row breaks a rule, a ValidationError names every faulty row and nothing is saved."""
    _require(actor, Can.MANAGE_CATALOG)
    result = apply_rows(rows, actor=actor)
    result.version = new_version(actor, note or _("Import"))
    record(
        actor=actor,
        action=Action.UPDATE,
        object_kind="catalogue",
        reason="import",
        result_count=result.total,
    )
    return result
