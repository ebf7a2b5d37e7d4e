"""How an office kept its records on a given day, read from its history of changes.

The statistics read this module (never lien.accounts.organisation.services, which writes
and audits): a paper grid is typed and counted only for a year in which the office was
paper-based.
"""

from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import RecordKeeping, RecordKeepingChange


def _other(mode: str) -> str:
    return RecordKeeping.PAPER if mode == RecordKeeping.COMPUTERISED else RecordKeeping.COMPUTERISED


def _mode_on(changes: list[RecordKeepingChange], day: date) -> str:
    """The mode in force on `day`, from one office's changes sorted by date (undated first)."""
    if not changes:
        return RecordKeeping.COMPUTERISED
    in_force = [c for c in changes if c.since is None or c.since <= day]
    if in_force:
        return in_force[-1].mode
    return _other(changes[0].mode)


def _changes_by_office(office_ids) -> dict[int, list[RecordKeepingChange]]:
    by_office: dict[int, list[RecordKeepingChange]] = {pk: [] for pk in office_ids}
    rows = RecordKeepingChange.objects.filter(office_id__in=list(office_ids)).order_by(
        models.F("since").asc(nulls_first=True)
    )
    for change in rows:
        by_office[change.office_id].append(change)
    return by_office


def _kept_in_year(changes: list[RecordKeepingChange], year: int, mode: str) -> bool:
    """Whether the office kept its records this way on at least one day of the year."""
    if _mode_on(changes, date(year, 1, 1)) == mode:
        return True
    return any(c.mode == mode and c.since is not None and c.since.year == year for c in changes)


def offices_paper_based_in(year: int, office_ids) -> frozenset[int]:
    """Of these offices, those that were paper-based on at least one day of the year:
    the only ones whose paper grid for that year may be typed and counted. An office
    that moves to Lien on 1 March 2026 was paper-based in 2026 (January and February)
    and is computerised from then on."""
    return frozenset(
        office_id
        for office_id, changes in _changes_by_office(office_ids).items()
        if _kept_in_year(changes, year, RecordKeeping.PAPER)
    )


def offices_computerised_in(year: int, office_ids) -> frozenset[int]:
    """Of these offices, those that used Lien on at least one day of the year."""
    return frozenset(
        office_id
        for office_id, changes in _changes_by_office(office_ids).items()
        if _kept_in_year(changes, year, RecordKeeping.COMPUTERISED)
    )


def record_keeping_on(office_id: int, day: date) -> str:
    """How the office kept its records on that day (a RecordKeeping value)."""
    return _mode_on(_changes_by_office([office_id])[office_id], day)


@dataclass(frozen=True)
class Period:
    mode: str
    since: date | None  # None: from the start

    @property
    def label(self) -> str:
        return str(RecordKeeping(self.mode).label)


def record_keeping_history(office_id: int) -> list[Period]:
    """The office's periods, oldest first: the last one is in force today (or from a
    date to come, when a change is planned)."""
    changes = _changes_by_office([office_id])[office_id]
    if not changes:
        return [Period(RecordKeeping.COMPUTERISED, None)]
    periods = [] if changes[0].since is None else [Period(_other(changes[0].mode), None)]
    for change in changes:
        if not periods or periods[-1].mode != change.mode:  # a repeated mode changes nothing
            periods.append(Period(change.mode, change.since))
    return periods


def describe_change(*, mode: str, since: date | None) -> str:
    """“paper-based from 1 March 2026”, or “paper-based from the start”, in the reader's
    language."""
    label = RecordKeeping(mode).label
    if since is None:
        return _("%(mode)s from the start") % {"mode": label}
    return _("%(mode)s from %(date)s") % {"mode": label, "date": date_format(since)}


def change_faults(*, office_id: int, mode: str, since: date | None) -> list[str]:
    """Why this change cannot be recorded (empty when it can). Read by the administration
    form to show the reason beside the field, and checked again by the service."""
    if mode not in RecordKeeping.values:
        return [_("Choose computerised or paper-based.")]
    existing = RecordKeepingChange.objects.filter(office_id=office_id, since=since)
    if since is None and existing.exists():
        return [_("The office's way from the start is already recorded: remove it first.")]
    if since is not None and existing.exists():
        return [
            _("A change on %(date)s is already recorded for this office: remove it first.")
            % {"date": date_format(since)}
        ]
    return []
