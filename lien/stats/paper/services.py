"""Typing, correcting and withdrawing a paper grid.

A paper grid is typed only for an office that was paper-based during the year, by
someone allowed for that office, and only for a year that is over or under way and not
closed. Each change is a new version, never an edit: a correction or a withdrawal
carries its reason. Stats knows neither the access policy nor the audit log: the caller
(lien.web.paper_grids) passes the offices the actor may type grids for and `audit`, a
function that writes the audit event; it is called inside the transaction, so that the
change and its trace commit together or not at all.
"""

from collections.abc import Collection
from typing import Protocol

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from lien.base.users import AnyUser
from lien.offices.models import Office

from ..definitions import Grid, grid_codes, load_grid
from ..models import PaperGrid, PaperGridVersion, VersionKind
from .checks import RawValues, check_paper_grid, shared_margin_faults
from .rules import closed_year_refusal, refusal_for_year
from .typed import TypedValues, current_versions


class Audit(Protocol):
    """Writes the audit event of a change; `action` is "create", "update" or "delete"."""

    def __call__(self, *, action: str, object_id: str, office_id: int, reason: str) -> object: ...


def _office(allowed_office_ids: Collection[int], office_id: int) -> Office:
    office = Office.objects.filter(pk=office_id).first()
    if office is None or office_id not in set(allowed_office_ids):
        raise Http404
    return office


def _grid(grid_code: str, year: int) -> Grid:
    if grid_code not in grid_codes(year):
        raise Http404
    return load_grid(grid_code, year)


def _refuse_if_the_year_takes_no_grid(office: Office, year: int) -> None:
    refusal = refusal_for_year(office=office, year=year)
    if refusal:
        raise ValidationError(refusal, code="year")


def _reason_fault(reason: str, current: PaperGridVersion | None) -> str | None:
    if current is not None and not reason.strip():
        return _("Give the reason for this change: it is kept in the grid's history.")
    return None


def _new_version(
    paper: PaperGrid,
    current: PaperGridVersion | None,
    *,
    kind: VersionKind,
    values: TypedValues,
    reason: str,
    actor: AnyUser | None,
) -> PaperGridVersion:
    return PaperGridVersion.objects.create(
        paper_grid=paper,
        number=current.number + 1 if current else 1,
        kind=kind,
        values=values,
        reason=reason.strip(),
        typed_by_id=actor.pk if actor is not None and actor.is_authenticated else None,
    )


def _audit_reason(version: PaperGridVersion, grid: Grid, office: Office, year: int) -> str:
    described = {
        VersionKind.TYPED: _("paper grid “%(grid)s” of %(office)s for %(year)s typed"),
        VersionKind.CORRECTED: _("paper grid “%(grid)s” of %(office)s for %(year)s corrected"),
        VersionKind.WITHDRAWN: _("paper grid “%(grid)s” of %(office)s for %(year)s withdrawn"),
    }[VersionKind(version.kind)] % {"grid": grid.title, "office": office.name, "year": year}
    line = _("%(change)s (version %(number)s)") % {"change": described, "number": version.number}
    if version.reason:
        line = _("%(change)s: %(reason)s") % {"change": line, "reason": version.reason}
    return line


def _write_audit(
    audit: Audit, version: PaperGridVersion, grid: Grid, office: Office, year: int
) -> None:
    action = {
        VersionKind.TYPED: "create",
        VersionKind.CORRECTED: "update",
        VersionKind.WITHDRAWN: "delete",
    }[VersionKind(version.kind)]
    audit(
        action=action,
        object_id=f"{grid.code}:{year}:v{version.number}",
        office_id=office.pk,
        reason=_audit_reason(version, grid, office, year),
    )
    # The year is published again at once (not at the next page or cron run): a typed
    # grid changes the département's figures and what they withhold.
    from ..tasks import request_protection

    transaction.on_commit(lambda: request_protection(year))


@transaction.atomic
def type_paper_grid(
    *,
    actor: AnyUser | None,
    allowed_office_ids: Collection[int],
    grid_code: str,
    year: int,
    office_id: int,
    values: RawValues,
    reason: str = "",
    audit: Audit,
) -> PaperGridVersion:
    """Saves the grid as a new version (the first, a correction, or a grid typed again
    after a withdrawal). Raises ValidationError naming every faulty cell, or saying why
    the office or the year takes no paper grid; nothing is saved then."""
    office = _office(allowed_office_ids, office_id)
    grid = _grid(grid_code, year)
    _refuse_if_the_year_takes_no_grid(office, year)
    paper, _created = PaperGrid.objects.get_or_create(grid=grid_code, year=year, office=office)
    # Locks the grid's row: two corrections at once cannot both be version n + 1.
    paper = PaperGrid.objects.select_for_update().get(pk=paper.pk)
    current = paper.versions.order_by("-number").first()
    faults = [f for f in [_reason_fault(reason, current)] if f]
    try:
        clean = check_paper_grid(grid, values)
    except ValidationError as error:
        raise ValidationError(faults + error.messages) from None
    others = [
        (load_grid(code, year), version.values)
        for (code, _office_id), version in current_versions(
            grid_codes=[c for c in grid_codes(year) if c != grid_code],
            year=year,
            office_ids=[office.pk],
        ).items()
        if version.kind != VersionKind.WITHDRAWN
    ]
    faults += shared_margin_faults([(grid, clean), *others], grid_code)
    if current is not None and current.kind != VersionKind.WITHDRAWN and current.values == clean:
        faults.append(
            _("Nothing differs from version %(number)s: there is nothing to correct.")
            % {"number": current.number}
        )
    if faults:
        raise ValidationError(faults)
    kind = (
        VersionKind.CORRECTED
        if current is not None and current.kind != VersionKind.WITHDRAWN
        else VersionKind.TYPED
    )
    version = _new_version(paper, current, kind=kind, values=clean, reason=reason, actor=actor)
    _write_audit(audit, version, grid, office, year)
    return version


@transaction.atomic
def withdraw_paper_grid(
    *,
    actor: AnyUser | None,
    allowed_office_ids: Collection[int],
    grid_code: str,
    year: int,
    office_id: int,
    reason: str,
    audit: Audit,
) -> PaperGridVersion:
    """Withdraws the grid: a new version without figures, with its reason. The office's
    figures for the year are then those of the record alone. A grid that no longer
    counts (its office marked computerised for the year) can be withdrawn too."""
    office = _office(allowed_office_ids, office_id)
    grid = _grid(grid_code, year)
    closed = closed_year_refusal(year)
    if closed:
        raise ValidationError(closed, code="year")
    paper = (
        PaperGrid.objects.select_for_update()
        .filter(grid=grid_code, year=year, office=office)
        .first()
    )
    current = paper.versions.order_by("-number").first() if paper else None
    if paper is None or current is None or current.kind == VersionKind.WITHDRAWN:
        raise ValidationError(_("There is no typed grid to withdraw."))
    fault = _reason_fault(reason, current)
    if fault:
        raise ValidationError(fault)
    version = _new_version(
        paper, current, kind=VersionKind.WITHDRAWN, values={}, reason=reason, actor=actor
    )
    _write_audit(audit, version, grid, office, year)
    return version
