"""The paper-grid services as the acting agent calls them: the access policy decides the
offices (statistics_access), the audit log records each change, lien.stats does the
rest in one transaction (stats itself knows neither the policy nor the audit log)."""

from lien.audit.models import Action
from lien.audit.services import record
from lien.stats.models import PaperGridVersion
from lien.stats.paper import services

from .statistics_access import paper_grid_office_ids

AUDIT_KIND = "paper_grid"


def _audit(actor):
    def write(*, action: str, object_id: str, office_id: int, reason: str) -> None:
        record(
            actor=actor,
            action=Action(action),
            object_kind=AUDIT_KIND,
            object_id=object_id,
            office_id=office_id,
            reason=reason,
        )

    return write


def type_paper_grid(
    *, actor, grid_code: str, year: int, office_id: int, values: dict, reason: str = ""
) -> PaperGridVersion:
    return services.type_paper_grid(
        actor=actor,
        allowed_office_ids=paper_grid_office_ids(actor),
        grid_code=grid_code,
        year=year,
        office_id=office_id,
        values=values,
        reason=reason,
        audit=_audit(actor),
    )


def withdraw_paper_grid(
    *, actor, grid_code: str, year: int, office_id: int, reason: str
) -> PaperGridVersion:
    return services.withdraw_paper_grid(
        actor=actor,
        allowed_office_ids=paper_grid_office_ids(actor),
        grid_code=grid_code,
        year=year,
        office_id=office_id,
        reason=reason,
        audit=_audit(actor),
    )
