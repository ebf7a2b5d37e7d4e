"""Calendar arithmetic shared by the retention engine and the dormant files."""

from datetime import date


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
