"""The statistical record: written by the case-file services at the moment of each event,
coarse, without names or workers; and after stats_close_year, unlinkable."""

import hashlib
import hmac
import random
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from lien.accounts.roles import Role
from lien.casefiles.aid import services as aid_services
from lien.casefiles.households import services as household_services
from lien.casefiles.models import CaseFile, Person
from lien.casefiles.problems import services as problem_services
from lien.casefiles.situation import services as situation_services
from lien.casefiles.visits import services as visit_services
from lien.catalog.models import Family, Item
from lien.stats.models import Kind, StatEvent, YearKey
from lien.stats.services import close_year

from ..factories import ItemFactory, OfficeFactory, member

pytestmark = pytest.mark.django_db

LAST_YEAR = timezone.localdate().year - 1


def _item(code, family):
    """The default catalogue's item if loaded; else one that, like it, feeds statistics
    as is (its values are already categories)."""
    return Item.objects.filter(code=code).first() or ItemFactory(
        code=code, family=family, feeds_statistics=True, coarsening="as_is"
    )


@pytest.fixture
def office_staff():
    office = OfficeFactory()
    return office, member(Role.SECRETARY, office), member(Role.SOCIAL_WORKER, office)


def _household(office, secretary, worker, *, opened_on, birth=date(1980, 5, 17)):
    casefile = household_services.register_household(
        actor=secretary,
        office_id=office.pk,
        reference=household_services.PersonData(
            birth_name="Martin", first_names="Claire", birth_date=birth, sex="F"
        ),
        opened_on=opened_on,
    )
    housing = _item("housing-status", Family.SITUATION)
    situation_services.record_situation(
        actor=worker, casefile_id=casefile.pk, item_id=housing.pk, value="owner"
    )
    return casefile


def test_each_event_writes_coarse_values_only(office_staff):
    office, secretary, worker = office_staff
    day = date(LAST_YEAR, 3, 14)
    casefile = _household(office, secretary, worker, opened_on=day)
    problem_item = _item("pb-housing", Family.PROBLEM)
    problem_services.open_problem(
        actor=worker, casefile_id=casefile.pk, item_id=problem_item.pk, opened_on=day
    )
    referral = _item("int-referral", Family.INTERVENTION)
    problem_services.record_intervention(
        actor=worker, casefile_id=casefile.pk, item_id=referral.pk, occurred_on=day
    )
    aid = aid_services.create_aid_request(
        actor=worker,
        casefile_id=casefile.pk,
        aid_type_id=_item("aid-food", Family.AID).pk,
        amount_requested=Decimal("437.50"),
    )
    aid_services.submit_aid_request(actor=worker, aid_request_id=aid.pk, submitted_on=day)
    aid_services.decide_aid_request(
        actor=worker,
        aid_request_id=aid.pk,
        granted=True,
        amount_granted=Decimal("437.50"),
        decided_on=day + timedelta(days=10),
    )
    events = {e.kind: e for e in StatEvent.objects.all()}
    assert set(events) == {
        Kind.FILE_OPENED,
        Kind.SITUATION,
        Kind.PROBLEM_OPENED,
        Kind.INTERVENTION,
        Kind.AID_DECISION,
    }
    situation = events[Kind.SITUATION]
    assert (situation.year, situation.month) == (LAST_YEAR, 3)
    assert situation.household_status == "new"
    assert situation.age_band == "40-59"  # not the birth date
    assert situation.housing == "owner"  # completed when the situation was recorded
    assert events[Kind.PROBLEM_OPENED].problem_family == "pb-housing"
    assert events[Kind.INTERVENTION].intervention_type == "int-referral"
    decision = events[Kind.AID_DECISION]
    assert (decision.aid_type, decision.decision, decision.amount_band) == (
        "aid-food",
        "granted",
        "300-599",  # not the amount
    )
    # Nothing nominative in any column of any row: no name, no worker, no exact birth
    # date, amount or date (ids are small integers: their absence is checked on the model).
    forbidden = {
        "Martin",
        "Claire",
        "1980-05-17",
        "437.50",
        worker.username,
        day.isoformat(),
    }
    for row in StatEvent.objects.values():
        for value in row.values():
            assert str(value) not in forbidden, value
    assert not {f.name for f in StatEvent._meta.get_fields()} & {"worker", "referent", "casefile"}


def test_the_situation_is_taken_once_per_household_office_and_year(office_staff):
    office, secretary, worker = office_staff
    casefile = _household(office, secretary, worker, opened_on=date(LAST_YEAR, 1, 5))
    person = Person.objects.get(memberships__household=casefile.household)
    for month in (2, 6, 9):
        visit_services.log_visit(
            actor=secretary,
            casefile_id=casefile.pk,
            person_id=person.pk,
            reason="information",
            occurred_at=timezone.make_aware(timezone.datetime(LAST_YEAR, month, 3, 10)),
        )
    assert StatEvent.objects.filter(kind=Kind.SITUATION).count() == 1
    assert StatEvent.objects.filter(kind=Kind.VISIT).count() == 3
    tokens = set(StatEvent.objects.values_list("household_token", flat=True))
    assert len(tokens) == 1  # one pseudonym for the household within the year


