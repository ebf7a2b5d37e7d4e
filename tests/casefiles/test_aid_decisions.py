"""Aid requests after their first entry: a draft is corrected or deleted (after a
confirmation page); a decision is recorded with its rules (no future date, a refusal
states its reasons, a grant above the request asks for confirmation), or the person's
withdrawal; a decision recorded wrongly is corrected with a trace."""

import html
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lien.accounts.roles import Role
from lien.audit.models import Action, AuditEvent
from lien.casefiles.aid import services
from lien.casefiles.aid.services import Outcome
from lien.casefiles.models import AidRequest, AidStatus
from lien.stats.models import Kind, StatEvent, YearKey

pytestmark = pytest.mark.django_db


def _aid(world, status=AidStatus.DRAFT) -> AidRequest:
    aid = world.file.aid_requests.get()
    if status != AidStatus.DRAFT:
        aid.status, aid.submitted_on = AidStatus.SUBMITTED, timezone.localdate()
        aid.save()
    return aid


def _worker(client, world):
    worker = world.users[Role.SOCIAL_WORKER]
    client.force_login(worker)
    return worker


def test_an_amount_typed_with_a_decimal_comma_is_recorded_and_shown_in_euros(client, world):
    _worker(client, world)
    aid_type = _aid(world).aid_type
    response = client.post(
        f"/files/{world.file.pk}/aid-requests/",
        {"aid-aid_type": aid_type.pk, "aid-amount_requested": "1 234,5"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    created = world.file.aid_requests.get(amount_requested=Decimal("1234.50"))
    page = client.get(f"/files/{world.file.pk}/").content.decode()
    assert "1\u00a0234,50\u00a0€" in page and "1234.50" not in page
    assert created.status == AidStatus.DRAFT


def test_a_draft_is_corrected(client, world):
    _worker(client, world)
    aid = _aid(world)
    response = client.post(
        f"/aid-requests/{aid.pk}/edit/",
        {"aid_type": aid.aid_type_id, "amount_requested": "350,50", "version": aid.version},
    )
    assert response.status_code == 302
    aid.refresh_from_db()
    assert aid.amount_requested == Decimal("350.50") and aid.version == 2
    assert AuditEvent.objects.filter(action=Action.UPDATE, object_id=str(aid.pk)).exists()


def test_a_draft_is_deleted_only_after_its_confirmation_page(client, world):
    _worker(client, world)
    aid = _aid(world)
    page = client.get(f"/aid-requests/{aid.pk}/delete/")
    assert "Supprimer le brouillon de demande d'aide ?" in html.unescape(page.content.decode())
    assert AidRequest.objects.filter(pk=aid.pk).exists()
    assert client.post(f"/aid-requests/{aid.pk}/delete/").status_code == 302
    assert not AidRequest.objects.filter(pk=aid.pk).exists()
    assert AuditEvent.objects.filter(action=Action.DELETE, object_id=str(aid.pk)).exists()


def test_a_submitted_request_cannot_be_deleted_nor_changed(world):
    worker, aid = world.users[Role.SOCIAL_WORKER], _aid(world, AidStatus.SUBMITTED)
    with pytest.raises(ValidationError):
        services.delete_aid_draft(actor=worker, aid_request_id=aid.pk)
    with pytest.raises(ValidationError):
        services.update_aid_draft(
            actor=worker,
            aid_request_id=aid.pk,
            aid_type_id=aid.aid_type_id,
            amount_requested=Decimal("1"),
        )
    assert AidRequest.objects.get(pk=aid.pk).amount_requested == Decimal("150")


def test_a_refusal_without_its_reasons_is_refused_and_nothing_is_saved(client, world):
    _worker(client, world)
    aid = _aid(world, AidStatus.SUBMITTED)
    today = timezone.localdate().strftime("%d/%m/%Y")
    response = client.post(
        f"/aid-requests/{aid.pk}/decide/",
        {"decision": "refused", "decided_on": today, "version": aid.version},
    )
    assert "une décision défavorable doit être motivée" in response.content.decode()
    assert AidRequest.objects.get(pk=aid.pk).status == AidStatus.SUBMITTED
    client.post(
        f"/aid-requests/{aid.pk}/decide/",
        {
            "decision": "refused",
            "decided_on": today,
            "refusal_reason": "Ressources supérieures au plafond.",
            "version": aid.version,
        },
    )
    aid.refresh_from_db()
    assert aid.status == AidStatus.REFUSED
    assert aid.refusal_reason == "Ressources supérieures au plafond."
    page = client.get(f"/files/{world.file.pk}/").content.decode()
    assert "Ressources supérieures au plafond." in page


def test_a_grant_above_the_request_asks_for_confirmation(client, world):
    _worker(client, world)
    aid = _aid(world, AidStatus.SUBMITTED)
    data = {
        "decision": "granted",
        "amount_granted": "1500",
        "decided_on": timezone.localdate().strftime("%d/%m/%Y"),
        "version": aid.version,
    }
    response = client.post(f"/aid-requests/{aid.pk}/decide/", data)
    text = response.content.decode()
    assert "Le montant accordé (1\u00a0500,00\u00a0€) dépasse le montant demandé" in text
    assert 'type="checkbox" name="confirm_above_request"' in text
    assert AidRequest.objects.get(pk=aid.pk).status == AidStatus.SUBMITTED
    client.post(f"/aid-requests/{aid.pk}/decide/", {**data, "confirm_above_request": "on"})
    aid.refresh_from_db()
    assert aid.status == AidStatus.GRANTED and aid.amount_granted == Decimal("1500")


def test_a_decision_dated_in_the_future_is_refused_and_opens_no_statistics_year(client, world):
    _worker(client, world)
    aid = _aid(world, AidStatus.SUBMITTED)
    next_year = timezone.localdate().replace(month=1, day=15) + timedelta(days=366)
    response = client.post(
        f"/aid-requests/{aid.pk}/decide/",
        {
            "decision": "granted",
            "amount_granted": "100",
            "decided_on": next_year.strftime("%d/%m/%Y"),
            "version": aid.version,
        },
    )
    assert "La date ne peut pas être dans le futur." in response.content.decode()
    assert AidRequest.objects.get(pk=aid.pk).status == AidStatus.SUBMITTED
    assert not YearKey.objects.filter(year=next_year.year).exists()
    assert not StatEvent.objects.filter(year=next_year.year).exists()


def test_a_withdrawal_is_recorded_and_counts_as_no_decision(world):
    worker, aid = world.users[Role.SOCIAL_WORKER], _aid(world, AidStatus.SUBMITTED)
    services.decide_aid_request(
        actor=worker, aid_request_id=aid.pk, outcome=Outcome(status=AidStatus.WITHDRAWN)
    )
    aid.refresh_from_db()
    assert aid.status == AidStatus.WITHDRAWN and aid.amount_granted is None
    assert aid.get_status_display() == "retirée par la personne"
    assert not StatEvent.objects.filter(kind=Kind.AID_DECISION).exists()


def test_a_corrected_decision_keeps_the_earlier_one_and_the_statistics_follow(client, world):
    worker = _worker(client, world)
    aid = _aid(world, AidStatus.SUBMITTED)
    services.decide_aid_request(
        actor=worker,
        aid_request_id=aid.pk,
        outcome=Outcome(status=AidStatus.REFUSED, refusal_reason="Dossier incomplet."),
    )
    assert StatEvent.objects.filter(kind=Kind.AID_DECISION, decision="refused").count() == 1
    aid.refresh_from_db()
    response = client.post(
        f"/aid-requests/{aid.pk}/decide/",
        {
            "decision": "granted",
            "amount_granted": "150",
            "decided_on": timezone.localdate().strftime("%d/%m/%Y"),
            "correction_reason": "Refus saisi par erreur : la commission a accordé l'aide.",
            "version": aid.version,
        },
    )
    assert response.status_code == 302
    aid.refresh_from_db()
    assert aid.status == AidStatus.GRANTED and aid.refusal_reason == ""
    [earlier] = aid.earlier_decisions
    assert earlier["status"] == "refused" and earlier["refusal_reason"] == "Dossier incomplet."
    assert earlier["corrected_by"] == str(worker)
    decisions = StatEvent.objects.filter(kind=Kind.AID_DECISION)
    assert [e.decision for e in decisions] == ["granted"]
    assert AuditEvent.objects.filter(
        action=Action.UPDATE, object_id=str(aid.pk), reason__startswith="décision corrigée"
    ).exists()
    page = client.get(f"/files/{world.file.pk}/").content.decode()
    assert "Corrigée une fois" in page and "Dossier incomplet." in page


def test_a_correction_needs_its_reason(world):
    worker, aid = world.users[Role.SOCIAL_WORKER], _aid(world, AidStatus.SUBMITTED)
    services.decide_aid_request(
        actor=worker,
        aid_request_id=aid.pk,
        outcome=Outcome(status=AidStatus.GRANTED, amount_granted=Decimal("100")),
    )
    with pytest.raises(ValidationError):
        services.correct_aid_decision(
            actor=worker,
            aid_request_id=aid.pk,
            outcome=Outcome(status=AidStatus.GRANTED, amount_granted=Decimal("120")),
            correction_reason="  ",
        )
    aid.refresh_from_db()
    assert aid.amount_granted == Decimal("100") and aid.earlier_decisions == []
