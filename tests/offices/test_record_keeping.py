"""Whether an office keeps its records in Lien or on paper, with the date it changed:
read for any day and year, changed by the administrator only, each change audited."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import translation

from lien.accounts.organisation import services
from lien.accounts.roles import Role
from lien.audit.models import AuditEvent
from lien.offices.models import RecordKeeping, RecordKeepingChange
from lien.offices.record_keeping import (
    offices_computerised_in,
    offices_paper_based_in,
    record_keeping_history,
    record_keeping_on,
)

from ..factories import OfficeFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_french():
    """Messages and audit reasons are written in the language of the act: French here,
    whatever an earlier test left active."""
    with translation.override("fr"):
        yield


PAPER, LIEN = RecordKeeping.PAPER, RecordKeeping.COMPUTERISED


def _change(office, mode, since=None):
    return RecordKeepingChange.objects.create(office=office, mode=mode, since=since)


def test_an_office_with_no_change_recorded_uses_lien():
    office = OfficeFactory()
    assert record_keeping_on(office.pk, date(2010, 1, 1)) == LIEN
    assert offices_paper_based_in(2024, [office.pk]) == frozenset()
    assert [(p.mode, p.since) for p in record_keeping_history(office.pk)] == [(LIEN, None)]


@pytest.mark.parametrize("with_start", [False, True])
def test_an_office_moving_to_lien_on_1_march_2026(with_start):
    office = OfficeFactory()
    if with_start:
        _change(office, PAPER)  # said outright; without it, a change implies the other way
    _change(office, LIEN, date(2026, 3, 1))
    assert record_keeping_on(office.pk, date(2026, 2, 28)) == PAPER
    assert record_keeping_on(office.pk, date(2026, 3, 1)) == LIEN
    ids = [office.pk]
    assert [y for y in (2025, 2026, 2027) if offices_paper_based_in(y, ids)] == [2025, 2026]
    assert [y for y in (2025, 2026, 2027) if offices_computerised_in(y, ids)] == [2026, 2027]
    assert [(p.mode, p.since) for p in record_keeping_history(office.pk)] == [
        (PAPER, None),
        (LIEN, date(2026, 3, 1)),
    ]


def test_an_office_back_on_paper():
    office = OfficeFactory()
    _change(office, LIEN)
    _change(office, PAPER, date(2027, 7, 1))
    assert not offices_paper_based_in(2026, [office.pk])
    assert offices_paper_based_in(2027, [office.pk]) == {office.pk}


@pytest.fixture
def administrator():
    return member(Role.ADMIN, OfficeFactory())


def test_the_administrator_records_a_change_and_it_is_audited(administrator):
    office = OfficeFactory(name="Bondy")
    change = services.record_keeping_change(
        actor=administrator, office_id=office.pk, mode=LIEN, since=date(2026, 3, 1)
    )
    event = AuditEvent.objects.get(object_kind="office_record_keeping", action="create")
    assert (event.actor_id, event.office_id) == (administrator.pk, office.pk)
    assert event.reason == "Bondy : informatisée (utilise Lien) à partir du 1 mars 2026"
    services.remove_record_keeping_change(actor=administrator, change_id=change.pk)
    removal = AuditEvent.objects.get(object_kind="office_record_keeping", action="delete")
    assert "supprimé" in removal.reason
    assert not RecordKeepingChange.objects.exists()


def test_a_second_change_on_the_same_day_is_refused(administrator):
    office = OfficeFactory()
    services.record_keeping_change(actor=administrator, office_id=office.pk, mode=PAPER, since=None)
    with pytest.raises(ValidationError) as caught:
        services.record_keeping_change(
            actor=administrator, office_id=office.pk, mode=LIEN, since=None
        )
    assert "déjà enregistrée" in caught.value.messages[0]
    assert RecordKeepingChange.objects.count() == 1
    assert AuditEvent.objects.filter(object_kind="office_record_keeping").count() == 1


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.ADMIN])
def test_no_one_else_changes_it(role):
    office = OfficeFactory()
    with pytest.raises(Http404):
        services.record_keeping_change(
            actor=member(role, office), office_id=office.pk, mode=PAPER, since=None
        )
    assert not RecordKeepingChange.objects.exists()


@pytest.fixture
def admin_client(client, administrator):
    administrator.is_staff = True
    administrator.save()
    client.force_login(administrator)
    return client


def _inline(office, rows: list[dict], existing: int = 0) -> dict:
    data = {
        "organisation": office.organisation_id,
        "code": office.code,
        "name": office.name,
        "record_keeping_changes-TOTAL_FORMS": str(existing + len(rows)),
        "record_keeping_changes-INITIAL_FORMS": str(existing),
        "record_keeping_changes-MIN_NUM_FORMS": "0",
        "record_keeping_changes-MAX_NUM_FORMS": "1000",
        # The office's opening hours, on the same page: none added here.
        "opening_periods-TOTAL_FORMS": "0",
        "opening_periods-INITIAL_FORMS": "0",
        "opening_periods-MIN_NUM_FORMS": "0",
        "opening_periods-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows, start=existing):
        for key, value in row.items():
            data[f"record_keeping_changes-{i}-{key}"] = value
    return data


def test_the_office_list_shows_how_each_office_keeps_its_records(admin_client):
    moving, paper = OfficeFactory(name="Bondy"), OfficeFactory(name="Pantin")
    _change(moving, LIEN, date(2026, 3, 1))
    _change(paper, PAPER)
    page = admin_client.get(reverse("admin:offices_office_changelist")).content.decode()
    assert "Tenue des dossiers" in page
    assert "informatisée (utilise Lien) à partir du 1 mars 2026" in page
    assert "sur papier depuis l&#x27;origine" in page


def test_the_administrator_adds_a_change_in_the_admin_and_it_is_audited(admin_client):
    office = OfficeFactory()
    url = reverse("admin:offices_office_change", args=[office.pk])
    response = admin_client.post(
        url, _inline(office, [{"since": "01/03/2026", "mode": LIEN, "office": office.pk}])
    )
    assert response.status_code == 302
    assert RecordKeepingChange.objects.get().since == date(2026, 3, 1)
    assert AuditEvent.objects.filter(object_kind="office_record_keeping").count() == 1
    # The same day again: refused on the form, nothing written.
    existing = RecordKeepingChange.objects.get()
    data = _inline(office, [{"since": "01/03/2026", "mode": PAPER, "office": office.pk}], 1)
    data["record_keeping_changes-0-id"] = existing.pk
    data["record_keeping_changes-0-office"] = office.pk
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Un changement au 1 mars 2026 est déjà enregistré" in response.content.decode()
    assert RecordKeepingChange.objects.count() == 1
    assert AuditEvent.objects.filter(object_kind="office_record_keeping").count() == 1
