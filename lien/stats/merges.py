"""Two households of the case files merged as duplicates, told to the statistical layer.

The case files pass the two household ids, as they do for every event; stats moves the
absorbed household's rows of each open year under the kept household's pseudonym, so
that the grids count one household, and returns an opaque handle. Nothing it keeps names
either household: the moved rows' keys and the situation rows it had to remove (a
household has one situation per office and year), so that `undo_merge` restores them.
A year closed in between is final: its rows are left as they are.
"""

import uuid
from typing import Any

from django.db import transaction

from . import tally
from .models import Kind, MergedTokens, StatEvent, YearKey
from .pseudonyms import pseudonym as _pseudonym


def _open_years() -> list[tuple[int, bytes]]:
    return [
        (year_key.year, bytes(year_key.key))
        for year_key in YearKey.objects.filter(closed=False)
        if year_key.key is not None
    ]


def _retoken(event: StatEvent, token: str) -> None:
    """The kept grid cells follow the row: out of its cells, then into its new ones."""
    tally.uncount_event(event)
    StatEvent.objects.filter(pk=event.pk).update(household_token=token)
    event.household_token = token
    tally.count_event(event)


def _row(event: StatEvent) -> dict[str, Any]:
    return {
        f.attname: (
            str(getattr(event, f.attname)) if f.attname == "id" else getattr(event, f.attname)
        )
        for f in StatEvent._meta.concrete_fields
    }


@transaction.atomic
def merge_households(*, kept_household_id: int, absorbed_household_id: int) -> str:
    handle = uuid.uuid4()
    for year, key in _open_years():
        kept, absorbed = _pseudonym(key, kept_household_id), _pseudonym(key, absorbed_household_id)
        moved, removed = [], []
        for event in StatEvent.objects.filter(year=year, household_token=absorbed).order_by("pk"):
            if (
                event.kind == Kind.SITUATION
                and StatEvent.objects.filter(
                    year=year, office_id=event.office_id, kind=Kind.SITUATION, household_token=kept
                ).exists()
            ):
                # The kept household's situation of the year stands; the other one is
                # kept aside for an undo.
                tally.uncount_event(event)
                removed.append(_row(event))
                event.delete()
                continue
            _retoken(event, kept)
            moved.append(str(event.pk))
        if moved or removed:
            MergedTokens.objects.create(handle=handle, year=year, moved=moved, removed=removed)
    return str(handle)


@transaction.atomic
def undo_merge(*, handle: str, absorbed_household_id: int) -> int:
    """Gives the absorbed household its rows back. Returns the number of rows restored."""
    keys = dict(_open_years())
    restored = 0
    for merged in MergedTokens.objects.filter(handle=handle):
        key = keys.get(merged.year)
        if key is None:
            continue
        token = _pseudonym(key, absorbed_household_id)
        for event in StatEvent.objects.filter(pk__in=merged.moved):
            _retoken(event, token)
            restored += 1
        for row in merged.removed:
            event = StatEvent.objects.create(
                **{**row, "id": uuid.UUID(row["id"]), "household_token": token}
            )
            tally.count_event(event)
            restored += 1
    MergedTokens.objects.filter(handle=handle).delete()
    return restored


def forget_merge(*, handle: str) -> int:
    """Once the merge can no longer be undone: its record goes."""
    deleted, _by_model = MergedTokens.objects.filter(handle=handle).delete()
    return deleted
