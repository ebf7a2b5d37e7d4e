"""The access export (GDPR art. 15): driven by the data inventory, produced by the DPO
for an open access request after a fresh password (and once the notes' authors released
them: tests/privacy/test_note_release.py), audited, third parties blacked out."""

import json
import time

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import translation

from lien.accounts.decorators import AUTHENTICATED_AT
from lien.accounts.roles import Role
from lien.audit.models import AuditEvent
from lien.casefiles.files import selectors as file_selectors
from lien.casefiles.households import services as household_services
from lien.casefiles.households.services import PersonData
from lien.casefiles.notes import services as note_services
from lien.privacy import selectors, services
from lien.privacy.export import FINDERS, THIRD_PARTY, exported_fields
from lien.privacy.inventory import INVENTORY

from ..factories import release_every_note
from ..prepared_files import download_prepared

pytestmark = pytest.mark.django_db


def test_every_inventoried_model_shown_in_the_export_is_found_by_it():
    with_exported_fields = {
        label
        for label, fields in INVENTORY.items()
        if any(f.in_access_export for f in fields.values())
    }
    assert with_exported_fields == set(FINDERS), (
        "say in export.FINDERS how to find the person's rows"
    )


def _reference(casefile):
    return casefile.household.members.get(relationship="reference").person


def _access_request(world):
    return services.open_rights_request(
        actor=world.users[Role.DPO],
        casefile_id=world.file.pk,
        person_name=_reference(world.file).birth_name,
        kind="access",
    )


def test_the_export_holds_every_exported_field_the_notes_and_who_consulted(world):
    worker = world.users[Role.SOCIAL_WORKER]
    person = _reference(world.file)
    household_services.add_household_member(
        actor=worker,
        casefile_id=world.file.pk,
        person=PersonData(birth_name="Tiersnom", first_names="Paul"),
        relationship="child",
    )
    services.record_notice_given(
        actor=worker, casefile_id=world.file.pk, person_id=person.pk, method="read_aloud"
    )
    note_services.write_note(actor=worker, casefile_id=world.file.pk, text="Point d'étape du jour.")
    file_selectors.file_page_for(actor=world.users[Role.SECRETARY], pk=world.file.pk)
    rights = _access_request(world)
    release_every_note(rights)

    # The log's reason is written in the agent's language: French here, whatever language
    # an earlier test left active in this process.
    with translation.override("fr"):
        _, export = selectors.access_export_for(actor=world.users[Role.DPO], request_id=rights.pk)
    sections = {s["model"]: s for s in export["sections"]}
    for label, section in sections.items():
        assert [f["name"] for f in section["fields"]] == exported_fields(label)
        for record in section["records"]:
            assert set(record) == set(exported_fields(label)), label
    notes = sections["casefiles.Note"]["records"]
    assert any(n["text"] == "Point d'étape du jour." and n["author"] for n in notes)
    assert sections["privacy.NoticeGiven"]["records"][0]["method"] == "lue à voix haute"
    [aid] = sections["casefiles.AidRequest"]["records"]
    assert aid["amount_requested"] == "150,00\u00a0€"  # never "150.00"
    log = sections["audit.AuditEvent"]["records"]
    assert any("Secrétaire" in e["actor"] or "secr" in e["actor"].lower() for e in log)
    dumped = json.dumps(export, ensure_ascii=False)
    assert world.users[Role.SECRETARY].last_name not in dumped  # agents of the log: roles only
    assert "Tiersnom" not in dumped and THIRD_PARTY in dumped
    # The log says why in words, never "rights request 1".
    exported = AuditEvent.objects.get(action="export")
    assert exported.reason == f"demande d'accès n° {rights.pk}"
    # Nor codes in the export: the kinds of object of the log, booleans, situation values.
    kinds = {e["object_kind"] for e in log}
    assert "dossier" in kinds and not kinds & {"casefile", "person", "rightsrequest"}
    assert "False" not in dumped and "True" not in dumped


def test_only_the_dpo_and_only_for_an_open_access_request(world):
    rights = _access_request(world)
    release_every_note(rights)
    for role in Role.values:
        if role != Role.DPO:
            with pytest.raises(Http404):
                selectors.access_export_for(actor=world.users[role], request_id=rights.pk)
    erasure = services.open_rights_request(
        actor=world.users[Role.DPO],
        casefile_id=world.file.pk,
        person_name=_reference(world.file).birth_name,
        kind="erasure",
    )
    with pytest.raises(Http404):
        selectors.access_export_for(actor=world.users[Role.DPO], request_id=erasure.pk)


def test_the_export_pages_need_a_fresh_password(client, world):
    rights = _access_request(world)
    release_every_note(rights)
    client.force_login(world.users[Role.DPO])
    session = client.session
    session[AUTHENTICATED_AT] = time.time() - 3600  # the password was given an hour ago
    session.save()
    url = reverse("access_export_json", args=[rights.pk])
    response = client.get(url)
    assert response.status_code == 302 and reverse("confirm_identity") in response["Location"]
    session = client.session
    session[AUTHENTICATED_AT] = time.time()
    session.save()
    response = client.get(url)
    assert response.status_code == 200
    assert json.loads(response.content)["person"] == _reference(world.file).full_name
    pdf = download_prepared(client, client.get(reverse("access_export_pdf", args=[rights.pk])))
    assert pdf.content.startswith(b"%PDF")
