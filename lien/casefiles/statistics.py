"""Turns an event of a file into the coarse values of the statistical layer.

The one place where the case files talk to `lien.stats`: every case-file service that
makes a countable event calls one function here, inside its own transaction. What leaves
this module is coarse by construction: an office, a date (cut to year and month by
stats), bands and catalogue codes. No name, file number, worker, exact age or amount.

What is recorded is derived from the catalogue, so that the catalogue, the register of
processing (which prints `recorded_as`) and the record cannot disagree: every situation or
population-survey item that declares a statistical use (`Item.feeds_statistics`) feeds
the field of the record named after it (`dimension_of`), coarsened as it declares
(`Item.coarsening`, through `lien.catalog.value_types.statistical_value`); a problem, an
intervention or an aid item is recorded as a category of its event. An item declared
for statistics that the record has no field for is not counted, and the register says
so; `tests/casefiles/test_statistics_truth.py` fails until the record gets its field.
"""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Protocol

from django.db.models import Min, Q
from django.utils import timezone

from lien.catalog.coarsening import Coarsening, coarsen, remaining_band
from lien.catalog.models import Family, Item
from lien.catalog.value_types import statistical_value
from lien.stats import merges as stats_merges
from lien.stats import services as stats
from lien.stats.models import SITUATION_DIMENSIONS, Kind, StatEvent

from .budget.summary import latest_sheet, summarise
from .models import CaseFile, HouseholdMember, Person, Relationship, SituationValue
from .privacy_questions import privacy
from .residence import TownsCovered

# The families whose items describe the household (its situation of the year), and the
# field of an event that the items of the other families are recorded in.
SITUATION_FAMILIES = (Family.SITUATION, Family.POPULATION_SURVEY)
EVENT_FIELDS = {
    Family.PROBLEM: "problem_family",
    Family.INTERVENTION: "intervention_type",
    Family.AID: "aid_type",
}
# The first fields of the record predate the rule of `dimension_of` and keep their names.
_NAMED_BEFORE = {"housing-status": "housing", "main-resource": "resources"}


def dimension_of(item_code: str) -> str:
    """The field of the statistical record a situation item feeds: its code, with
    underscores (household-type → household_type)."""
    return _NAMED_BEFORE.get(item_code, item_code.replace("-", "_"))


def recorded_as(item: Item) -> str | None:
    """The field of the statistical record an item feeding statistics is counted in, or
    None when it is not counted (it declares no statistical use, or the record has no
    field for it: the register of processing says so)."""
    if not item.feeds_statistics:
        return None
    if item.family in SITUATION_FAMILIES:
        dimension = dimension_of(item.code)
        return dimension if dimension in SITUATION_DIMENSIONS else None
    return EVENT_FIELDS.get(Family(item.family))


def dimension_label(dimension: str) -> str:
    """The words of a field of the statistical record, for the register."""
    return str(getattr(StatEvent._meta.get_field(dimension), "verbose_name", dimension))


def _feeding_situation():
    """The current situation values whose item feeds statistics, as a filter."""
    return {
        "superseded_at__isnull": True,
        "item__feeds_statistics": True,
        "item__family__in": SITUATION_FAMILIES,
    }


def age_band(birth_date: date | None, on: date) -> str:
    return coarsen(Coarsening.AGE_BAND, birth_date, on=on) or ""


def amount_band(amount: Decimal | None) -> str:
    return coarsen(Coarsening.AMOUNT_BAND, amount) or ""


def _coarse_situation(item: Item, value: str, on: date | None = None) -> tuple[str, str] | None:
    if item.family not in SITUATION_FAMILIES:
        return None
    dimension = recorded_as(item)
    if dimension is None:
        return None
    coarse = statistical_value(item, value, on=on)
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


def members_on(household_id: int, day: date) -> list[HouseholdMember]:
    """The household as it was on `day`: who had joined by then and not yet left."""
    return list(
        HouseholdMember.objects.filter(household_id=household_id, joined_on__lte=day)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=day))
        .select_related("person")
        .order_by("pk")
    )


def composition_type(members: Sequence[HouseholdMember]) -> str:
    """The household type (the catalogue's codes of `household-type`) of a composition."""
    relationships = [member.relationship for member in members]
    couple = Relationship.PARTNER in relationships
    children = Relationship.CHILD in relationships
    others = {Relationship.RELATIVE, Relationship.OTHER} & set(relationships)
    if not members or others:
        return "other" if members else ""
    if couple:
        return "couple-children" if children else "couple-no-child"
    return "single-parent" if children else "single"


def _situation(casefile: CaseFile, day: date) -> dict:
    """The coarse situation of the household for its first event of the year: the
    composition and the reference person as they were on the event's day, the situation
    values as known now."""
    members = members_on(casefile.household_id, day)
    reference = next((m for m in members if m.relationship == Relationship.REFERENCE), None)
    known = CaseFile.objects.filter(
        household_id=casefile.household_id,
        office_id=casefile.office_id,
        opened_on__lt=date(day.year, 1, 1),
    ).exists()
    person = reference.person if reference else None
    situation = {
        "household_status": "known" if known else "new",
        "age_band": age_band(person.birth_date if person else None, day),
        "reference_sex": person.sex if person else "",
        # The reference person's town of residence, coarse (lien/stats/towns.py).
        "town": TownsCovered().coarse(person.postal_code, person.town) if person else "",
    }
    current = SituationValue.objects.filter(casefile=casefile, **_feeding_situation())
    for situation_value in current.select_related("item"):
        coarse = _coarse_situation(situation_value.item, situation_value.value, day)
        if coarse:
            situation[coarse[0]] = coarse[1]
    # A household whose composition changed (someone left, died, separated, or came from
    # another household): the type recorded in the situation may describe another day;
    # the dated composition does not.
    if HouseholdMember.objects.filter(
        Q(household_id=casefile.household_id) | Q(person_id__in=[m.person_id for m in members]),
        left_on__isnull=False,
    ).exists():
        situation["household_type"] = composition_type(members) or situation.get(
            "household_type", ""
        )
    band = budget_band(casefile, day)
    if band:
        situation["remaining_band"] = band
    return situation


