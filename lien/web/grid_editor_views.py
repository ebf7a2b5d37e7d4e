"""The grid editor: the statistician declares a table from the record's dimensions (what
it counts, its rows, its optional columns; totals come with it), previews it on the
record of a year with its suppression applied, and saves it as a new version of a grid,
in force from a year not published yet (lien/stats/grid_versions.py)."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lien.base.forms import LienForm, choice_field, run_service
from lien.stats import selectors as stats_selectors
from lien.stats.definitions import grid_codes, load_grid
from lien.stats.grid_versions import DeclaredTable, first_open_year, published_preview
from lien.stats.models import GridVersion
from lien.stats.towns import TOWNS_GRID

from . import grid_editor
from .grid_dimensions import COUNTED, Dimension, dimensions_for
from .statistics_access import sees_whole_departement, statistics_office_ids

NEW_GRID = "new"
YEARS_AHEAD = 5


class GridTableForm(LienForm):
    grid = forms.ChoiceField(label=gettext_lazy("Grid"))
    new_grid_title = forms.CharField(
        label=gettext_lazy("Title of the new grid"), required=False, max_length=120
    )
    title = forms.CharField(label=gettext_lazy("Title of the table"), max_length=120)
    counted = forms.ChoiceField(label=gettext_lazy("What the table counts"))
    rows = forms.ChoiceField(label=gettext_lazy("Rows"))
    columns = forms.ChoiceField(label=gettext_lazy("Columns"), required=False)
    preview_year = forms.TypedChoiceField(label=gettext_lazy("Preview on the year"), coerce=int)
    valid_from = forms.TypedChoiceField(label=gettext_lazy("In force from"), coerce=int)

    def __init__(self, *args, preview_years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        grids = [(code, load_grid(code).title) for code in grid_codes()]
        if TOWNS_GRID not in grid_codes():
            grids.append((TOWNS_GRID, _("Towns of residence")))
        choice_field(self, "grid").choices = [*grids, (NEW_GRID, _("A new grid"))]
        choice_field(self, "counted").choices = [(k, c.label) for k, c in COUNTED.items()]
        counted = COUNTED.get(str(self.data.get("counted") or "households"), COUNTED["households"])
        self.dimensions: dict[str, Dimension] = {d.field: d for d in dimensions_for(counted)}
        offered = [(field, d.label) for field, d in self.dimensions.items()]
        choice_field(self, "rows").choices = offered
        choice_field(self, "columns").choices = [("", _("No columns")), *offered]
        choice_field(self, "preview_year").choices = [(y, str(y)) for y in preview_years]
        first = first_open_year()
        choice_field(self, "valid_from").choices = [
            (y, str(y)) for y in range(first, first + YEARS_AHEAD)
        ]

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get("grid") == NEW_GRID and not cleaned.get("new_grid_title", "").strip():
            self.add_error("new_grid_title", _("Give the new grid a title."))
        return cleaned

    def grid_code(self) -> str:
        code = self.cleaned_data["grid"]
        if code != NEW_GRID:
            return code
        number = len([c for c in grid_codes() if c.startswith("grid-")]) + 1
        return f"grid-{number}"

    def declared(self) -> DeclaredTable:
        counted = COUNTED[self.cleaned_data["counted"]]
        columns = self.cleaned_data.get("columns")
        return DeclaredTable(
            title=self.cleaned_data["title"],
            kinds=counted.kinds,
            measure=counted.measure,
            rows=self.dimensions[self.cleaned_data["rows"]].axis(),
            columns=self.dimensions[columns].axis() if columns else None,
        )


def grid_editor_page(request):
    if not sees_whole_departement(request.user):
        raise Http404
    office_ids = statistics_office_ids(request.user)
    years = stats_selectors.years_with_statistics(office_ids=office_ids) or [first_open_year()]
    form = GridTableForm(request.POST or None, preview_years=years)
    preview = None
    if request.method == "POST" and form.is_valid():
        grid_code, table = form.grid_code(), form.declared()
        new_title = form.cleaned_data.get("new_grid_title", "")
        if "save" in request.POST:
            version = run_service(
                form,
                lambda: grid_editor.save_declared_table(
                    actor=request.user,
                    grid_code=grid_code,
                    table=table,
                    valid_from=form.cleaned_data["valid_from"],
                    new_title=new_title,
                ),
            )
            if version is not None:
                messages.success(
                    request,
                    _("Version %(number)s of the grid was saved, in force from %(year)s.")
                    % {"number": version.number, "year": version.valid_from},
                )
                return redirect(reverse("stats_grid_editor"))
        else:
            counted = run_service(
                form,
                lambda: grid_editor.preview_declared_table(
                    actor=request.user,
                    grid_code=grid_code,
                    table=table,
                    year=form.cleaned_data["preview_year"],
                    new_title=new_title,
                ),
            )
            preview = published_preview(counted) if counted is not None else None
    versions = [
        (load_grid(v.grid, v.valid_from).title, v)
        for v in GridVersion.objects.order_by("grid", "valid_from")
    ]
    return render(
        request,
        "stats/grid_editor.html",
        {"form": form, "preview": preview, "versions": versions},
    )
