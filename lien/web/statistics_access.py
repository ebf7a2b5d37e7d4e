"""Who may see which office's statistics, for the stats pages and commands.

Stats does not know the access policy (an import-linter contract keeps it so); the web
layer asks the policy here and passes the resulting office ids to the stats selectors
and services. Statisticians see every office and the département; managers and social
workers their own office's tables; nobody sees a table by worker (there is none).
"""

from lien.accounts.policy import Can, can, offices_where
from lien.offices.models import Office


def _all_offices() -> frozenset[int]:
    return frozenset(Office.objects.values_list("pk", flat=True))


def statistics_office_ids(actor) -> frozenset[int]:
    if can(actor, Can.VIEW_ALL_STATISTICS):
        return _all_offices()
    return offices_where(actor, Can.VIEW_OFFICE_STATISTICS)


def paper_grid_office_ids(actor) -> frozenset[int]:
    """Offices whose paper grid the actor may type, correct or withdraw: the office's
    manager, for their own office only (and only for the years it was paper-based, which
    lien.stats checks). Not the statistician: who holds every published table and had
    typed the grids of several offices could subtract them from the département's grid
    and recover the last office's suppressed cells; a manager knows only the figures of
    their own office, which they have on paper anyway, and sees no other office's."""
    return offices_where(actor, Can.ENTER_PAPER_GRID)


def paper_grid_history_office_ids(actor) -> frozenset[int]:
    """Offices whose paper grids the actor may list, with their history (who, when,
    which change and why; never the figures): every office for the département's
    statisticians, their own for managers."""
    if can(actor, Can.VIEW_ALL_STATISTICS):
        return _all_offices()
    return offices_where(actor, Can.ENTER_PAPER_GRID)


def sees_whole_departement(actor) -> bool:
    return can(actor, Can.VIEW_ALL_STATISTICS)


def annual_report_office_ids(actor) -> frozenset[int]:
    """Offices whose annual report the actor may write and generate: every office (and
    the département, `sees_whole_departement`) for the statisticians, their own office
    for its manager. Not the social workers, who read the office's tables but do not
    publish them."""
    if can(actor, Can.VIEW_ALL_STATISTICS):
        return _all_offices()
    return offices_where(actor, Can.WRITE_ANNUAL_REPORT)
