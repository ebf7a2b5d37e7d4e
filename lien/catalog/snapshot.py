"""The catalogue as plain rows: what export writes, import reads, versions store and the
diff compares. One list of fields, so that the four cannot drift apart."""

from dataclasses import dataclass, field

from .models import Item

# The fields an item is described by outside the database, in this order.
ROW_FIELDS = (
    "code",
    "family",
    "label_fr",
    "label_en",
    "help_fr",
    "help_en",
    "value_type",
    "choices",
    "sensitivity",
    "purposes",
    "legal_basis",
    "retention_family",
    "visible_to_roles",
    "feeds_statistics",
    "coarsening",
    "owner",
    "justification",
    "status",
    "counts_as_contact",
)
LIST_FIELDS = ("purposes", "visible_to_roles")
BOOL_FIELDS = ("feeds_statistics", "counts_as_contact")
# Fields an import may set; status goes through the activation rules instead.
EDITABLE_FIELDS = (*(f for f in ROW_FIELDS if f not in ("code", "status")), "position")


def row_of(item: Item) -> dict:
    return {name: getattr(item, name) for name in ROW_FIELDS}


def snapshot_of(items) -> dict[str, dict]:
    return {item.code: {**row_of(item), "position": item.position} for item in items}


@dataclass
class Diff:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    # (code, field, old, new)
    changed: list[tuple[str, str, object, object]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def diff_snapshots(old: dict[str, dict], new: dict[str, dict]) -> Diff:
    diff = Diff(
        added=sorted(set(new) - set(old)),
        removed=sorted(set(old) - set(new)),
    )
    for code in sorted(set(old) & set(new)):
        for name in ROW_FIELDS:
            before, after = old[code].get(name), new[code].get(name)
            if before != after:
                diff.changed.append((code, name, before, after))
    return diff
