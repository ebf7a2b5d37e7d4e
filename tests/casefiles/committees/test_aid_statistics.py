"""The aid statistics of issue 16 beyond the counts: refusals by the family of their
reason, and the delays request → decision → payment, in bands, through the statistical
layer (the grid declared in YAML) and its disclosure control, never per worker."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lien.accounts.roles import Role
from lien.casefiles.committees import services
from lien.casefiles.committees.services import SessionDecision
from lien.casefiles.models import AgendaOutcome, ReasonFamily, ReasonKind, SchemeReason
from lien.casefiles.payments import services as payment_services
from lien.stats.compute import count_grid
from lien.stats.definitions import load_grid
from lien.stats.models import Kind, StatEvent
from lien.stats.selectors import published_grid

from ...factories import full_file, member
from .schemes import scheme, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(world):
    return member(Role.COMMITTEE_SECRETARY, world.office)


@pytest.fixture
def fsl():
    fsl = scheme(ceiling="500")
    fsl.reasons.filter(kind=ReasonKind.REFUSAL).update(family=ReasonFamily.RESOURCES)
    SchemeReason.objects.create(
        scheme=fsl,
        kind=ReasonKind.REFUSAL,
        code="already",
        text="Aide déjà accordée dans l'année",
        family=ReasonFamily.ALREADY_HELPED,
    )
    return fsl


def _decide(secretary, fsl, aid, outcome, *reason_codes):
    session = services.create_session(
        actor=secretary, scheme_id=fsl.pk, held_on=timezone.localdate(), member_ids=[secretary.pk]
    )
    entry = services.put_on_agenda(actor=secretary, session_id=session.pk, aid_request_id=aid.pk)
    reasons = [fsl.reasons.get(code=code).pk for code in reason_codes]
    services.record_session_decision(
        actor=secretary,
        entry_id=entry.pk,
        decision=SessionDecision(outcome=outcome, reason_ids=reasons),
    )


def test_every_reason_family_has_its_row_in_the_grid():
    rows = load_grid("activity").table("aid_refusal_reasons").row_values
    assert set(rows) == set(ReasonFamily.values) | {""}


def test_a_refusal_is_counted_by_the_family_of_its_first_reason(world, secretary, fsl):
    _decide(secretary, fsl, submitted(world.file, fsl), AgendaOutcome.REFUSED, "over-resources")
    # Two reasons: the first of the scheme's list ("already" before "over-resources").
    _decide(
        secretary,
        fsl,
        submitted(world.other_file, fsl),
        AgendaOutcome.REFUSED,
        "over-resources",
        "already",
    )
    _decide(secretary, fsl, submitted(world.file, fsl), AgendaOutcome.GRANTED)
    events = StatEvent.objects.filter(kind=Kind.AID_DECISION)
    assert sorted(events.values_list("decision", "refusal_reason")) == [
        ("granted", ""),
        ("refused", "already-helped"),
        ("refused", "resources"),
    ]
    grid = load_grid("activity")
    table = grid.table("aid_refusal_reasons")
    year = timezone.localdate().year
    counts = count_grid(grid, year, [world.office.pk])["aid_refusal_reasons"][world.office.pk]
    # The grant is not in the refusals' table; the wording is nowhere in the record.
    assert counts[table.row_values.index("resources")][0] == 1
    assert sum(row[0] for row in counts) == 1
    assert not events.filter(refusal_reason__icontains="barème").exists()


def test_few_refusals_are_withheld_by_the_disclosure_control(world, secretary, fsl):
    _decide(secretary, fsl, submitted(world.file, fsl), AgendaOutcome.REFUSED, "over-resources")
    published = published_grid(
        office_ids={world.office.pk},
        grid_code="activity",
        year=timezone.localdate().year,
        office_id=world.office.pk,
        decide_now=True,
    )
    table = next(t for t in published.tables if t.table.code == "aid_refusal_reasons")
    resources = table.table.row_values.index("resources")
    # One refusal in the office: a count of one is never published ("s").
    assert table.rows[resources].cells[0].value is None


def test_the_delays_request_decision_payment_are_counted_in_bands(world, secretary, fsl):
    aid = submitted(world.file, fsl)
    type(aid).objects.filter(pk=aid.pk).update(
        submitted_on=timezone.localdate() - timedelta(days=40)
    )
    _decide(secretary, fsl, aid, AgendaOutcome.GRANTED)
    type(aid).objects.filter(pk=aid.pk).update(decided_on=timezone.localdate() - timedelta(days=20))
    payment_services.order_payment(
        actor=secretary,
        aid_request_id=aid.pk,
        payee_kind="landlord",
        payee_name="Bailleur",
        holder="Bailleur",
        iban="FR7630006000011234567890189",
    )
    batch = payment_services.make_batch(actor=secretary)
    payment_services.mark_batch_paid(
        actor=secretary, batch_id=batch.pk, paid_on=timezone.localdate()
    )
    decided = StatEvent.objects.get(kind=Kind.AID_DECISION)
    paid = StatEvent.objects.get(kind=Kind.AID_PAYMENT)
    assert decided.delay_band == "31-60"
    assert (paid.delay_band, paid.payment_delay_band) == ("31-60", "16-30")
    grid = load_grid("activity")
    for code, kind in (
        ("aid_decision_delays", "aid_decision"),
        ("aid_payment_after_decision", "aid_payment"),
    ):
        assert grid.table(code).kinds == (kind,)
    # No worker in the record: the delays are the office's, never an agent's.
    assert not {f.name for f in StatEvent._meta.fields} & {"worker", "created_by", "casefile"}


def test_a_second_file_does_not_change_the_first_ones_bands(world, secretary, fsl):
    """Two households refused for the same family fill one cell with two."""
    other = full_file(world.office, world.users[Role.SOCIAL_WORKER])
    for casefile in (world.file, other):
        _decide(secretary, fsl, submitted(casefile, fsl), AgendaOutcome.REFUSED, "over-resources")
    grid = load_grid("activity")
    table = grid.table("aid_refusal_reasons")
    counts = count_grid(grid, timezone.localdate().year, [world.office.pk])
    assert (
        counts["aid_refusal_reasons"][world.office.pk][table.row_values.index("resources")][0] == 2
    )
