"""The household budget kept with the file: dated versions (a new one copies the last,
only the latest changes), lines checked (no negative or absurd amount, an income belongs
to a member at the budget's date), the htmx card of the file page, and only a band of the
reste à vivre reaching statistics."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lien.accounts.roles import Role
from lien.casefiles import statistics
from lien.casefiles.budget import services
from lien.casefiles.models import BudgetLine, BudgetSheet, HouseholdMember, Person
from lien.stats.models import StatEvent

pytestmark = pytest.mark.django_db


def _worker(world):
    return world.users[Role.SOCIAL_WORKER]


def _budget(world, **kwargs):
    worker = _worker(world)
    # The household was there long before its budget.
    HouseholdMember.objects.filter(household=world.file.household).update(
        joined_on=timezone.localdate() - timedelta(days=400)
    )
    sheet = services.start_budget_sheet(actor=worker, casefile_id=world.file.pk, **kwargs)
    person = world.file.reference_person if hasattr(world.file, "reference_person") else None
    person = person or world.file.household.members.get(relationship="reference").person
    services.add_budget_line(
        actor=worker,
        sheet_id=sheet.pk,
        direction="income",
        category="wages",
        monthly_amount=Decimal("1450"),
        person_id=person.pk,
    )
    services.add_budget_line(
        actor=worker,
        sheet_id=sheet.pk,
        direction="charge",
        category="rent",
        monthly_amount=Decimal("780"),
    )
    return sheet


def test_a_new_version_copies_the_last_and_the_old_one_is_kept_unchanged(world):
    first = _budget(world, dated_on=timezone.localdate() - timedelta(days=40))
    second = services.start_budget_sheet(actor=_worker(world), casefile_id=world.file.pk)
    assert second.lines.count() == 2
    services.add_budget_line(
        actor=_worker(world),
        sheet_id=second.pk,
        direction="charge",
        category="energy",
        monthly_amount=Decimal("95"),
    )
    assert first.lines.count() == 2 and second.lines.count() == 3
    with pytest.raises(ValidationError, match="Seul le dernier budget"):
        services.add_budget_line(
            actor=_worker(world),
            sheet_id=first.pk,
            direction="charge",
            category="water",
            monthly_amount=Decimal("30"),
        )
    assert first.lines.count() == 2


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (Decimal("-50"), "supérieur à zéro"),
        (Decimal("0"), "supérieur à zéro"),
        (Decimal("250000"), "pas vraisemblable"),
        (Decimal("12.345"), "euros et centimes"),
    ],
)
def test_a_negative_or_absurd_amount_is_refused_and_nothing_saved(world, amount, message):
    sheet = _budget(world)
    before = BudgetLine.objects.count()
    with pytest.raises(ValidationError, match=message):
        services.add_budget_line(
            actor=_worker(world),
            sheet_id=sheet.pk,
            direction="charge",
            category="rent",
            monthly_amount=amount,
        )
    assert BudgetLine.objects.count() == before


def test_an_income_belongs_to_a_member_and_a_category_to_its_side(world):
    sheet = _budget(world)
    stranger = Person.objects.create(birth_name="Autre", first_names="Personne")
    with pytest.raises(ValidationError, match="ne fait pas partie du foyer"):
        services.add_budget_line(
            actor=_worker(world),
            sheet_id=sheet.pk,
            direction="income",
            category="rsa",
            monthly_amount=Decimal("600"),
            person_id=stranger.pk,
        )
    with pytest.raises(ValidationError, match="catégorie"):
        services.add_budget_line(
            actor=_worker(world),
            sheet_id=sheet.pk,
            direction="charge",
            category="rsa",
            monthly_amount=Decimal("600"),
        )


def test_a_budget_is_not_dated_in_the_future_nor_before_the_last(world):
    _budget(world)
    with pytest.raises(ValidationError, match="futur"):
        services.start_budget_sheet(
            actor=_worker(world),
            casefile_id=world.file.pk,
            dated_on=timezone.localdate() + timedelta(days=1),
        )
    with pytest.raises(ValidationError, match="avant le dernier"):
        services.start_budget_sheet(
            actor=_worker(world),
            casefile_id=world.file.pk,
            dated_on=timezone.localdate() - timedelta(days=1),
        )
    assert BudgetSheet.objects.filter(casefile=world.file).count() == 1


def test_statistics_receive_a_band_never_an_amount(world):
    sheet = _budget(world)
    # 1 450 - 780 = 670 € for one unit: 22,33 € a day.
    assert statistics.budget_band(world.file, sheet.dated_on) == "20+"
    statistics.record(world.file, statistics.Kind.VISIT, timezone.localdate())
    situation = StatEvent.objects.get(kind="situation")
    assert situation.remaining_band == "20+"
    # Nothing else of the budget: no amount in any column (the ids and pseudonyms aside).
    for row in StatEvent.objects.values():
        values = [str(v) for k, v in row.items() if k not in ("id", "household_token")]
        assert not any("670" in v or "1450" in v or "780" in v for v in values)


def test_the_card_adds_a_line_with_htmx_and_shows_the_reste_a_vivre_in_french(client, world):
    client.force_login(_worker(world))
    sheet = _budget(world)
    person = world.file.household.members.get(relationship="reference").person
    response = client.post(
        f"/budgets/{sheet.pk}/lines/",
        {
            "line-direction": "income",
            "line-category": "aah",
            "line-person": person.pk,
            "line-monthly_amount": "1 016,05",
        },
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="budget-card"' in page and "<html" not in page
    # 1 450 + 1 016,05 - 780 = 1 686,05 € a month.
    assert "1\u00a0686,05\u00a0€" in page
    assert "Reste à vivre" in page


def test_the_card_refuses_a_negative_amount_in_french(client, world):
    client.force_login(_worker(world))
    sheet = _budget(world)
    response = client.post(
        f"/budgets/{sheet.pk}/lines/",
        {"line-direction": "charge", "line-category": "rent", "line-monthly_amount": "-12"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert "supérieur à zéro" in response.content.decode()
    assert sheet.lines.count() == 2


def test_a_secretary_sees_no_budget(client, world):
    _budget(world)
    client.force_login(world.users[Role.SECRETARY])
    assert client.get(f"/files/{world.file.pk}/budget/").status_code == 404
    page = client.get(f"/files/{world.file.pk}/").content.decode()
    assert "budget" not in page.lower()


def test_a_member_who_left_takes_their_income_out_of_the_next_version(world):
    worker = _worker(world)
    sheet = _budget(world, dated_on=timezone.localdate() - timedelta(days=10))
    partner = Person.objects.create(birth_name="Martin", first_names="Léa")
    member = HouseholdMember.objects.create(
        household=world.file.household,
        person=partner,
        relationship="spouse",
        joined_on=timezone.localdate() - timedelta(days=20),
    )
    services.add_budget_line(
        actor=worker,
        sheet_id=sheet.pk,
        direction="income",
        category="retirement_pension",
        monthly_amount=Decimal("900"),
        person_id=partner.pk,
    )
    member.left_on = timezone.localdate() - timedelta(days=1)
    member.save()
    later = services.start_budget_sheet(actor=worker, casefile_id=world.file.pk)
    assert later.lines.count() == 2 and sheet.lines.count() == 3
