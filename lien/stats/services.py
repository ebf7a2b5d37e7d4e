"""Writes to the statistical layer.

`record_event` is called by the case-file services, inside their transaction, with coarse
values only; it grants nothing and checks nothing about the actor (the case-file service
already did). The paper-grid services take the offices the actor may type grids for and
a function that writes the audit event, both from the caller (lien.web.paper_grids):
stats knows neither the access policy nor the audit log, and the event is written in the
service's transaction all the same.
"""

import random
import secrets
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from lien import bulk

from . import tally
from .models import DIMENSIONS, Kind, MergedTokens, StatEvent, StatYear, YearKey
from .pseudonyms import pseudonym as _pseudonym

# Dimensions a caller may pass; anything else (a name, an id, a worker) is refused.
_ALLOWED = frozenset(DIMENSIONS) - {"kind", "month"}


def _year_key(year: int) -> bytes | None:
    """The year's key, created on first use; None once the year is closed."""
    key, _created = YearKey.objects.get_or_create(
        year=year, defaults={"key": secrets.token_bytes(32)}
    )
    return None if key.closed or key.key is None else bytes(key.key)


def _note_years(pairs: set[tuple[int, int]]) -> None:
    """Notes that these (year, office) have events, for the pages' list of years: a read
    of the small table first, so that an office's writers only ever insert once a year."""
    years = {year for year, _office in pairs}
    known = set(
        StatYear.objects.filter(year__in=years, office_id__in={o for _y, o in pairs}).values_list(
            "year", "office_id"
        )
    )
    missing = [StatYear(year=y, office_id=o) for y, o in pairs - known]
    if missing:
        StatYear.objects.bulk_create(missing, ignore_conflicts=True)


@transaction.atomic
def record_event(
    *,
    kind: str,
    day: date,
    office_id: int,
    household_id: int,
    situation: dict[str, str] | None = None,  # {dimension: coarse value}
    **dimensions: str,
) -> StatEvent | None:
    """Records one event, with the household's situation as known now, and that situation
    as the household's of the year if this is its first event of the year in this office. Returns None, recording nothing, when the year is closed (its
    grids are final)."""
    _check(kind, set(dimensions) | set(situation or {}))
    key = _year_key(day.year)
    if key is None:
        return None
    token = _pseudonym(key, household_id)
    common = {
        "year": day.year,
        "month": day.month,
        "office_id": office_id,
        "household_token": token,
    }
    if situation is not None:
        first = not StatEvent.objects.filter(
            kind=Kind.SITUATION, year=day.year, office_id=office_id, household_token=token
        ).exists()
        if first:
            tally.count_event(StatEvent.objects.create(kind=Kind.SITUATION, **common, **situation))
    # Each event carries the household's situation as known at that moment, so that an
    # event can be counted by it (interventions by household type).
    event = StatEvent.objects.create(kind=kind, **common, **(situation or {}), **dimensions)
    tally.count_event(event)
    _note_years({(day.year, office_id)})
    return event


@transaction.atomic
def record_anonymous_event(
    *, kind: str, day: date, office_id: int, **dimensions: str
) -> StatEvent | None:
    """Records an event that belongs to no household (a visit that needed no file). Its
    pseudonym is random, drawn afresh for each event and never kept: two visits of the
    same person are two unrelated rows, and a file opened later links to none of them.
    Returns None, recording nothing, when the year is closed."""
    _check(kind, set(dimensions))
    if kind != Kind.ANONYMOUS_VISIT:
        raise ValueError(f"not an event without a household: {kind!r}")
    if _year_key(day.year) is None:
        return None
    event = StatEvent.objects.create(
        kind=kind,
        year=day.year,
        month=day.month,
        office_id=office_id,
        household_token=secrets.token_hex(16),
        **dimensions,
    )
    tally.count_event(event)
    _note_years({(day.year, office_id)})
    return event


@dataclass(frozen=True)
class NewEvent:
    """One event for `record_events`: the same coarse values `record_event` takes."""

    kind: str
    day: date
    office_id: int
    household_id: int
    situation: dict[str, str]  # {dimension: coarse value}
    dimensions: dict[str, str] = field(default_factory=dict)


def _check(kind: str, names: Iterable[str]) -> None:
    if kind not in Kind.values or kind == Kind.SITUATION:
        raise ValueError(f"not an event kind: {kind!r}")
    unknown = set(names) - _ALLOWED
    if unknown:
        raise ValueError(f"not a statistical dimension: {sorted(unknown)}")


# Tokens per query: well under SQLite's limit of bound parameters.
_CHUNK = 500


def _situations_known(year: int, office_id: int, tokens: list[str]) -> set[str]:
    known: set[str] = set()
    for start in range(0, len(tokens), _CHUNK):
        known.update(
            StatEvent.objects.filter(
                kind=Kind.SITUATION,
                year=year,
                office_id=office_id,
                household_token__in=tokens[start : start + _CHUNK],
            ).values_list("household_token", flat=True)
        )
    return known


