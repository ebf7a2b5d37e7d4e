"""The permission matrix of the household budget, the social report and the letters:
the file's social workers write them; the manager reads the budget, the report and the
letters produced (as she reads the aid requests); secretaries see none of it; no role
reaches another office's; only the administrator writes letter templates."""

from decimal import Decimal

import pytest
from django.utils import timezone

from lien.accounts.roles import Role
from lien.casefiles.budget import selectors as budget_selectors
from lien.casefiles.budget import services as budget_services
from lien.casefiles.letters import selectors as letter_selectors
from lien.casefiles.letters import services as letter_services
from lien.casefiles.models import BudgetLine, BudgetSheet, LetterTemplate, SocialReport
from lien.casefiles.reports import selectors as report_selectors
from lien.casefiles.reports import services as report_services
from lien.catalog.models import Purpose

from .matrix import ADM, MGR, NONE, SW, check


def _sheet(t) -> BudgetSheet:
    sheet = BudgetSheet.objects.filter(casefile=t.file).first()
    return sheet or BudgetSheet.objects.create(
        casefile=t.file, dated_on=timezone.localdate(), created_by=t.worker
    )


def _line(t) -> BudgetLine:
    return BudgetLine.objects.create(
        sheet=_sheet(t), direction="charge", category="rent", monthly_amount=Decimal("500")
    )


def _report(t) -> SocialReport:
    report = SocialReport.objects.filter(aid_request__casefile=t.file).first()
    return report or SocialReport.objects.create(
        aid_request=t.first("aid_requests"), assessment="Budget tendu.", written_by=t.worker
    )


def _convocation() -> LetterTemplate:
    return LetterTemplate.objects.get(kind="convocation")


BUDGET_REPORT_LETTER_RULES = {
    "casefiles.budget.selectors.budget_for": (
        lambda a, t: budget_selectors.budget_for(actor=a, casefile_id=t.file.pk) is not None,
        {SW, MGR},
        NONE,
    ),
    "casefiles.budget.selectors.budget_sheet_for": (
        lambda a, t: budget_selectors.budget_sheet_for(actor=a, pk=_sheet(t).pk) is not None,
        {SW, MGR},
        NONE,
    ),
    "casefiles.budget.services.start_budget_sheet": (
        lambda a, t: budget_services.start_budget_sheet(actor=a, casefile_id=t.file.pk) is not None,
        {SW},
        NONE,
    ),
    "casefiles.budget.services.add_budget_line": (
        lambda a, t: (
            budget_services.add_budget_line(
                actor=a,
                sheet_id=_sheet(t).pk,
                direction="income",
                category="rsa",
                monthly_amount=Decimal("607.75"),
                person_id=t.person.pk,
            )
            is not None
        ),
        {SW},
        NONE,
    ),
    "casefiles.budget.services.remove_budget_line": (
        lambda a, t: budget_services.remove_budget_line(actor=a, line_id=_line(t).pk) is None,
        {SW},
        NONE,
    ),
    "casefiles.reports.selectors.social_report_for": (
        lambda a, t: report_selectors.social_report_for(actor=a, pk=_report(t).pk) is not None,
        {SW, MGR},
        NONE,
    ),
    "casefiles.reports.selectors.report_copy_for": (
        lambda a, t: (
            report_selectors.report_copy_for(actor=a, pk=_report(t).pk, recipient="committee")[1]
            is not None
        ),
        {SW, MGR},
        NONE,
    ),
    "casefiles.reports.selectors.reports_for_person_view": (
        lambda a, t: (
            _report(t) is not None
            and len(report_selectors.reports_for_person_view(actor=a, casefile_id=t.file.pk)) == 1
        ),
        {SW, MGR},
        NONE,
    ),
    "casefiles.reports.services.start_social_report": (
        lambda a, t: (
            report_services.start_social_report(actor=a, aid_request_id=t.first("aid_requests").pk)
            is not None
        ),
        {SW},
        NONE,
    ),
    "casefiles.reports.services.update_social_report": (
        lambda a, t: (
            report_services.update_social_report(
                actor=a,
                report_id=_report(t).pk,
                situation="Locataire.",
                tried="FSL.",
                request_text="Aide.",
                assessment="Avis favorable.",
            )
            is not None
        ),
        {SW},
        NONE,
    ),
    "casefiles.reports.services.record_report_agreement": (
        lambda a, t: (
            report_services.record_report_agreement(actor=a, report_id=_report(t).pk) is not None
        ),
        {SW},
        NONE,
    ),
    "casefiles.letters.selectors.letters_for": (
        lambda a, t: letter_selectors.letters_for(actor=a, casefile_id=t.file.pk) is not None,
        {SW, MGR},
        NONE,
    ),
    "casefiles.letters.services.produce_letter": (
        lambda a, t: (
            letter_services.produce_letter(
                actor=a, casefile_id=t.file.pk, template_id=_convocation().pk, fmt="odt"
            )
            is not None
        ),
        {SW},
        NONE,
    ),
    # Organisation-wide: the administrator of either office writes templates.
    "casefiles.letters.services.save_letter_template": (
        lambda a, t: (
            letter_services.save_letter_template(
                actor=a,
                name=f"Modèle {t.office.pk}",
                kind="other",
                purpose=Purpose.SOCIAL_SUPPORT,
                subject="Objet",
                body="Bonjour {{ nom }},",
            )
            is not None
        ),
        {ADM},
        {ADM},
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("scope", ["own", "other"])
@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("name", sorted(BUDGET_REPORT_LETTER_RULES))
def test_matrix(world, name, role, scope):
    check(world, BUDGET_REPORT_LETTER_RULES, name, role, scope)
