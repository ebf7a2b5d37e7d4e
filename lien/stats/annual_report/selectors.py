"""Reads of the annual report. Stats does not know the access policy: the caller passes
`office_ids`, the offices whose report the actor may write (lien.web.statistics_access);
the département's report needs every office among them. Anything else is not found."""

from collections.abc import Collection

from .content import AnnualReport, build_report, check_scope, commentary_of, scope_of


def report_commentary(
    *, office_ids: Collection[int], office_id: int | None, year: int
) -> dict[str, str]:
    """The author's words saved for the report, section by section ("" when none)."""
    check_scope(office_ids, office_id)
    return commentary_of(scope_of(office_id), year)


def annual_report(
    *, office_ids: Collection[int], office_id: int | None, year: int, indicators: bool
) -> AnnualReport:
    """The report's content, read from the published grids (the task worker: it may
    decide a year's protection, publication.publish_year)."""
    check_scope(office_ids, office_id)
    return build_report(
        office_ids=office_ids, year=year, office_id=office_id, indicators=indicators
    )
