"""When an office receives the public: whether an appointment falls within its opening
hours (asked before booking one outside them), and the hours in words for the slip
and the agenda."""

from dataclasses import dataclass
from datetime import datetime, time

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import OpeningPeriod, Weekday


@dataclass(frozen=True)
class DayHours:
    day: str  # the day's name, in the page's language
    periods: list[tuple[time, time]]

    def __str__(self):
        spans = ", ".join(
            _("%(opens)s–%(closes)s")
            % {"opens": opens.strftime("%H:%M"), "closes": closes.strftime("%H:%M")}
            for opens, closes in self.periods
        )
        return _("%(day)s: %(hours)s") % {"day": self.day, "hours": spans}


def week_hours(office_id: int) -> list[DayHours]:
    """The office's week, day by day, the days it is closed left out; empty when its
    hours were never recorded."""
    by_day: dict[int, list[tuple[time, time]]] = {}
    for period in OpeningPeriod.objects.filter(office_id=office_id):
        by_day.setdefault(period.weekday, []).append((period.opens_at, period.closes_at))
    return [DayHours(str(Weekday(day).label), periods) for day, periods in sorted(by_day.items())]


def within_opening_hours(office_id: int, starts_at: datetime, ends_at: datetime) -> bool | None:
    """Whether the whole slot falls in one opening period of the office (local time);
    None when the office's hours are not recorded, which is no reason to stop anyone."""
    periods = list(OpeningPeriod.objects.filter(office_id=office_id))
    if not periods:
        return None
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if start.date() != end.date():
        return False
    return any(
        period.weekday == start.weekday()
        and period.opens_at <= start.time()
        and end.time() <= period.closes_at
        for period in periods
    )
