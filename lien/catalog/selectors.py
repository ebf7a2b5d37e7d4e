"""Reads of the catalogue that depend on who asks: the items a role may see in a file,
the DPO's queue, the usage report, versions and their diff. The generated documents
(register of processing, DPIA inputs) are in `lien.privacy.register`."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Max
from django.http import Http404
from django.utils import timezone

from lien.accounts.policy import Can, can
from lien.audit.models import Action
from lien.audit.services import record
from lien.base.lookups import object_or_404

from .models import CatalogueVersion, Family, Item, ItemChange, Status
from .snapshot import Diff, diff_snapshots, snapshot_of
from .visibility import roles_in_office, visible_to

UNUSED_AFTER_DAYS = 365

# The records that use an item (a situation value, a problem…) belong to the case files,
# which stand above the catalogue (docs/architecture.md, Layers): the case files list them
# here when Django starts (CasefilesConfig.ready), each as (model, day field, office
# field, item field), for the usage report.
ITEM_USES: list[tuple] = []


def _require(actor, capability: Can) -> None:
    if not can(actor, capability):
        raise Http404


def situation_items_for(*, actor, office_id: int, family: str = Family.SITUATION) -> list[Item]:
    """The active situation items (or population-survey items: `family`) the actor's
    roles in this office may see, in order, in one query (the choices are on the row):
    the base of the situation form and of the population survey's."""
    roles = roles_in_office(actor, office_id)
    if not roles:
        return []
    items = Item.objects.offered(family).order_by("position", "code")
    return [item for item in items if visible_to(item, roles)]


def items_awaiting_approval_for(*, actor) -> list[Item]:
    """The DPO's queue: sensitive items proposed for activation."""
    _require(actor, Can.APPROVE_CATALOG_ITEMS)
    return list(
        Item.objects.filter(status=Status.DRAFT, approval_requested_at__isnull=False)
        .select_related("approval_requested_by")
        .order_by("approval_requested_at")
    )


def item_history_for(*, actor, item_id: int) -> list[ItemChange]:
    if not (can(actor, Can.MANAGE_CATALOG) or can(actor, Can.READ_REGISTER)):
        raise Http404
    return list(ItemChange.objects.filter(item_id=item_id).select_related("actor"))


def catalog_items_for(*, actor, statuses=None, export: str = "") -> list[Item]:
    """The whole catalogue for those who govern it. An export (`export="yaml"`…) is
    recorded in the audit log."""
    if not (can(actor, Can.MANAGE_CATALOG) or can(actor, Can.READ_REGISTER)):
        raise Http404
    chosen = Item.objects.order_by("family", "position", "code")
    if statuses:
        chosen = chosen.filter(status__in=statuses)
    items = list(chosen)
    if export:
        record(
            actor=actor,
            action=Action.EXPORT,
            object_kind="catalogue",
            reason=export,
            result_count=len(items),
        )
    return items


def item_for(*, actor, pk) -> Item:
    """One item with who proposed and approved it, for its page."""
    if not (can(actor, Can.MANAGE_CATALOG) or can(actor, Can.READ_REGISTER)):
        raise Http404
    return object_or_404(Item.objects.select_related("approval_requested_by", "approved_by"), pk)


@dataclass
class VersionDiff:
    version: CatalogueVersion
    against: CatalogueVersion | None
    diff: Diff


def versions_for(*, actor) -> list[CatalogueVersion]:
    if not (can(actor, Can.MANAGE_CATALOG) or can(actor, Can.READ_REGISTER)):
        raise Http404
    return list(CatalogueVersion.objects.defer("snapshot").select_related("created_by"))


def version_diff_for(*, actor, number: int, against: int | None = None) -> VersionDiff:
    """What changed from version `against` (by default the one before) to `number`;
    number 0 means the catalogue as it is now."""
    if not (can(actor, Can.MANAGE_CATALOG) or can(actor, Can.READ_REGISTER)):
        raise Http404
    if number == 0:
        version = CatalogueVersion(
            number=0, snapshot=snapshot_of(Item.objects.all()), created_at=timezone.now()
        )
    else:
        stored = CatalogueVersion.objects.filter(number=number).first()
        if stored is None:
            raise Http404
        version = stored
    previous = (
        CatalogueVersion.objects.filter(number=against if against is not None else None).first()
        if against is not None
        else (
            CatalogueVersion.objects.filter(number__lt=number).order_by("-number").first()
            if number
            else CatalogueVersion.objects.order_by("-number").first()
        )
    )
    return VersionDiff(
        version=version,
        against=previous,
        diff=diff_snapshots(previous.snapshot if previous else {}, version.snapshot),
    )


@dataclass
class UsageLine:
    item: Item
    uses: int
    last_used: date | None
    propose_retirement: bool


def usage_report_for(
    *, actor, start: date, end: date, office_id: int | None = None
) -> list[UsageLine]:
    """How often each offered item was filled in the period (in one office or all), and
    which active items nobody used for a year, proposed for retirement. Counts only:
    nothing about a household or a worker."""
    _require(actor, Can.READ_REGISTER)
    day_after = end + timedelta(days=1)
    year_ago = timezone.localdate() - timedelta(days=UNUSED_AFTER_DAYS)
    uses: dict[int, int] = {}
    last: dict[int, date] = {}
    for model, day_field, office_field, key in ITEM_USES:
        scoped = model._default_manager.all()
        if office_id is not None:
            scoped = scoped.filter(**{office_field: office_id})
        in_period = scoped.filter(**{f"{day_field}__gte": start, f"{day_field}__lt": day_after})
        for row in in_period.values(key).annotate(n=Count("pk")).order_by():
            uses[row[key]] = uses.get(row[key], 0) + row["n"]
        day_path = day_field.removesuffix("__date")
        for row in scoped.values(key).annotate(last=Max(day_path)).order_by():
            day = row["last"]
            day = timezone.localdate(day) if isinstance(day, datetime) else day
            if row[key] not in last or day > last[row[key]]:
                last[row[key]] = day
    items = Item.objects.exclude(status__in=[Status.DRAFT]).order_by("family", "position")
    old_enough = timezone.now() - timedelta(days=UNUSED_AFTER_DAYS)
    lines = [
        UsageLine(
            item=item,
            uses=uses.get(item.pk, 0),
            last_used=last.get(item.pk),
            propose_retirement=(
                item.status in (Status.ACTIVE, Status.DEPRECATED)
                and (last.get(item.pk) is None or last[item.pk] < year_ago)
                and item.updated_at <= old_enough
            ),
        )
        for item in items
    ]
    record(
        actor=actor,
        action=Action.LIST,
        object_kind="catalog_usage",
        office_id=office_id,
        result_count=len(lines),
    )
    return lines
