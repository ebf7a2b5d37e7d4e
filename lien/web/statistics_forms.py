"""The forms of the statistics pages: choosing a grid, an office and a year, and typing
a paper grid."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lien.base.forms import LienForm, choice_field
from lien.stats.definitions import Grid, grid_codes, load_grid
from lien.stats.paper.cells import address, cell_name, positions

ALL = "all"


class StatsScopeForm(LienForm):
    grid = forms.ChoiceField(label=_("Grid"))
    office = forms.ChoiceField(label=_("Office"))
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, offices, years, whole_departement: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "grid").choices = [
            (code, load_grid(code).title) for code in grid_codes()
        ]
        choices = [(ALL, _("Whole département"))] if whole_departement else []
        choice_field(self, "office").choices = choices + [(o.code, o.name) for o in offices]
        choice_field(self, "year").choices = [(y, str(y)) for y in years]


def _reason_field(required: bool) -> forms.CharField:
    return forms.CharField(
        label=_("Reason for the change"),
        required=required,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the grid's history, which the statisticians read."),
    )


class WithdrawPaperGridForm(LienForm):
    reason = _reason_field(required=True)


class PaperGridForm(LienForm):
    """One input per cell and margin of every table of the grid, and the reason of the
    change when the grid already has a version (the service refuses a change without
    one, with its own message)."""

    reason = _reason_field(required=False)

    def __init__(
        self,
        *args,
        grid: Grid,
        initial_values: dict | None = None,
        needs_reason: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.grid = grid
        initial_values = initial_values or {}
        if not needs_reason:
            del self.fields["reason"]
        for table in grid.tables:
            for position in positions(table):
                key = address(table, position)
                self.fields[f"{table.code}:{key}"] = forms.CharField(
                    required=False,
                    label=cell_name(table, position),
                    initial=(initial_values.get(table.code) or {}).get(key, ""),
                    widget=forms.TextInput(
                        attrs={"inputmode": "numeric", "size": 4, "autocomplete": "off"}
                    ),
                )

    def change_reason(self) -> str:
        return self.cleaned_data.get("reason", "")

    def values(self) -> dict:
        values: dict = {}
        for name, value in self.cleaned_data.items():
            if name == "reason":
                continue
            table, key = name.split(":", 1)
            values.setdefault(table, {})[key] = value
        return values

    def tables(self):
        """For the template: per table, its header and rows of bound fields."""
        laid_out = []
        for table in self.grid.tables:
            columns: list[object] = [table.column_label(v) for v in table.column_values]
            has_row_totals = table.columns is not None
            if has_row_totals:
                columns.append(_("Total"))
            rows = []
            labels: list[object] = [table.row_label(v) for v in table.row_values]
            if len(table.row_values) > 1 or not has_row_totals:
                labels.append(_("Total"))
            keys = [*table.row_values, "T"][: len(labels)]
            for label, row in zip(labels, keys, strict=True):
                fields = []
                for column in [*table.column_values, *(["T"] if has_row_totals else [])]:
                    name = f"{table.code}:{row}|{column}"
                    if name in self.fields:
                        fields.append(self[name])
                rows.append((label, fields))
            laid_out.append({"table": table, "columns": columns, "rows": rows})
        return laid_out
