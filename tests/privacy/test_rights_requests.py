"""Rights requests: registered by the DPO with the legal deadline (one month, extendable
once by two months with a reason), listed while open, each act audited."""

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from lien.accounts.roles import Role
from lien.audit.models import AuditEvent
from lien.privacy import selectors, services
from lien.privacy.deadlines import add_months
from lien.privacy.models import RightsRequest

pytestmark = pytest.mark.django_db


def _name(casefile):
    return casefile.household.members.get(relationship="reference").person.birth_name


def _open(world, **kwargs):
    return services.open_rights_request(
        actor=world.users[Role.DPO],
        casefile_id=world.other_file.pk,
        person_name=_name(world.other_file).lower(),
        kind=kwargs.pop("kind", "access"),
        **kwargs,
    )


def test_months_are_counted_as_the_law_does():
    assert add_months(date(2026, 1, 15), 1) == date(2026, 2, 15)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 12, 10), 2) == date(2027, 2, 10)


def test_the_dpo_registers_extends_and_closes_a_request_of_any_office(world):
    received = timezone.localdate() - timedelta(days=3)
    rights = _open(world, received_on=received)
    assert rights.due_on == add_months(received, 1)
    assert rights.person == world.other_file.household.members.get(relationship="reference").person
    assert selectors.open_rights_requests_for(actor=world.users[Role.DPO]) == [rights]

    with pytest.raises(ValidationError) as error:
        services.extend_rights_request(
            actor=world.users[Role.DPO], request_id=rights.pk, reason=" "
        )
    assert "reason" in error.value.error_dict
    services.extend_rights_request(
        actor=world.users[Role.DPO], request_id=rights.pk, reason="Dossier volumineux."
    )
    rights.refresh_from_db()
    assert rights.due_on == add_months(add_months(received, 1), 2)
    with pytest.raises(ValidationError):
        services.extend_rights_request(
            actor=world.users[Role.DPO], request_id=rights.pk, reason="Encore."
        )

    services.close_rights_request(
        actor=world.users[Role.DPO],
        request_id=rights.pk,
        status="answered",
        outcome="Copie remise en main propre.",
    )
    assert selectors.open_rights_requests_for(actor=world.users[Role.DPO]) == []
    acts = AuditEvent.objects.filter(object_kind="rightsrequest", object_id=str(rights.pk))
    assert [e.action for e in acts.order_by("pk")] == ["create", "update", "update"]
    assert acts.first().household_id == world.other_file.household_id


def test_refusals_name_their_field(world):
    with pytest.raises(ValidationError) as error:
        services.open_rights_request(
            actor=world.users[Role.DPO],
            casefile_id=world.file.pk,
            person_name="Personne-Inconnue",
            kind="teleport",
            received_on=timezone.localdate() + timedelta(days=1),
        )
    assert set(error.value.error_dict) == {"__all__", "kind", "received_on"}
    assert not RightsRequest.objects.exists()


def _refusal(world, casefile_id, name) -> dict:
    with pytest.raises(ValidationError) as error:
        services.open_rights_request(
            actor=world.users[Role.DPO], casefile_id=casefile_id, person_name=name, kind="access"
        )
    return error.value.message_dict


def test_a_wrong_number_and_a_wrong_name_get_the_same_answer(world):
    """No oracle: the form must not tell whether a name belongs to a file."""
    name = _name(world.file)
    wrong_name = _refusal(world, world.file.pk, "Personne-Inconnue")
    wrong_number = _refusal(world, 987654, name)
    # The right name on another existing file: the same again.
    wrong_file = _refusal(world, world.other_file.pk, name)
    assert wrong_name == wrong_number == wrong_file
    assert set(wrong_name) == {"__all__"}
    assert not RightsRequest.objects.exists()
    assert not AuditEvent.objects.filter(object_kind="rightsrequest").exists()


def _post_request(client, casefile, name):
    return client.post(
        reverse("rights_requests"),
        {
            "casefile": casefile,
            "person_name": name,
            "kind": "access",
            "received_on": timezone.localdate().isoformat(),
        },
        HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9",
    )


def _page_errors(response) -> str:
    """The page's error messages, as the DPO's browser shows them."""
    html = response.content.decode()
    return " ".join(re.findall(r'class="alert alert-danger"[^>]*>(.*?)</div>', html, re.S))


def test_the_form_answers_the_same_page_for_a_wrong_number_or_name(client, world):
    client.force_login(world.users[Role.DPO])
    name = _name(world.file)
    responses = [
        _post_request(client, world.file.pk, "Personne-Inconnue"),
        _post_request(client, 987654, name),
        _post_request(client, world.other_file.pk, name),
    ]
    assert {r.status_code for r in responses} == {422}
    errors = {_page_errors(r) for r in responses}
    assert len(errors) == 1
    assert "Aucun dossier de ce numéro ne compte une personne de ce nom" in errors.pop()
    assert [r.context["form"].errors for r in responses] == [
        responses[0].context["form"].errors
    ] * 3
    assert not RightsRequest.objects.exists()


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.DPO])
def test_only_the_dpo_handles_requests(world, role):
    rights = _open(world)
    actor = world.users[role]
    assert selectors.open_rights_requests_for(actor=actor) == []
    with pytest.raises(Http404):
        selectors.rights_request_for(actor=actor, pk=rights.pk)
    with pytest.raises(Http404):
        services.extend_rights_request(actor=actor, request_id=rights.pk, reason="r")
    with pytest.raises(Http404):
        _open_as(world, actor)


def _open_as(world, actor):
    return services.open_rights_request(
        actor=actor, casefile_id=world.file.pk, person_name=_name(world.file), kind="erasure"
    )


def test_the_dpo_pages(client, world):
    client.force_login(world.users[Role.DPO])
    response = client.post(
        reverse("rights_requests"),
        {
            "casefile": world.file.pk,
            "person_name": _name(world.file),
            "kind": "rectification",
            "received_on": timezone.localdate().isoformat(),
        },
    )
    rights = RightsRequest.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("rights_requests")).content.decode()
    assert reverse("rights_request", args=[rights.pk]) in page
    response = client.post(
        reverse("rights_request", args=[rights.pk]),
        {"act": "close", "close-status": "answered", "close-outcome": "", "close-closed_on": ""},
    )
    assert response.status_code == 422  # bad input: 422, as everywhere
    assert set(response.context["close_form"].errors) == {"outcome", "closed_on"}
    response = client.post(
        reverse("rights_request", args=[rights.pk]),
        {"act": "extend", "extend-reason": "Demande complexe."},
    )
    assert response.status_code == 302
    rights.refresh_from_db()
    assert rights.is_extended


def test_a_request_is_feminine_in_french():
    """« demande ouverte », not the files' « ouvert »: its own context in the catalogue."""
    from django.utils import translation

    from lien.privacy.models import RequestStatus

    with translation.override("fr"):
        assert [str(s.label) for s in RequestStatus] == ["ouverte", "traitée", "refusée"]