@transaction.atomic
def record_events(*, events: Sequence[NewEvent]) -> int:
    """Records many events at once (a bulk import): the same rows and the same kept grid
    cells as `record_event` called for each in turn, in a few queries rather than a few
    per event. Events of a closed year are left out. Returns the number recorded."""
    for event in events:
        _check(event.kind, set(event.dimensions) | set(event.situation))
    keys = {year: _year_key(year) for year in {event.day.year for event in events}}
    new_years = {y for y in keys if not StatEvent.objects.filter(year=y).exists()}
    tokens: dict[tuple[int, int], dict[int, str]] = {}
    for event in events:
        key = keys[event.day.year]
        if key is not None:
            by_household = tokens.setdefault((event.day.year, event.office_id), {})
            if event.household_id not in by_household:
                by_household[event.household_id] = _pseudonym(key, event.household_id)
    # Households of the batch already in the record for the year and office: every event
    # recorded goes with the household's situation row, which is indexed.
    present = {
        (year, office_id, token)
        for (year, office_id), by_household in tokens.items()
        for token in _situations_known(year, office_id, list(by_household.values()))
    }
    with_situation = set(present)
    # Rows as plain dicts of every column (the unset dimensions empty, as a model
    # instance would have them): building a StatEvent each cost more than its insert.
    blank = {name: "" for name in DIMENSIONS if name not in ("kind", "month")}
    rows = []
    for event in events:
        year = event.day.year
        if keys[year] is None:
            continue
        token = tokens[(year, event.office_id)][event.household_id]
        common = {
            **blank,
            "year": year,
            "month": event.day.month,
            "office_id": event.office_id,
            "household_token": token,
        }
        if (year, event.office_id, token) not in with_situation:
            with_situation.add((year, event.office_id, token))
            rows.append({**common, **event.situation, "id": uuid.uuid4(), "kind": Kind.SITUATION})
        rows.append(
            {
                **common,
                **event.situation,
                **event.dimensions,
                "id": uuid.uuid4(),
                "kind": event.kind,
            }
        )
    columns = [field.attname for field in StatEvent._meta.concrete_fields]
    bulk.insert_rows(StatEvent, columns, [tuple(row[c] for c in columns) for row in rows])
    tally.count_batch(rows, new_years=new_years, present=present)
    _note_years({(event.day.year, event.office_id) for event in events if keys[event.day.year]})
    return sum(1 for row in rows if row["kind"] != Kind.SITUATION)


@transaction.atomic
def complete_situation(*, office_id: int, household_id: int, **dimensions: str) -> int:
    """Fills the household's situation of every open year where these dimensions were
    not known yet; a known value is never overwritten (the first one of the year counts)."""
    unknown = set(dimensions) - _ALLOWED
    if unknown:
        raise ValueError(f"not a statistical dimension: {sorted(unknown)}")
    changed = 0
    for year_key in YearKey.objects.filter(closed=False):
        if year_key.key is None:  # only a closed year has lost its key
            continue
        token = _pseudonym(bytes(year_key.key), household_id)
        rows = StatEvent.objects.filter(
            kind=Kind.SITUATION, year=year_key.year, office_id=office_id, household_token=token
        )
        for row in rows:
            missing = {f: v for f, v in dimensions.items() if getattr(row, f) == ""}
            if not missing:
                continue
            # The kept grid cells follow the row: out of its old cells, into its new ones.
            tally.uncount_event(row)
            StatEvent.objects.filter(pk=row.pk).update(**missing)
            for name, value in missing.items():
                setattr(row, name, value)
            tally.count_event(row)
            changed += 1
    return changed


@transaction.atomic
def retract_event(
    *, kind: str, day: date, office_id: int, household_id: int, **dimensions: str
) -> bool:
    """Takes back one event `record_event` recorded with these very values, when the act
    behind it is corrected in its file (an aid decision recorded wrongly). Returns
    whether one was found; nothing changes in a closed year, whose grids are final."""
    _check(kind, set(dimensions))
    year_key = YearKey.objects.filter(year=day.year, closed=False).first()
    if year_key is None or year_key.key is None:
        return False
    event = StatEvent.objects.filter(
        kind=kind,
        year=day.year,
        month=day.month,
        office_id=office_id,
        household_token=_pseudonym(bytes(year_key.key), household_id),
        **dimensions,
    ).first()
    if event is None:
        return False
    tally.uncount_event(event)
    event.delete()
    return True


@transaction.atomic
def close_year(*, year: int, rng: random.Random | None = None) -> int:
    """Destroys the year's key and rewrites its rows so that nothing links them back.

    Each household gets a fresh random token (distinct counts stay right), each row a
    fresh UUID, and the rows are written back in random order, so that neither the key,
    nor the physical order of rows, nor the timing of the audit log can tie a row to a
    file. Run from the command line by the operator once the year's grids are final.
    """
    rng = rng or random.SystemRandom()
    YearKey.objects.update_or_create(year=year, defaults={"key": None, "closed": True})
    rows = list(StatEvent.objects.filter(year=year).values())
    fresh: dict[str, str] = {}
    for row in rows:
        old = row["household_token"]
        if old not in fresh:
            fresh[old] = uuid.UUID(int=rng.getrandbits(128)).hex
        row["household_token"] = fresh[old]
        row["id"] = uuid.UUID(int=rng.getrandbits(128), version=4)
    rng.shuffle(rows)
    StatEvent.objects.filter(year=year).delete()
    # The record of merged households held the rows' former keys: gone with them.
    MergedTokens.objects.filter(year=year).delete()
    StatEvent.objects.bulk_create([StatEvent(**row) for row in rows], batch_size=2000)
    return len(rows)
