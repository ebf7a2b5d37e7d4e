"""The batch path of the statistical record (`record_events`, for bulk imports) writes
the same rows and keeps the same grid cells as `record_event` called for each event."""

from datetime import date

import pytest
from django.db import transaction

from lien.stats.models import GridCell, StatEvent
from lien.stats.services import (
    NewEvent,
    _year_key,
    close_year,
    record_event,
    record_events,
)

from ..factories import OfficeFactory

pytestmark = pytest.mark.django_db


class _Undo(Exception):
    pass


def _state():
    events = sorted(
        tuple(v for k, v in row.items() if k != "id") for row in StatEvent.objects.values()
    )
    cells = sorted(
        GridCell.objects.values_list(
            "tally__grid", "tally__year", "table", "office_id", "row", "column", "n"
        )
    )
    return events, cells


def _events(office, other):
    situation = {"household_status": "new", "age_band": "25-59"}
    problem = {"problem_family": "pb-housing"}
    return [
        # Two events of one household: one situation row, counted once where distinct.
        NewEvent("problem_opened", date(2024, 3, 1), office.pk, 1, situation, problem),
        NewEvent("problem_opened", date(2024, 4, 1), office.pk, 1, situation, problem),
        # A household already in the record (below): its situation is not taken again,
        # and the cell where it was counted already does not count it twice.
        NewEvent("problem_opened", date(2024, 5, 1), office.pk, 2, situation, problem),
        NewEvent("file_opened", date(2024, 5, 1), other.pk, 2, situation),
        # Another year, and a closed year whose events are left out.
        NewEvent("file_opened", date(2023, 1, 9), office.pk, 3, situation),
        NewEvent("file_opened", date(2020, 1, 9), office.pk, 3, situation),
    ]


def test_the_batch_path_writes_what_one_by_one_writes():
    office, other = OfficeFactory(), OfficeFactory()
    record_event(
        kind="problem_opened",
        day=date(2024, 2, 1),
        office_id=office.pk,
        household_id=2,
        situation={"household_status": "known"},
        problem_family="pb-housing",
    )
    close_year(year=2020)
    _year_key(2023)  # made before, so that both runs have the same pseudonyms
    events = _events(office, other)
    try:
        with transaction.atomic():
            for event in events:
                record_event(
                    kind=event.kind,
                    day=event.day,
                    office_id=event.office_id,
                    household_id=event.household_id,
                    situation=event.situation,
                    **event.dimensions,
                )
            one_by_one = _state()
            raise _Undo
    except _Undo:
        pass
    assert record_events(events=events) == 5
    assert _state() == one_by_one
    assert StatEvent.objects.filter(kind="situation", year=2024, office=office).count() == 2
    assert not StatEvent.objects.filter(year=2020).exists()


def test_the_batch_path_refuses_what_record_event_refuses():
    office = OfficeFactory()
    with pytest.raises(ValueError):
        record_events(
            events=[NewEvent("file_opened", date(2024, 1, 1), office.pk, 1, {"name": "x"})]
        )
    with pytest.raises(ValueError):
        record_events(events=[NewEvent("situation", date(2024, 1, 1), office.pk, 1, {})])
    assert not StatEvent.objects.exists()
