"""Rectification (GDPR art. 16): a correction keeps the former value beside the new one,
with who, when and why, and the rectification request it answers. The file page shows
the history to those who see identity; the access export holds it; the retention engine
erases it with the identity."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lien.accounts.roles import Role
from lien.casefiles.households import services as household_services
from lien.casefiles.models import CaseFile, FileStatus, Person
from lien.privacy import retention_engine, selectors
from lien.privacy import services as privacy_services
from lien.privacy.models import Rectification, RightKind, RightsRequest

from ..factories import release_every_note

pytestmark = pytest.mark.django_db


def _request(world, kind=RightKind.RECTIFICATION):
    return RightsRequest.objects.create(
        casefile=world.file,
        person=world.file.reference_person,
        kind=kind,
        due_on=timezone.localdate() + timedelta(days=30),
        registered_by=world.users[Role.DPO],
    )


def _correct(world, actor=None, **kwargs):
    person = world.file.reference_person
    return household_services.update_person(
        actor=actor or world.users[Role.SECRETARY],
        person_id=person.pk,
        expected_version=None,
        changes=kwargs.pop("changes", {"birth_name": "Dupond", "town": person.town}),
        **kwargs,
    )


def test_a_correction_keeps_the_former_value_who_when_and_why(world):
    person = world.file.reference_person
    former = person.birth_name
    rights = _request(world)
    with time_machine.travel(date(2026, 4, 3)):
        _correct(world, reason="Erreur de saisie", rights_request_id=rights.pk)
    person.refresh_from_db()
    assert person.birth_name == "Dupond"
    # One row for the changed field only: the town was sent unchanged.
    kept = Rectification.objects.get()
    assert (kept.field_name, kept.old_value, kept.new_value) == ("birth_name", former, "Dupond")
    assert kept.changed_by == world.users[Role.SECRETARY] and kept.reason == "Erreur de saisie"
    assert kept.rights_request == rights and kept.casefile == world.file
    assert kept.changed_at.date() == date(2026, 4, 3)


def test_a_date_is_kept_as_written_and_a_wrong_request_writes_nothing(world):
    person = world.file.reference_person
    _correct(world, changes={"birth_date": date(1980, 5, 17)})
    _correct(world, changes={"birth_date": date(1981, 5, 17)})
    assert Rectification.objects.first().old_value == "17/05/1980"
    access = _request(world, RightKind.ACCESS)
    rows = Rectification.objects.count()
    with pytest.raises(ValidationError) as error:
        _correct(world, changes={"first_names": "Zoé"}, rights_request_id=access.pk)
    assert "rights_request" in error.value.message_dict
    person.refresh_from_db()
    assert person.first_names != "Zoé" and Rectification.objects.count() == rows


def test_the_file_page_shows_the_history_to_who_sees_identity(client, world):
    former = world.file.reference_person.birth_name
    with time_machine.travel(date(2026, 4, 3)):
        _correct(world, reason="Orthographe de la carte d'identité")
    client.force_login(world.users[Role.SOCIAL_WORKER])
    page = client.get(reverse("casefile_detail", args=[world.file.pk])).content.decode()
    assert f"nom de naissance corrigé le 3 avril 2026 (auparavant : {former})" in page
    assert "Orthographe de la carte d" in page
    # Another office's worker sees neither the page nor its history.
    client.force_login(world.other_worker)
    assert client.get(reverse("casefile_detail", args=[world.file.pk])).status_code == 404


def test_the_correction_form_takes_a_reason_and_the_open_request(client, world):
    person = world.file.reference_person
    rights = _request(world)
    client.force_login(world.users[Role.SECRETARY])
    url = reverse("edit_person", args=[world.file.pk, person.pk])
    form = client.get(url).content.decode()
    assert f"Demande n° {rights.pk} reçue le" in form
    data = {
        "birth_name": "Dupond",
        "first_names": person.first_names,
        "usage_name": person.usage_name,
        "town": person.town,
        "postal_code": person.postal_code,
        "address": person.address,
        "version": person.version,
        "reason": "Acte de naissance produit",
        "rights_request": rights.pk,
    }
    assert client.post(url, data).status_code == 302
    kept = Rectification.objects.get(field_name="birth_name")
    assert kept.rights_request == rights and kept.reason == "Acte de naissance produit"


def test_the_access_export_holds_the_history_and_roles_as_labels(world):
    former = world.file.reference_person.birth_name
    _correct(world, actor=world.users[Role.SOCIAL_WORKER], reason="Erreur de saisie")
    access = _request(world, RightKind.ACCESS)
    release_every_note(access)
    _, export = selectors.access_export_for(actor=world.users[Role.DPO], request_id=access.pk)
    sections = {s["model"]: s for s in export["sections"]}
    correction = sections["privacy.Rectification"]["records"][0]
    assert correction["field_name"] == "nom de naissance"
    assert (correction["old_value"], correction["new_value"]) == (former, "Dupond")
    log = sections["audit.AuditEvent"]["records"]
    roles = {e["actor_roles"] for e in log}
    assert "travailleur social" in roles
    assert not any("social_worker" in e["actor_roles"] or "dpo" in e["actor_roles"] for e in log)


def test_anonymisation_erases_the_former_values_too(world):
    _correct(world)
    assert Rectification.objects.exists()
    CaseFile.objects.filter(household_id=world.file.household_id).update(
        status=FileStatus.CLOSED,
        opened_on=date(2010, 1, 1),
        closed_on=date(2012, 1, 10),
        last_contact_on=None,
    )
    retention_engine.apply()
    assert Person.objects.get(pk=world.file.reference_person.pk).birth_name == ""
    assert not Rectification.objects.exists()


def test_stored_values_and_reasons_are_escaped_on_every_page_that_shows_them(client, world):
    """Former values, reasons of corrections and of limitations are free text: shown
    escaped on the file page and the DPO's request page."""
    payload = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    _correct(world, changes={"birth_name": payload}, reason=payload)
    _correct(world, changes={"birth_name": "Dupond"}, reason=payload)
    limitation = RightsRequest.objects.create(
        casefile=world.file,
        person=world.file.reference_person,
        kind=RightKind.LIMITATION,
        due_on=timezone.localdate(),
        registered_by=world.users[Role.DPO],
    )
    privacy_services.apply_limitation(
        actor=world.users[Role.DPO], request_id=limitation.pk, reason=payload
    )
    pages = []
    client.force_login(world.users[Role.SOCIAL_WORKER])
    pages.append(client.get(reverse("casefile_detail", args=[world.file.pk])))
    client.force_login(world.users[Role.DPO])
    pages.append(client.get(reverse("rights_request", args=[limitation.pk])))
    for response in pages:
        html = response.content.decode()
        assert "&lt;script&gt;alert(1)" in html
        assert "<script>alert(1)" not in html and "<img src=x onerror" not in html
