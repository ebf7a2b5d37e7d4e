"""Visits without a file: counted in the activity grid from the reception desk, and
nothing nominative kept anywhere."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from lien.accounts.roles import Role
from lien.audit.models import AuditEvent
from lien.casefiles.anonymous.services import record_anonymous_visit
from lien.casefiles.models import Household, Person
from lien.offices.models import Town
from lien.stats.compute import count_grid
from lien.stats.definitions import load_grid
from lien.stats.models import Kind, StatEvent

pytestmark = pytest.mark.django_db


def _cell(office, table_code, row, column):
    grid = load_grid("activity")
    table = grid.table(table_code)
    matrix = count_grid(grid, timezone.localdate().year, [office.pk])[table_code].get(office.pk)
    if matrix is None:
        return 0
    return matrix[table.row_values.index(row)][table.column_values.index(column)]


def test_a_visit_without_a_file_counts_and_creates_no_one(world):
    town = Town.objects.create(insee_code="93008", name="Bobigny")
    world.office.towns.add(town)
    persons, households = Person.objects.count(), Household.objects.count()
    for _ in range(2):
        record_anonymous_visit(
            actor=world.users[Role.SECRETARY],
            office_id=world.office.pk,
            reason="partner-appointment",
            channel="phone",
            town_id=town.pk,
            age_band="25-39",
        )
    assert _cell(world.office, "anonymous_visits", "partner-appointment", "phone") == 2
    assert _cell(world.office, "anonymous_visits_age", "25-39", "T") == 2
    assert (Person.objects.count(), Household.objects.count()) == (persons, households)
    events = StatEvent.objects.filter(kind=Kind.ANONYMOUS_VISIT)
    # Each visit its own random pseudonym: the same visitor twice is two unrelated rows.
    assert events.count() == 2 and len({e.household_token for e in events}) == 2
    assert {e.town for e in events} == {"93008"}
    audit = AuditEvent.objects.filter(object_kind="anonymous_visit")
    assert audit.count() == 2
    assert {(e.object_id, e.household_id, e.reason) for e in audit} == {("", None, "")}


def test_bad_input_is_refused_whole(world):
    other_town = Town.objects.create(insee_code="75056", name="Paris")
    with pytest.raises(ValidationError) as refused:
        record_anonymous_visit(
            actor=world.users[Role.SECRETARY],
            office_id=world.office.pk,
            reason="gossip",
            channel="pigeon",
            town_id=other_town.pk,
            age_band="12",
        )
    assert set(refused.value.message_dict) == {"reason", "channel", "town", "age_band"}
    assert not StatEvent.objects.filter(kind=Kind.ANONYMOUS_VISIT).exists()
    assert not AuditEvent.objects.filter(object_kind="anonymous_visit").exists()


def test_another_office_or_role_cannot_count(world):
    for actor, office in [
        (world.users[Role.SECRETARY], world.other_office),
        (world.users[Role.MANAGER], world.office),
    ]:
        with pytest.raises(Http404):
            record_anonymous_visit(
                actor=actor, office_id=office.pk, reason="information", channel="desk"
            )


def test_the_desk_records_one_in_a_click(client, world):
    client.force_login(world.users[Role.SECRETARY])
    desk = client.get(reverse("reception_desk")).content.decode()
    assert reverse("anonymous_visit") in desk
    url = f"{reverse('anonymous_visit')}?office={world.office.pk}"
    page = client.get(url).content.decode()
    assert "Motif" in page and "aucun nom" in page.lower()
    response = client.post(url, {"reason": "information", "channel": "desk", "age_band": ""})
    assert response.status_code == 302
    assert _cell(world.office, "anonymous_visits", "information", "desk") == 1
    refused = client.post(url, {"reason": "", "channel": "desk"})
    assert (
        refused.status_code == 200
        and _cell(world.office, "anonymous_visits", "information", "desk") == 1
    )


def test_a_year_with_only_visits_without_a_file_is_offered_with_its_figures(db):
    from lien.stats import selectors as stats_selectors
    from lien.stats import services as stats_services

    from ..factories import OfficeFactory

    office = OfficeFactory()
    today = timezone.localdate()
    stats_services.record_anonymous_event(
        kind=Kind.ANONYMOUS_VISIT,
        day=today,
        office_id=office.pk,
        visit_reason="information",
        channel="desk",
    )
    assert today.year in stats_selectors.years_with_statistics(office_ids=[office.pk])
