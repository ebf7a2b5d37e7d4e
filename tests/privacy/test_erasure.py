"""Erasure (GDPR art. 17): the DPO anonymises a file now where the law allows it, and
gets a clear refusal, with nothing changed, where it does not."""

import pytest
from django.urls import reverse
from django.utils import timezone

from lien.accounts.roles import Role
from lien.audit.chain import verify
from lien.audit.models import AuditEvent
from lien.casefiles.files import services as file_services
from lien.casefiles.models import AidRequest, CaseFile, Note, Person
from lien.privacy import services
from lien.privacy.limitation import FileLimitedError
from lien.privacy.models import RequestStatus, RightKind, RightsRequest

pytestmark = pytest.mark.django_db


def _request(world, kind=RightKind.ERASURE):
    return RightsRequest.objects.create(
        casefile=world.file,
        person=world.file.reference_person,
        kind=kind,
        due_on=timezone.localdate(),
        registered_by=world.users[Role.DPO],
    )


def _close(world):
    file_services.close_casefile(
        actor=world.users[Role.SOCIAL_WORKER], casefile_id=world.file.pk, reason="goals_met"
    )


def _erasable(world):
    AidRequest.objects.filter(casefile=world.file).delete()
    _close(world)
    return _request(world)


def _erase(world, request, reason="Dossier ouvert par erreur."):
    return services.erase_file(actor=world.users[Role.DPO], request_id=request.pk, reason=reason)


def _state(world):
    casefile = CaseFile.objects.get(pk=world.file.pk)
    return (
        casefile.anonymised_on,
        Note.objects.filter(casefile=casefile).count(),
        sorted(
            Person.objects.filter(memberships__household=casefile.household).values_list(
                "birth_name", flat=True
            )
        ),
    )


def test_the_dpo_erases_a_closed_file_and_the_request_is_answered(world):
    request = _erasable(world)
    household = world.file.household
    assert Note.objects.filter(casefile=world.file).exists()
    casefile = _erase(world, request)
    assert casefile.anonymised_on == timezone.localdate() and casefile.archived_on
    assert not Note.objects.filter(casefile=casefile).exists()
    names = Person.objects.filter(memberships__household=household).values_list(
        "birth_name", "first_names", "phone"
    )
    assert names and all(values == ("", "", "") for values in names)
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED
    assert request.outcome == "Dossier ouvert par erreur."
    event = AuditEvent.objects.get(object_kind="rights_erasure")
    assert event.actor == world.users[Role.DPO] and event.household_id is None
    # Nothing in the log names the household any more, and the chain still holds.
    assert not AuditEvent.objects.filter(household_id=household.pk).exists()
    assert verify().intact


@pytest.mark.parametrize(
    "situation, message",
    [
        ("open", "encore ouvert"),
        ("legal_hold", "conservation"),
        ("aid_decision", "décision d'aide"),
        ("no_reason", "Dites pourquoi"),
    ],
)
def test_erasure_is_refused_where_the_law_keeps_the_data(world, situation, message):
    aid_requests = AidRequest.objects.filter(casefile=world.file)
    if situation == "aid_decision":
        assert aid_requests.update(status="refused")
    else:
        aid_requests.delete()
    if situation != "open":
        _close(world)
    if situation == "legal_hold":
        CaseFile.objects.filter(pk=world.file.pk).update(legal_hold=True)
    request = _request(world)
    before = _state(world)
    with pytest.raises(Exception) as refused:
        _erase(world, request, reason="" if situation == "no_reason" else "Erreur.")
    assert message in " ".join(refused.value.messages)
    assert _state(world) == before
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN


def test_a_limitation_in_force_keeps_the_file(world):
    request = _erasable(world)
    limitation_request = _request(world, RightKind.LIMITATION)
    services.apply_limitation(
        actor=world.users[Role.DPO], request_id=limitation_request.pk, reason="Contestée"
    )
    before = _state(world)
    with pytest.raises(FileLimitedError):
        _erase(world, request)
    assert _state(world) == before


def test_only_an_erasure_request_erases_and_only_the_dpo(world, client):
    _close(world)
    access = _request(world, RightKind.ACCESS)
    client.force_login(world.users[Role.DPO])
    url = reverse("rights_request", args=[access.pk])
    assert "Effacer le dossier" not in client.get(url).content.decode()
    assert client.post(url, {"act": "erase", "erase-reason": "x"}).status_code == 404
    erasure = _request(world)
    client.force_login(world.users[Role.MANAGER])
    url = reverse("rights_request", args=[erasure.pk])
    assert client.post(url, {"act": "erase", "erase-reason": "x"}).status_code == 404
    assert CaseFile.objects.get(pk=world.file.pk).anonymised_on is None


def test_the_request_page_offers_erasure_and_explains_a_refusal(world, client):
    request = _request(world)  # the file is still open
    client.force_login(world.users[Role.DPO])
    url = reverse("rights_request", args=[request.pk])
    assert "Effacer le dossier" in client.get(url).content.decode()
    response = client.post(url, {"act": "erase", "erase-reason": "Ouvert par erreur."})
    assert response.status_code == 422
    assert "encore ouvert" in response.content.decode()
    AidRequest.objects.filter(casefile=world.file).delete()
    _close(world)
    response = client.post(url, {"act": "erase", "erase-reason": "Ouvert par erreur."})
    assert response.status_code == 302
    assert CaseFile.objects.get(pk=world.file.pk).anonymised_on == timezone.localdate()