def test_a_household_known_from_an_earlier_year_is_counted_as_known(office_staff):
    office, secretary, worker = office_staff
    casefile = _household(office, secretary, worker, opened_on=date(LAST_YEAR - 1, 11, 2))
    person = Person.objects.get(memberships__household=casefile.household)
    visit_services.log_visit(
        actor=secretary,
        casefile_id=casefile.pk,
        person_id=person.pk,
        reason="information",
        occurred_at=timezone.make_aware(timezone.datetime(LAST_YEAR, 2, 3, 10)),
    )
    statuses = dict(
        StatEvent.objects.filter(kind=Kind.SITUATION).values_list("year", "household_status")
    )
    assert statuses == {LAST_YEAR - 1: "new", LAST_YEAR: "known"}


def test_a_household_that_opposed_statistics_is_not_recorded(office_staff, monkeypatch):
    from lien.casefiles import statistics

    monkeypatch.setattr(statistics, "_opposed_statistics", lambda casefile: True)
    office, secretary, worker = office_staff
    _household(office, secretary, worker, opened_on=date(LAST_YEAR, 4, 1))
    assert not StatEvent.objects.exists()


def _many_households(office, secretary, worker, count=12):
    files = []
    for i in range(count):
        casefile = _household(office, secretary, worker, opened_on=date(LAST_YEAR, 1 + i % 12, 3))
        person = Person.objects.get(memberships__household=casefile.household)
        visit_services.log_visit(
            actor=secretary,
            casefile_id=casefile.pk,
            person_id=person.pk,
            reason="documents",
            occurred_at=timezone.make_aware(timezone.datetime(LAST_YEAR, 12, 1 + i, 10)),
        )
        files.append(casefile)
    return files


def _physical_order():
    """Rows as the storage returns them without ORDER BY: rowid order on SQLite, heap
    order on PostgreSQL."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, household_token FROM {StatEvent._meta.db_table}")  # noqa: S608
        return cursor.fetchall()


def test_after_closing_the_year_nothing_links_a_row_to_a_household(office_staff):
    office, secretary, worker = office_staff
    files = _many_households(office, secretary, worker)
    key = bytes(YearKey.objects.get(year=LAST_YEAR).key)
    before = _physical_order()
    old_ids = {str(i).replace("-", "") for i, _t in before}
    old_tokens = {t for _i, t in before}
    counts_before = StatEvent.objects.filter(year=LAST_YEAR).count()

    out = StringIO()
    call_command("stats_close_year", str(LAST_YEAR), stdout=out)
    assert f"{LAST_YEAR} serait clôturée" in out.getvalue()
    assert not YearKey.objects.get(year=LAST_YEAR).closed  # a dry run
    assert _physical_order() == before
    call_command("stats_close_year", str(LAST_YEAR), "--wet-run", stdout=out)

    # The key is gone, and the year is marked closed.
    year_key = YearKey.objects.get(year=LAST_YEAR)
    assert year_key.key is None and year_key.closed
    after = _physical_order()
    assert len(after) == counts_before
    new_ids = {str(i).replace("-", "") for i, _t in after}
    new_tokens = {t for _i, t in after}
    # No id and no token survives, so nothing saved earlier (an export, a log) matches.
    assert not old_ids & new_ids
    assert not old_tokens & new_tokens
    # Even with the destroyed key in hand, no token is a household's pseudonym.
    for casefile in files:
        candidate = hmac.new(key, str(casefile.household_id).encode(), hashlib.sha256).hexdigest()[
            :32
        ]
        assert candidate not in new_tokens
    # Distinct households are still counted right within the year.
    situations = StatEvent.objects.filter(kind=Kind.SITUATION, year=LAST_YEAR)
    assert situations.values("household_token").distinct().count() == len(files)
    # The physical order no longer follows the order of the events (and so of the audit
    # log): the rows of the visits, written last, are no longer at the end.
    kinds_in_order = [StatEvent.objects.get(pk=i).kind for i, _t in _physical_order()]
    assert kinds_in_order[-len(files) :] != [Kind.VISIT] * len(files)
    # No other table holds an old id or token.
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    text = value.hex() if isinstance(value, bytes | memoryview) else str(value)
                    assert text not in old_tokens, table
                    assert text.replace("-", "") not in old_ids, table


def test_a_closed_year_records_nothing_more(office_staff):
    office, secretary, worker = office_staff
    close_year(year=LAST_YEAR, rng=random.Random(1))
    _household(office, secretary, worker, opened_on=date(LAST_YEAR, 6, 1))
    assert not StatEvent.objects.filter(year=LAST_YEAR).exists()


def test_the_current_year_is_not_closed_by_mistake():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("stats_close_year", str(timezone.localdate().year), "--wet-run")


def test_casefile_is_not_a_model_of_stats():
    # The import-linter contract keeps stats away from casefiles; this keeps the
    # record's model free of foreign keys to the nominative layer.
    for field in StatEvent._meta.get_fields():
        related = getattr(field, "related_model", None)
        assert related is None or related._meta.app_label == "offices", field
    assert CaseFile._meta.app_label == "casefiles"
