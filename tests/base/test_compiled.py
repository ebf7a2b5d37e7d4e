"""Queries compiled once (lien.base.compiled): each call gives what the queryset would give
for its own values, and a function that cannot be compiled once is refused at its first
call instead of answering with the values of another."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import OuterRef, Subquery
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lien.accounts.roles import Role
from lien.base.compiled import NotCompilable, compiled
from lien.casefiles.aid.models import AidRequest
from lien.casefiles.files.page_queries import aid_requests, of_file, problems
from lien.casefiles.models import CaseFile, Problem
from lien.casefiles.payments.models import PaymentOrder
from lien.catalog.models import Family
from lien.privacy.models import NoticeText

from ..factories import CaseFileFactory, ItemFactory, full_file

pytestmark = pytest.mark.django_db


def test_each_call_reads_its_own_file(world):
    worker = world.users[Role.SOCIAL_WORKER]
    one, other = full_file(world.office, worker), full_file(world.office, worker)
    Problem.objects.create(
        casefile=other, item=ItemFactory(family=Family.PROBLEM), recorded_by=worker
    )
    for casefile in (one, other, one):
        expected = list(casefile.problems.select_related("item"))
        assert problems(casefile_id=casefile.pk) == expected
    assert len(problems(casefile_id=other.pk)) == 2
    assert problems(casefile_id=0) == []


def test_the_rows_are_those_of_the_queryset_with_their_relations_and_annotations(world):
    worker = world.users[Role.SOCIAL_WORKER]
    casefile = full_file(world.office, worker)
    latest = PaymentOrder.objects.filter(aid_request=OuterRef("pk")).order_by("-pk")
    expected = list(
        AidRequest.objects.filter(casefile=casefile)
        .select_related("aid_type", "social_report")
        .annotate(payment_status=Subquery(latest.values("status")[:1]))
    )
    rows = aid_requests(casefile_id=casefile.pk)
    assert rows == expected
    assert [r.amount_requested for r in rows] == [Decimal("150")]
    assert [r.payment_status for r in rows] == [e.payment_status for e in expected]
    with CaptureQueriesContext(connection) as captured:
        assert rows[0].aid_type.family == Family.AID  # read with the row
    assert len(captured) == 0


def test_the_file_is_attached_to_its_rows_without_a_query(world):
    casefile = full_file(world.office, world.users[Role.SOCIAL_WORKER])
    fresh = CaseFile.objects.get(pk=casefile.pk)
    rows = of_file(problems, fresh)
    with CaptureQueriesContext(connection) as captured:
        assert rows[0].casefile is fresh
    assert len(captured) == 0


def test_values_lists_and_dates_are_compiled_too(world):
    NoticeText.objects.all().delete()
    today = timezone.localdate()
    old = NoticeText.objects.create(
        version=1, title_fr="A", title_en="A", text_fr="a", text_en="a", published_on=today
    )
    new = NoticeText.objects.create(
        version=2,
        title_fr="B",
        title_en="B",
        text_fr="b",
        text_en="b",
        published_on=today + timedelta(days=10),
    )

    @compiled
    def published_by(day: date):
        return NoticeText.objects.filter(published_on__lte=day).values_list("pk", flat=True)

    assert published_by(day=today) == [old.pk]
    assert sorted(published_by(day=today + timedelta(days=10))) == [old.pk, new.pk]
    assert published_by(day=today - timedelta(days=1)) == []


def test_a_function_that_reads_the_clock_is_refused():
    @compiled
    def grants_of(casefile_id):
        return CaseFile.objects.filter(pk=casefile_id, updated_at__lte=timezone.now())

    with pytest.raises(NotCompilable, match="besides its parameters"):
        grants_of(casefile_id=1)


def test_a_parameter_that_does_not_reach_the_sql_as_given_is_refused():
    @compiled
    def next_file(casefile_id):
        return CaseFile.objects.filter(pk=casefile_id + 1)

    @compiled
    def unused(casefile_id, office_id):
        return CaseFile.objects.filter(pk=casefile_id)

    with pytest.raises(NotCompilable, match="besides its parameters"):
        next_file(casefile_id=1)
    with pytest.raises(NotCompilable, match="office_id do not reach its SQL"):
        unused(casefile_id=1, office_id=2)


def test_values_of_the_wrong_kind_are_refused():
    @compiled
    def opened_by(day: date):
        return CaseFile.objects.filter(opened_on__lte=day)

    with pytest.raises(TypeError):
        problems(casefile_id="12")
    with pytest.raises(TypeError):
        problems(file=12)
    with pytest.raises(TypeError):
        opened_by(day=timezone.now())
    with pytest.raises(NotCompilable, match="int, date or datetime"):

        @compiled
        def by_name(name: str):
            return CaseFile.objects.filter(household__members__person__birth_name=name)


def test_a_file_read_once_more_after_its_rows_changed(world):
    """A compiled query holds SQL, never rows: a change shows at the next call."""
    casefile = CaseFileFactory(office=world.office)
    assert problems(casefile_id=casefile.pk) == []
    Problem.objects.create(
        casefile=casefile,
        item=ItemFactory(family=Family.PROBLEM),
        recorded_by=world.users[Role.SOCIAL_WORKER],
    )
    assert len(problems(casefile_id=casefile.pk)) == 1
