"""The legal deadline of a rights request (GDPR art. 12(3)): one month from receipt,
extendable by two further months when the request is complex or requests are many."""

import calendar
from datetime import date

ANSWER_MONTHS = 1
EXTENSION_MONTHS = 2


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has fewer days."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
