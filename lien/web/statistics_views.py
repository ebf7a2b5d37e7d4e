"""The statistics pages: a grid for an office or the département, its exports, trends
over years (paper grids: paper_grid_views). Access is decided here (statistics_access)
and passed to the stats selectors as office ids; every page and export is audited."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from lien.audit.models import Action
from lien.audit.services import record
from lien.base.forms import choice_field
from lien.offices.models import Office
from lien.stats import exports, selectors
from lien.stats.charts import line_chart
from lien.stats.definitions import grid_codes, load_grid
from lien.stats.publication import ProtectionPending

from .prepared_files import ask_statistics_export
from .statistics_access import (
    annual_report_office_ids,
    paper_grid_history_office_ids,
    sees_whole_departement,
    statistics_office_ids,
)
from .statistics_forms import ALL, StatsScopeForm

TREND_YEARS = 5


# The first year a year may be asked for: before it, no office kept any grid in Lien.
FIRST_YEAR = 1990


def last_complete_year() -> int:
    """The year shown when none is asked: the last one whose events are all recorded."""
    return timezone.localdate().year - 1


def asked_year(request) -> int | None:
    raw = request.GET.get("year", "")
    if raw.isdigit() and FIRST_YEAR <= int(raw) <= timezone.localdate().year:
        return int(raw)
    return None


def years_offered(office_ids, asked: int | None = None) -> list[int]:
    """The years offered: those with figures, the current and the last complete one, and
    the one asked for (a year without figures is shown as such, never replaced)."""
    years = {timezone.localdate().year, last_complete_year(), *_with_data(office_ids)}
    if asked is not None:
        years.add(asked)
    return sorted(years, reverse=True)


def _with_data(office_ids) -> set[int]:
    return set(selectors.years_with_statistics(office_ids=office_ids))


@dataclass
class Scope:
    """What a statistics page shows: the grid, office and year asked for, checked against
    what the actor may see; `has_data` False for a year with no figure at all, which the
    page says instead of showing a grid of zeros; `refused` when what was asked is not
    offered (the form says why), never silently replaced by something else."""

    form: StatsScopeForm
    grid: str
    office: Office | None
    year: int
    has_data: bool
    refused: bool = False


def _scope(request, office_ids, *, allow_all: bool) -> Scope:
    offices = list(Office.objects.filter(pk__in=office_ids).order_by("name"))
    if not offices:
        raise Http404
    whole = allow_all and sees_whole_departement(request.user)
    years = years_offered(office_ids, asked_year(request))
    form = StatsScopeForm(
        _with_defaults(request.GET, offices, whole) if request.GET else None,
        offices=offices,
        years=years,
        whole_departement=whole,
    )
    if form.is_bound and form.is_valid():
        grid, code, year = (form.cleaned_data[k] for k in ("grid", "office", "year"))
    elif form.is_bound:
        # Not offered (a year to come, an office of someone else): said on the page.
        return Scope(form, "", None, 0, has_data=False, refused=True)
    else:
        grid = _first_choice(form, "grid")
        code = ALL if whole else offices[0].code
        year = last_complete_year()
        form = StatsScopeForm(
            {"grid": grid, "office": code, "year": year},
            offices=offices,
            years=years,
            whole_departement=whole,
        )
        form.is_valid()
    office = None if code == ALL else next(o for o in offices if o.code == code)
    scoped = [office.pk] if office else office_ids
    # A grid declared from a later year (the grid editor) has no figures before it.
    in_force = grid in grid_codes(year)
    return Scope(form, grid, office, year, has_data=in_force and year in _with_data(scoped))


def _with_defaults(asked, offices, whole: bool) -> dict:
    """What was asked, with the choices it leaves out taken as the page would open (a link
    that names only a year still shows the first grid of the usual scope); only a value
    that is asked for and not offered is refused."""
    data = {key: asked.get(key) for key in ("grid", "office", "year") if asked.get(key)}
    data.setdefault("grid", grid_codes()[0])
    data.setdefault("office", ALL if whole else offices[0].code)
    data.setdefault("year", str(last_complete_year()))
    return data


def _without_figures(request, scope: Scope):
    """The page for a year without figures, or for a choice that is not offered."""
    return render(
        request,
        "stats/grid_page.html",
        {"form": scope.form, "scope": scope, "published": None},
        status=400 if scope.refused else 200,
    )


def while_protection_pending(view: Callable) -> Callable:
    """A year whose protection the task worker is deciding shows a page that says so, and
    asks to come back, instead of any count (lien/stats/publication.py)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ProtectionPending as pending:
            response = render(
                request, "stats/protection_pending.html", {"year": pending.args[0]}, status=202
            )
            response["Retry-After"] = "30"
            return response

    return wrapped


