"""Which years of an office take a paper grid: a year under way or over, not closed, in
which the office was paper-based on at least one day."""

from django.utils import timezone
from django.utils.translation import gettext as _

from lien.offices.models import Office
from lien.offices.record_keeping import offices_paper_based_in

from ..models import YearKey

# No département kept statistics grids before this year: an earlier one is a typing slip.
FIRST_YEAR = 1980


def is_grid_year(year: int) -> bool:
    """A year a paper grid may name at all (the pages answer 404 for any other)."""
    return FIRST_YEAR <= year <= timezone.localdate().year + 1


def closed_year_refusal(year: int) -> str | None:
    """Why the grids of that year can no longer change (the year is closed), or None."""
    if YearKey.objects.filter(year=year, closed=True).exists():
        return _("The statistics of %(year)s are closed: their grids can no longer change.") % {
            "year": year
        }
    return None


def refusal_for_year(*, office: Office, year: int) -> str | None:
    """Why no paper grid of this office can be typed or changed for that year, or None.
    Also read by the page, to say so before anything is typed."""
    if year < FIRST_YEAR:
        return _("Paper grids are typed for the years from %(first)s on.") % {"first": FIRST_YEAR}
    if year > timezone.localdate().year:
        return _("%(year)s has not begun: its grid is typed once the year is under way.") % {
            "year": year
        }
    closed = closed_year_refusal(year)
    if closed:
        return closed
    if office.pk not in offices_paper_based_in(year, [office.pk]):
        return _(
            "%(office)s used Lien throughout %(year)s: its figures come from the statistical "
            "record alone, and no paper grid can be typed for it."
        ) % {"office": office.name, "year": year}
    return None
