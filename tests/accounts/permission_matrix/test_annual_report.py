"""The permission matrix of the annual report: its commentary and its content, for the
statisticians (every office) and an office's manager (their own); never the social
workers, who read the office's tables but do not publish them."""

import pytest
from django.utils import timezone

from lien.accounts.roles import Role
from lien.stats import services as stats_services
from lien.stats.annual_report import selectors, services
from lien.web.statistics_access import annual_report_office_ids

from .matrix import MGR, STAT, check


def _year(target) -> int:
    day = timezone.localdate()
    stats_services.record_event(
        kind="visit", day=day, office_id=target.office.pk, household_id=target.file.household_id
    )
    return day.year


def _no_audit(**event) -> None:
    """The audit writer the web layer passes (annual_report_views); not under test here."""


ANNUAL_REPORT_RULES = {
    "stats.annual_report.selectors.report_commentary": (
        lambda a, t: isinstance(
            selectors.report_commentary(
                office_ids=annual_report_office_ids(a), office_id=t.office.pk, year=2024
            ),
            dict,
        ),
        {MGR, STAT},
        {STAT},
    ),
    "stats.annual_report.selectors.annual_report": (
        lambda a, t: bool(
            selectors.annual_report(
                office_ids=annual_report_office_ids(a),
                office_id=t.office.pk,
                year=_year(t),
                indicators=True,
            ).sections
        ),
        {MGR, STAT},
        {STAT},
    ),
    "stats.annual_report.services.save_report_commentary": (
        lambda a, t: (
            services.save_report_commentary(
                office_ids=annual_report_office_ids(a),
                office_id=t.office.pk,
                year=2024,
                sections={"activity": "Hausse des passages."},
                audit=_no_audit,
            ).activity
            == "Hausse des passages."
        ),
        {MGR, STAT},
        {STAT},
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("scope", ["own", "other"])
@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("name", sorted(ANNUAL_REPORT_RULES))
def test_matrix(world, name, role, scope):
    check(world, ANNUAL_REPORT_RULES, name, role, scope)