def budget_band(casefile: CaseFile, day: date) -> str | None:
    """The band of the household's reste à vivre a day per consumption unit, from its
    latest budget dated on or before `day`: the one figure of a budget statistics hold."""
    sheet = latest_sheet(casefile.pk, on=day)
    if sheet is None:
        return None
    return remaining_band(summarise(sheet).figures.per_unit_per_day)


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
    # household → (person, birth date, sex, town): the lowest id, as .first() takes
    references: dict[int, tuple[int, date | None, str, str]] = {}
    towns = TownsCovered()
    for household_id, reference_id, birth, sex, postal_code, town in (
        HouseholdMember.objects.filter(
            household_id__in=households, relationship=Relationship.REFERENCE, left_on__isnull=True
        )
        .order_by("-pk")
        .values_list(
            "household_id",
            "person_id",
            "person__birth_date",
            "person__sex",
            "person__postal_code",
            "person__town",
        )
    ):
        references[household_id] = (reference_id, birth, sex, towns.coarse(postal_code, town))
    opposed = set(
        Person.objects.filter(pk__in=[person_id for person_id, *_rest in references.values()])
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
        casefile_id__in=[casefile.pk for casefile, *_rest in chunk], **_feeding_situation()
    ).select_related("item")
    for situation_value in current:
        coarse = _coarse_situation(situation_value.item, situation_value.value)
        if coarse:
            known_values.setdefault(situation_value.casefile_id, {})[coarse[0]] = coarse[1]
    events = []
    for casefile, kind, day, dimensions in chunk:
        person_id, birth_date, sex, town = references.get(
            casefile.household_id, (None, None, "", "")
        )
        if person_id in opposed:
            continue
        first = first_opened.get((casefile.household_id, casefile.office_id))
        situation = {
            "household_status": "known" if first and first < date(day.year, 1, 1) else "new",
            "age_band": age_band(birth_date, day),
            "reference_sex": sex,
            "town": town,
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
    coarse = _coarse_situation(item, value, timezone.localdate())
    if coarse is None or _opposed_statistics(casefile):
        return
    stats.complete_situation(
        office_id=casefile.office_id, household_id=casefile.household_id, **{coarse[0]: coarse[1]}
    )


def households_merged(*, kept_household_id: int, absorbed_household_id: int) -> str:
    """Two households were merged as duplicates: the statistical layer counts them as one
    from now on in its open years. Returns its opaque handle, kept for an undo."""
    return stats_merges.merge_households(
        kept_household_id=kept_household_id, absorbed_household_id=absorbed_household_id
    )


def household_merge_undone(*, handle: str, absorbed_household_id: int) -> None:
    stats_merges.undo_merge(handle=handle, absorbed_household_id=absorbed_household_id)


def household_merge_settled(*, handle: str) -> None:
    """The merge can no longer be undone: stats forgets what it kept for the undo."""
    stats_merges.forget_merge(handle=handle)


def anonymous_visit(*, office_id: int, day: date, **dimensions: str) -> bool:
    """A visit that needed no file: counted with its coarse values (reason, channel, town,
    age band) and a random pseudonym of its own, so that it belongs to no household.
    False when the year's statistics are closed."""
    if day > timezone.localdate():
        raise ValueError(f"a statistical event cannot be dated in the future: {day}")
    event = stats.record_anonymous_event(
        kind=Kind.ANONYMOUS_VISIT, day=day, office_id=office_id, **dimensions
    )
    return event is not None


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


def record_aid_decision(aid, refusal_reason: str = "") -> None:
    """A decision taken in committee: the same event as the office's decision (the
    scheme is the aid type's code, the amount a band), with the delay from the
    submission to the decision in a band and, for a refusal, the family of its first
    reason in the scheme's list (ReasonFamily), never its wording."""
    record(
        aid.casefile,
        Kind.AID_DECISION,
        aid.decided_on,
        aid_type=aid.aid_type.code,
        decision=aid.status,
        amount_band=amount_band(aid.amount_granted),
        delay_band=delay_band(aid.submitted_on, aid.decided_on),
        refusal_reason=refusal_reason,
    )


def record_aid_payment(aid, paid_on: date) -> None:
    """An aid paid: its scheme, its amount and the delays from the submission and from
    the decision to the payment, in bands."""
    record(
        aid.casefile,
        Kind.AID_PAYMENT,
        paid_on,
        aid_type=aid.aid_type.code,
        amount_band=amount_band(aid.amount_granted),
        delay_band=delay_band(aid.submitted_on, paid_on),
        payment_delay_band=delay_band(aid.decided_on, paid_on),
    )
