"""Calendar arithmetic shared by the retention engine, the dormant files and the day's
lists (the reception desk, the worker's appointments)."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone


def months_before(day: date, months: int) -> date:
    """The same day `months` months earlier (the last day of the month if it is shorter)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError  # unreachable: every month has 28 days


def day_range(day: date) -> tuple[datetime, datetime]:
    """The local day as a half-open range of instants, [midnight, next midnight): a
    filter on it uses an index on the column, where `field__date=day` converts every
    row's instant first. The next midnight is computed, not added: a day of a clock
    change lasts 23 or 25 hours."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    return start, end
