"""Turns an event of a file into the coarse values of the statistical layer.

The one place where the case files talk to `lien.stats`: every case-file service that
makes a countable event calls one function here, inside its own transaction. What leaves
this module is coarse by construction: an office, a date (cut to year and month by
stats), bands and catalogue codes. No name, file number, worker, exact age or amount.

The coarsening of situation values and amounts lives here until the catalogue declares
its own (issue 4); then `_coarse_situation` and `amount_band` switch to it.
"""

from datetime import date
from decimal import Decimal

from lien.catalog.models import Item
from lien.stats import services as stats

from .models import CaseFile, HouseholdMember, Relationship, SituationValue

# Situation item code → (statistical dimension, {typed value → category}).
# Anything typed that is not listed here counts as "other": free text never leaves.
_SITUATION = {
    "household-type": (
        "household_type",
        {
            "personne seule": "single",
            "couple sans enfant": "couple",
            "couple avec enfants": "couple-children",
            "famille monoparentale": "single-parent",
        },
    ),
    "housing-status": (
        "housing",
        {
            "locataire parc social": "social-rent",
            "locataire parc privé": "private-rent",
            "hébergé chez un tiers": "hosted",
            "hébergement d'urgence": "emergency",
            "propriétaire": "owner",
        },
    ),
    "main-resource": (
        "resources",
        {
            "salaire": "wages",
            "rsa": "rsa",
            "allocation chômage": "unemployment",
            "retraite": "pension",
            "aah": "disability",
            "sans ressource": "none",
        },
    ),
}


def age_band(birth_date: date | None, on: date) -> str:
    if birth_date is None:
        return ""
    age = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    if age < 25:
        return "under-25"
    if age < 40:
        return "25-39"
    if age < 60:
        return "40-59"
    return "60-plus"


def amount_band(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    if amount < 300:
        return "under-300"
    if amount < 1000:
        return "300-999"
    return "1000-plus"


def _coarse_situation(item_code: str, value: str) -> tuple[str, str] | None:
    if item_code not in _SITUATION:
        return None
    dimension, categories = _SITUATION[item_code]
    return dimension, categories.get(value.strip().casefold(), "other")


def _opposed_statistics(casefile: CaseFile) -> bool:
    """Whether the household's reference person opposed statistics: such a household is
    not in the statistical layer at all. The opposition itself is recorded by the
    privacy app (a later issue); until then nobody has opposed."""
    return False


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
        casefile=casefile, superseded_at__isnull=True
    ).values_list("item__code", "value")
    for code, value in current:
        coarse = _coarse_situation(code, value)
        if coarse:
            situation[coarse[0]] = coarse[1]
    return situation


def record(casefile: CaseFile, kind: str, day: date, **dimensions: str) -> None:
    """Records one event of the file (see stats.models.Kind)."""
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


def situation_changed(casefile: CaseFile, item: Item, value: str) -> None:
    """A situation value was recorded: completes the household's situation of the year
    where it was not known yet (the first known value of the year counts)."""
    coarse = _coarse_situation(item.code, value)
    if coarse is None or _opposed_statistics(casefile):
        return
    stats.complete_situation(
        office_id=casefile.office_id, household_id=casefile.household_id, **{coarse[0]: coarse[1]}
    )
