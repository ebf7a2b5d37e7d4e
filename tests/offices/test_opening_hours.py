"""An office's address, phone and opening hours, set by the administrator in the
administration site, and read in words (the slip, the agenda, the appointment check)."""

from datetime import time

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from lien.accounts.roles import Role
from lien.offices.models import OpeningPeriod, Weekday
from lien.offices.opening_hours import week_hours

from ..factories import OfficeFactory, member

pytestmark = pytest.mark.django_db


def test_the_administrator_sets_the_address_phone_and_hours(client):
    administrator = member(Role.ADMIN, OfficeFactory())
    administrator.is_staff = True
    administrator.save()
    client.force_login(administrator)
    office = OfficeFactory()
    rows = [("0", "09:00", "12:30"), ("0", "13:30", "17:00"), ("2", "09:00", "12:00")]
    data = {
        "organisation": office.organisation_id,
        "code": office.code,
        "name": office.name,
        "address": "12 rue de l'Exemple\n93000 Bobigny",
        "phone": "01 99 00 10 01",
        "opening_periods-TOTAL_FORMS": str(len(rows)),
        "opening_periods-INITIAL_FORMS": "0",
        "opening_periods-MIN_NUM_FORMS": "0",
        "opening_periods-MAX_NUM_FORMS": "1000",
        "record_keeping_changes-TOTAL_FORMS": "0",
        "record_keeping_changes-INITIAL_FORMS": "0",
        "record_keeping_changes-MIN_NUM_FORMS": "0",
        "record_keeping_changes-MAX_NUM_FORMS": "1000",
    }
    for i, (day, opens, closes) in enumerate(rows):
        data |= {
            f"opening_periods-{i}-weekday": day,
            f"opening_periods-{i}-opens_at": opens,
            f"opening_periods-{i}-closes_at": closes,
            f"opening_periods-{i}-office": office.pk,
        }
    response = client.post(reverse("admin:offices_office_change", args=[office.pk]), data)
    assert response.status_code == 302
    office.refresh_from_db()
    assert office.phone == "01 99 00 10 01" and "Bobigny" in office.address
    with translation.override("fr"):
        assert [str(day) for day in week_hours(office.pk)] == [
            "lundi : 09:00–12:30, 13:30–17:00",
            "mercredi : 09:00–12:00",
        ]


def test_a_period_that_closes_before_it_opens_cannot_be_stored():
    office = OfficeFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        OpeningPeriod.objects.create(
            office=office, weekday=Weekday.MONDAY, opens_at=time(17), closes_at=time(9)
        )
