"""The limitation of processing (GDPR art. 18): once the DPO applies it, the file is only
kept. Every file-write service refuses with a French error and writes nothing, the file
page says why and since when, the retention engine leaves the file alone, and lifting the
limitation is audited and makes the file writable again."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from lien.accounts.roles import Role
from lien.audit.models import Action, AuditEvent
from lien.casefiles.models import (
    FileStatus,
    Note,
    Problem,
)
from lien.privacy import retention_engine
from lien.privacy import services as privacy_services
from lien.privacy.limitation import FileLimitedError, refuse_if_limited
from lien.privacy.models import Limitation, RightKind, RightsRequest

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _request(world, kind=RightKind.LIMITATION):
    return RightsRequest.objects.create(
        casefile=world.file,
        person=world.file.reference_person,
        kind=kind,
        due_on=timezone.localdate() + timedelta(days=30),
        registered_by=world.users[Role.DPO],
    )


def _freeze(world) -> Limitation:
    return privacy_services.apply_limitation(
        actor=world.users[Role.DPO],
        request_id=_request(world).pk,
        reason="Exactitude de l'adresse contestée",
    )


def _lift(world, limitation):
    privacy_services.lift_limitation(
        actor=world.users[Role.DPO], limitation_id=limitation.pk, reason="Adresse vérifiée"
    )


def test_the_rights_acts_go_on_while_the_file_is_frozen(world):
    _freeze(world)
    dpo = world.users[Role.DPO]
    privacy_services.record_statistics_opposition(
        actor=world.users[Role.SECRETARY],
        casefile_id=world.file.pk,
        person_id=world.file.reference_person.pk,
    )
    access = _request(world, RightKind.ACCESS)
    privacy_services.extend_rights_request(actor=dpo, request_id=access.pk, reason="Complexe")
    privacy_services.close_rights_request(
        actor=dpo, request_id=access.pk, status="answered", outcome="Copie remise."
    )


def test_applying_needs_an_open_limitation_request_a_reason_and_no_other_in_force(world):
    dpo = world.users[Role.DPO]
    with pytest.raises(Http404):  # an access request is not a limitation request
        privacy_services.apply_limitation(
            actor=dpo, request_id=_request(world, RightKind.ACCESS).pk, reason="x"
        )
    with pytest.raises(ValidationError) as error:
        privacy_services.apply_limitation(actor=dpo, request_id=_request(world).pk, reason=" ")
    assert "reason" in error.value.message_dict
    _freeze(world)
    with pytest.raises(ValidationError, match="déjà"):
        _freeze(world)
    with pytest.raises(Http404):
        privacy_services.apply_limitation(
            actor=world.users[Role.SOCIAL_WORKER], request_id=_request(world).pk, reason="x"
        )


def test_lifting_is_audited_with_its_reason_and_the_file_is_writable_again(world):
    limitation = _freeze(world)
    with pytest.raises(FileLimitedError):
        refuse_if_limited(world.file)
    _lift(world, limitation)
    limitation.refresh_from_db()
    assert limitation.lifted_by == world.users[Role.DPO] and limitation.lift_reason
    event = AuditEvent.objects.filter(object_kind="limitation", action=Action.UPDATE).get()
    assert event.reason == "Adresse vérifiée" and event.household_id == world.file.household_id
    refuse_if_limited(world.file)  # no longer raises
    with pytest.raises(ValidationError, match="déjà"):
        _lift(world, limitation)


def test_the_file_page_shows_why_and_since_when_and_a_quick_entry_is_refused(client, world):
    client.force_login(world.users[Role.SOCIAL_WORKER])
    before = client.get(reverse("casefile_detail", args=[world.file.pk])).content.decode()
    assert reverse("write_note", args=[world.file.pk]) in before and "note-text" in before
    assert 'name="intervention-item"' in before
    with time_machine.travel(date(2026, 3, 2)):
        _freeze(world)
    client.force_login(world.users[Role.SOCIAL_WORKER])
    page = client.get(reverse("casefile_detail", args=[world.file.pk])).content.decode()
    assert "Dossier gelé" in page and "2 mars 2026" in page
    assert "Exactitude de l&#x27;adresse contestée" in page
    # Recording the notice would be refused: not offered; nor is any entry or act.
    assert reverse("record_notice", args=[world.file.pk]) not in page
    for refused in ("write_note", "close_casefile", "add_member", "situation_edit"):
        assert reverse(refused, args=[world.file.pk]) not in page, refused
    assert 'name="intervention-item"' not in page and "note-text" not in page
    client.force_login(world.users[Role.SECRETARY])
    desk_view = client.get(reverse("casefile_detail", args=[world.file.pk])).content.decode()
    assert "Dossier gelé" in desk_view
    assert reverse("book_appointment", args=[world.file.pk]) not in desk_view
    assert reverse("log_visit", args=[world.file.pk]) not in desk_view
    client.force_login(world.users[Role.SOCIAL_WORKER])
    notes = Note.objects.count()
    response = client.post(
        reverse("write_note", args=[world.file.pk]),
        {"note-text": "Tentative", "note-visibility": "private"},
    )
    assert response.status_code == 422
    assert "gelé depuis le 2 mars 2026" in response.content.decode()
    assert Note.objects.count() == notes
    # A one-click act answers 409 with the same explanation.
    response = client.post(
        reverse("close_problem", args=[Problem.objects.get(casefile=world.file).pk])
    )
    assert response.status_code == 409 and "gelé" in response.content.decode()


def test_the_dpo_applies_and_lifts_it_from_the_request_page(client, world):
    rights = _request(world)
    client.force_login(world.users[Role.DPO])
    url = reverse("rights_request", args=[rights.pk])
    assert "Geler le dossier" in client.get(url).content.decode()
    response = client.post(url, {"act": "limit", "limit-reason": ""})
    assert response.status_code == 422 and not Limitation.objects.exists()
    client.post(url, {"act": "limit", "limit-reason": "Opposition en cours d'examen"})
    limitation = Limitation.objects.get()
    assert limitation.lifted_at is None and limitation.applied_by == world.users[Role.DPO]
    assert "Lever la limitation" in client.get(url).content.decode()
    client.post(url, {"act": "lift", "lift-reason": "Opposition rejetée"})
    limitation.refresh_from_db()
    assert limitation.lifted_at is not None and limitation.lift_reason == "Opposition rejetée"


def test_the_retention_engine_runs_but_leaves_a_frozen_file_alone(world):
    """Art. 18: limited data may only be stored, so archiving and anonymisation wait, as
    for a legal hold; the engine still runs on the other files."""
    # Both files closed long ago, past the active period.
    type(world.file).objects.update(
        status=FileStatus.CLOSED,
        opened_on=date(2019, 1, 1),
        closed_on=date(2020, 1, 10),
        last_contact_on=None,
    )
    _freeze(world)
    deadlines = retention_engine.Deadlines.on(timezone.localdate())
    assert world.file.pk in set(retention_engine.held(deadlines).values_list("pk", flat=True))
    retention_engine.apply()
    world.file.refresh_from_db()
    world.other_file.refresh_from_db()
    assert world.file.archived_on is None and world.file.anonymised_on is None
    assert world.file.status == FileStatus.CLOSED
    assert world.other_file.archived_on is not None
