"""Turns an event of a file into the coarse values of the statistical layer.

The one place where the case files talk to `lien.stats`: every case-file service that
makes a countable event calls one function here, inside its own transaction. What leaves
this module is coarse by construction: an office, a date (cut to year and month by
stats), bands and catalogue codes. No name, file number, worker, exact age or amount.

How a value becomes coarse is the catalogue's declaration (`Item.coarsening`, through
`lien.catalog.value_types.statistical_value`); which situation item feeds which dimension of the record is
said once here.
"""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Protocol

from django.db.models import Min
from django.utils import timezone

from lien.catalog.coarsening import Coarsening, coarsen
from lien.catalog.models import Item
from lien.catalog.value_types import statistical_value
from lien.stats import services as stats
from lien.stats.models import Kind

from .models import CaseFile, HouseholdMember, Person, Relationship, SituationValue
from .privacy_questions import privacy

# Situation item code → the dimension of the statistical record it feeds. Its value is
# coarsened as the item declares; an item that does not feed statistics is left out.
_DIMENSIONS = {
    "household-type": "household_type",
    "housing-status": "housing",
    "main-resource": "resources",
}


def age_band(birth_date: date | None, on: date) -> str:
    return coarsen(Coarsening.AGE_BAND, birth_date, on=on) or ""


def amount_band(amount: Decimal | None) -> str:
    return coarsen(Coarsening.AMOUNT_BAND, amount) or ""


def _coarse_situation(item: Item, value: str) -> tuple[str, str] | None:
    dimension = _DIMENSIONS.get(item.code)
    if dimension is None:
        return None
    coarse = statistical_value(item, value)
    return (dimension, coarse) if coarse is not None else None


def _opposed_statistics(casefile: CaseFile) -> bool:
    """Whether the household's reference person opposed statistics (recorded by the
    privacy app): from then on the household adds nothing to the statistical layer."""
    return HouseholdMember.objects.filter(
        household_id=casefile.household_id,
        relationship=Relationship.REFERENCE,
        left_on__isnull=True,
        person_id__in=privacy().persons_opposed_to_statistics(),
    ).exists()


def _situation(casefile: CaseFile, day: date) -> dict:
    """The coarse situation of the household, as known now, for its first event of the year."""
    reference = (
        HouseholdMember.objects.filter(
            household_id=casefile.household_id,
            relationship=Relationship.REFERENCE,
            left_on__isnull=True,
        )
        .select_related("person")
        .first()
    )
    known = CaseFile.objects.filter(
        household_id=casefile.household_id,
        office_id=casefile.office_id,
        opened_on__lt=date(day.year, 1, 1),
    ).exists()
    situation = {
        "household_status": "known" if known else "new",
        "age_band": age_band(reference.person.birth_date if reference else None, day),
    }
    current = SituationValue.objects.filter(
        casefile=casefile, superseded_at__isnull=True, item__code__in=_DIMENSIONS
    ).select_related("item")
    for situation_value in current:
        coarse = _coarse_situation(situation_value.item, situation_value.value)
        if coarse:
            situation[coarse[0]] = coarse[1]
    return situation


def record(casefile: CaseFile, kind: Kind, day: date, **dimensions: str) -> None:
    """Records one event of the file. A future day is a bug of the caller (services
    refuse such dates): it would open next year's statistics."""
    if day > timezone.localdate():
        raise ValueError(f"a statistical event cannot be dated in the future: {day}")
    if _opposed_statistics(casefile):
        return
    stats.record_event(
        kind=kind,
        day=day,
        office_id=casefile.office_id,
        household_id=casefile.household_id,
        situation=_situation(casefile, day),
        **dimensions,
    )


class FileKeys(Protocol):
    """What `record_many` reads of a file: a CaseFile, or a bulk import's NewFile."""

    @property
    def pk(self) -> int: ...
    @property
    def household_id(self) -> int: ...
    @property
    def office_id(self) -> int: ...


# Households per lookup in `record_many`: well under SQLite's limit of bound parameters.
_CHUNK = 500


def retract(casefile: CaseFile, kind: str, day: date, **dimensions: str) -> None:
    """Takes back an event `record` recorded with these values (a corrected decision)."""
    stats.retract_event(
        kind=kind,
        day=day,
        office_id=casefile.office_id,
        household_id=casefile.household_id,
        **dimensions,
    )


