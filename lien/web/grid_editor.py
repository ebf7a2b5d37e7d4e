"""The grid editor's acts as the statistician calls them: the access policy decides who
may (the département's statisticians, who see every office), the audit log records each
saved version, lien.stats does the rest (it knows neither the policy nor the log)."""

from django.http import Http404

from lien.audit.models import Action
from lien.audit.services import record
from lien.stats import grid_versions
from lien.stats.grid_versions import DeclaredTable, Preview
from lien.stats.models import GridVersion

from .statistics_access import sees_whole_departement, statistics_office_ids

AUDIT_KIND = "grid_version"


def _statistician(actor) -> None:
    # The editor reads every office's record for its preview: the département's
    # statisticians alone see every office.
    if not sees_whole_departement(actor):
        raise Http404


def preview_declared_table(
    *, actor, grid_code: str, table: DeclaredTable, year: int, new_title: str = ""
) -> Preview:
    """The declared table counted on the year's record of every office, with its own
    suppression applied. Raises ValidationError when the declaration makes no table."""
    _statistician(actor)
    definition = grid_versions.grid_with_table(grid_code, table, new_title=new_title)
    return grid_versions.preview_table(
        office_ids=statistics_office_ids(actor), grid_definition=definition, year=year
    )


def save_declared_table(
    *, actor, grid_code: str, table: DeclaredTable, valid_from: int, new_title: str = ""
) -> GridVersion:
    """A new version of the grid with the declared table, in force from `valid_from`."""
    _statistician(actor)
    definition = grid_versions.grid_with_table(grid_code, table, new_title=new_title)

    def audit(*, object_id: str) -> None:
        record(actor=actor, action=Action.CREATE, object_kind=AUDIT_KIND, object_id=object_id)

    return grid_versions.save_grid_version(
        saved_by_id=actor.pk,
        grid_code=grid_code,
        definition=definition,
        valid_from=valid_from,
        audit=audit,
    )
