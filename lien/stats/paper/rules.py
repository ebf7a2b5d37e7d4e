"""Which years of an office take a paper grid: a year under way or over, not closed, in
which the office was paper-based on at least one day."""

from django.utils import timezone
from django.utils.translation import gettext as _

from lien.offices.models import Office
from lien.offices.record_keeping import offices_paper_based_in

from ..models import YearKey


def refusal_for_year(*, office: Office, year: int) -> str | None:
    """Why no paper grid of this office can be typed or changed for that year, or None.
    Also read by the page, to say so before anything is typed."""
    if year > timezone.localdate().year:
        return _("%(year)s has not begun: its grid is typed once the year is under way.") % {
            "year": year
        }
    if YearKey.objects.filter(year=year, closed=True).exists():
        return _("The statistics of %(year)s are closed: their grids can no longer change.") % {
            "year": year
        }
    if office.pk not in offices_paper_based_in(year, [office.pk]):
        return _(
            "%(office)s used Lien throughout %(year)s: its figures come from the statistical "
            "record alone, and no paper grid can be typed for it."
        ) % {"office": office.name, "year": year}
    return None