def _record_chunk(chunk: Sequence[tuple[FileKeys, str, date, dict]]) -> int:
    """`record` for each event of the chunk, its lookups made once for all."""
    households = {casefile.household_id for casefile, *_rest in chunk}
    # household → (person, birth date): the lowest id, as .first() takes
    references: dict[int, tuple[int, date | None]] = {}
    for household_id, reference_id, reference_birth in (
        HouseholdMember.objects.filter(
            household_id__in=households, relationship=Relationship.REFERENCE, left_on__isnull=True
        )
        .order_by("-pk")
        .values_list("household_id", "person_id", "person__birth_date")
    ):
        references[household_id] = (reference_id, reference_birth)
    opposed = set(
        Person.objects.filter(pk__in=[person_id for person_id, _birth in references.values()])
        .filter(pk__in=privacy().persons_opposed_to_statistics())
        .values_list("pk", flat=True)
    )
    first_opened = {
        (row["household_id"], row["office_id"]): row["first"]
        for row in CaseFile.objects.filter(household_id__in=households)
        .values("household_id", "office_id")
        .annotate(first=Min("opened_on"))
    }
    known_values: dict[int, dict] = {}
    current = SituationValue.objects.filter(
        casefile_id__in=[casefile.pk for casefile, *_rest in chunk],
        superseded_at__isnull=True,
        item__code__in=_DIMENSIONS,
    ).select_related("item")
    for situation_value in current:
        coarse = _coarse_situation(situation_value.item, situation_value.value)
        if coarse:
            known_values.setdefault(situation_value.casefile_id, {})[coarse[0]] = coarse[1]
    events = []
    for casefile, kind, day, dimensions in chunk:
        person_id, birth_date = references.get(casefile.household_id, (None, None))
        if person_id in opposed:
            continue
        first = first_opened.get((casefile.household_id, casefile.office_id))
        situation = {
            "household_status": "known" if first and first < date(day.year, 1, 1) else "new",
            "age_band": age_band(birth_date, day),
        }
        situation.update(known_values.get(casefile.pk, {}))
        events.append(
            stats.NewEvent(
                kind=kind,
                day=day,
                office_id=casefile.office_id,
                household_id=casefile.household_id,
                situation=situation,
                dimensions=dimensions,
            )
        )
    return stats.record_events(events=events)


def record_many(events: Sequence[tuple[FileKeys, Kind, date, dict]]) -> int:
    """`record` for many events at once (casefile, kind, day, dimensions), as a bulk
    import makes them: the same statistical rows, in a few queries per 500 events rather
    than a few per event. Of a file only its `pk`, `household_id` and `office_id` are
    read (a bulk import passes plain tuples). Returns the number of events recorded."""
    return sum(
        _record_chunk(events[start : start + _CHUNK]) for start in range(0, len(events), _CHUNK)
    )


def situation_changed(casefile: CaseFile, item: Item, value: str) -> None:
    """A situation value was recorded: completes the household's situation of the year
    where it was not known yet (the first known value of the year counts)."""
    coarse = _coarse_situation(item, value)
    if coarse is None or _opposed_statistics(casefile):
        return
    stats.complete_situation(
        office_id=casefile.office_id, household_id=casefile.household_id, **{coarse[0]: coarse[1]}
    )


# Delays in days, upper bounds of the bands: the grids count requests by band, never
# the dates (the statistical record holds a year and a month only).
DELAY_BANDS = ((15, "0-15"), (30, "16-30"), (60, "31-60"), (90, "61-90"))


def delay_band(start: date | None, end: date | None) -> str:
    if start is None or end is None:
        return ""
    days = (end - start).days
    for bound, label in DELAY_BANDS:
        if days <= bound:
            return label
    return "91+"


def record_aid_decision(aid) -> None:
    """A decision taken in committee: the same event as the office's decision (the
    scheme is the aid type's code, the amount a band), with the delay from the
    submission to the decision in a band."""
    record(
        aid.casefile,
        Kind.AID_DECISION,
        aid.decided_on,
        aid_type=aid.aid_type.code,
        decision=aid.status,
        amount_band=amount_band(aid.amount_granted),
        delay_band=delay_band(aid.submitted_on, aid.decided_on),
    )


def record_aid_payment(aid, paid_on: date) -> None:
    """An aid paid: its scheme, its amount and the delay from the submission to the
    payment, in bands."""
    record(
        aid.casefile,
        Kind.AID_PAYMENT,
        paid_on,
        aid_type=aid.aid_type.code,
        amount_band=amount_band(aid.amount_granted),
        delay_band=delay_band(aid.submitted_on, paid_on),
    )
