"""Retention covers the budget, the social report and the letters: the social report
stays with its aid decision in the archive; anonymising a file deletes its budget's
versions and lines, its reports and the list of its letters, and the access export
shows them to the person before that."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from lien.casefiles.models import (
    AidRequest,
    AidStatus,
    BudgetLine,
    BudgetSheet,
    CaseFile,
    FileStatus,
    Letter,
    LetterTemplate,
    SocialReport,
)

pytestmark = pytest.mark.django_db

CLOSED_ON = date(2024, 3, 15)


def _everything(casefile, worker):
    sheet = BudgetSheet.objects.create(casefile=casefile, dated_on=CLOSED_ON, created_by=worker)
    BudgetLine.objects.create(
        sheet=sheet, direction="charge", category="rent", monthly_amount=Decimal("500")
    )
    aid = casefile.aid_requests.get()
    SocialReport.objects.create(aid_request=aid, assessment="Avis.", written_by=worker)
    Letter.objects.create(
        casefile=casefile,
        template=LetterTemplate.objects.get(kind="convocation"),
        format="pdf",
        produced_by=worker,
    )
    CaseFile.objects.filter(pk=casefile.pk).update(
        status=FileStatus.CLOSED,
        closed_on=CLOSED_ON,
        close_reason="goals_met",
        last_contact_on=CLOSED_ON,
    )


def _run_on(day: date) -> None:
    moment = timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(hours=3)
    with time_machine.travel(moment, tick=False):
        call_command("apply_retention", "--wet-run", stdout=StringIO())


def test_anonymising_deletes_the_budget_the_report_and_the_letters(world):
    _everything(world.file, world.file.referent)
    _run_on(date(2026, 3, 16))
    assert not BudgetSheet.objects.filter(casefile=world.file).exists()
    assert not BudgetLine.objects.filter(sheet__casefile=world.file).exists()
    assert not SocialReport.objects.filter(aid_request__casefile=world.file).exists()
    assert not Letter.objects.filter(casefile=world.file).exists()


def test_the_report_stays_with_its_aid_decision_in_the_archive(world):
    _everything(world.file, world.file.referent)
    AidRequest.objects.filter(casefile=world.file).update(
        status=AidStatus.GRANTED, decided_on=CLOSED_ON, amount_granted=100
    )
    _run_on(date(2026, 3, 16))
    world.file.refresh_from_db()
    assert world.file.archived_on is not None and world.file.anonymised_on is None
    assert SocialReport.objects.filter(aid_request__casefile=world.file).exists()
    _run_on(date(2031, 3, 16))
    assert not SocialReport.objects.filter(aid_request__casefile=world.file).exists()
    assert not BudgetSheet.objects.filter(casefile=world.file).exists()