@while_protection_pending
def grid_page(request):
    office_ids = statistics_office_ids(request.user)
    scope = _scope(request, office_ids, allow_all=True)
    if not scope.has_data:
        return _without_figures(request, scope)
    form, grid, office, year = scope.form, scope.grid, scope.office, scope.year
    published = selectors.published_grid(
        office_ids=office_ids, grid_code=grid, year=year, office_id=office.pk if office else None
    )
    record(
        actor=request.user,
        action=Action.VIEW,
        object_kind="statistics_grid",
        object_id=f"{grid}:{year}",
        office_id=office.pk if office else None,
    )
    query = urlencode(
        {"grid": grid, "office": str(office.code) if office else ALL, "year": str(year)}
    )
    return render(
        request,
        "stats/grid_page.html",
        {
            "form": form,
            "published": published,
            "query": query,
            "formats": list(exports.FORMATS),
            "sees_paper_grids": bool(paper_grid_history_office_ids(request.user)),
            "writes_annual_report": _writes_report(request.user, office),
            "report_query": urlencode(
                {"office": office.code if office else ALL, "year": str(year)}
            ),
            "edits_grids": sees_whole_departement(request.user),
        },
    )


def _writes_report(user, office: Office | None) -> bool:
    """The link to the annual report, for whoever may write the report of this scope."""
    allowed = annual_report_office_ids(user)
    if office is None:
        return sees_whole_departement(user)
    return office.pk in allowed


def grid_export(request, fmt: str):
    """A whole year of a grid is prepared by the task worker (prepared_files.py): this
    asks for it and sends the agent to the page that offers it once ready. A year without
    figures exports its grid of zeros: the page says why."""
    if fmt not in exports.FORMATS:
        raise Http404
    office_ids = statistics_office_ids(request.user)
    scope = _scope(request, office_ids, allow_all=True)
    if scope.refused:
        raise Http404
    office = scope.office
    return ask_statistics_export(
        request,
        grid=scope.grid,
        year=scope.year,
        office_id=office.pk if office else None,
        office_code=office.code if office else ALL,
        fmt=fmt,
    )


@while_protection_pending
def trends_page(request):
    office_ids = statistics_office_ids(request.user)
    scope = _scope(request, office_ids, allow_all=True)
    if scope.refused:
        return _without_figures(request, scope)
    form, grid_code, office, year = scope.form, scope.grid, scope.office, scope.year
    grid = load_grid(grid_code, year)
    # Years without any figure are left out of the trends, and named on the page.
    with_data = _with_data([office.pk] if office else office_ids)
    span = range(year - TREND_YEARS + 1, year + 1)
    years = [y for y in span if y in with_data]
    missing = [y for y in span if y not in with_data]
    if not years:
        return _without_figures(request, scope)
    trends = [
        {
            "trend": trend,
            "chart": line_chart(
                chart_id=f"chart-{trend.table.code}",
                title=trend.table.title,
                years=years,
                series=trend.series,
            ),
        }
        for trend in selectors.grid_trends(
            office_ids=office_ids,
            grid_code=grid_code,
            years=years,
            office_id=office.pk if office else None,
        )
    ]
    record(
        actor=request.user,
        action=Action.VIEW,
        object_kind="statistics_trends",
        object_id=f"{grid_code}:{years[0]}-{years[-1]}",
        office_id=office.pk if office else None,
    )
    return render(
        request,
        "stats/trends_page.html",
        {
            "form": form,
            "grid": grid,
            "office": office,
            "years": years,
            "missing_years": missing,
            "trends": trends,
        },
    )


def _first_choice(form: StatsScopeForm, name: str) -> Any:
    """The value of the first choice a field offers, as the page opens."""
    choices: Any = choice_field(form, name).choices
    return choices[0][0]
