"""The case-file screens through HTTP: each page answers its roles and 404 elsewhere,
entry saves through the services, bad input comes back inline and saves nothing, and a
stale form gets a conflict message instead of overwriting."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lien.accounts.roles import Role
from lien.audit.models import AuditEvent
from lien.casefiles.models import (
    AidRequest,
    Appointment,
    AppointmentStatus,
    CaseFile,
    FileStatus,
    Intervention,
    Note,
    Person,
    Problem,
    Visit,
)
from lien.catalog.models import Family

from ..factories import CaseFileFactory, ItemFactory, full_file

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _as(client, world, role):
    user = world.users[role]
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    ("role", "urls"),
    [
        (Role.SECRETARY, ["/reception/", "/calendar/", "/households/new/", "/calendar/?view=week"]),
        (Role.SOCIAL_WORKER, ["/caseload/", "/caseload/?status=all&quiet_days=30", "/calendar/"]),
        (Role.MANAGER, ["/offices/files/", "/offices/files/?status=closed", "/calendar/"]),
    ],
)
def test_each_role_opens_its_screens(client, world, role, urls):
    _as(client, world, role)
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_file_screens_answer_their_roles_and_404_elsewhere(client, world):
    appointment = world.file.appointments.first()
    pages = {
        f"/files/{world.file.pk}/person-view/": {Role.SOCIAL_WORKER, Role.MANAGER, Role.SECRETARY},
        f"/files/{world.file.pk}/appointments/new/": {Role.SOCIAL_WORKER, Role.SECRETARY},
        f"/files/{world.file.pk}/visits/new/": {Role.SOCIAL_WORKER, Role.SECRETARY},
        f"/files/{world.file.pk}/members/new/": {Role.SOCIAL_WORKER, Role.SECRETARY},
        f"/files/{world.file.pk}/documents/new/": {Role.SOCIAL_WORKER, Role.SECRETARY},
        f"/appointments/{appointment.pk}/slip/": {Role.SOCIAL_WORKER, Role.SECRETARY, Role.MANAGER},
        f"/appointments/{appointment.pk}/move/": {Role.SOCIAL_WORKER, Role.SECRETARY},
        f"/files/{world.file.pk}/close/": {Role.SOCIAL_WORKER},
        f"/files/{world.file.pk}/transfer/": {Role.SOCIAL_WORKER},
        f"/aid-requests/{world.file.aid_requests.first().pk}/decide/": {Role.SOCIAL_WORKER},
        f"/notes/{world.file.notes.first().pk}/edit/": {Role.SOCIAL_WORKER},
    }
    for url, roles in pages.items():
        for role in set(Role.values) - roles:
            _as(client, world, role)
            assert client.get(url).status_code == 404, (url, role)
        for role in roles:
            _as(client, world, role)
            assert client.get(url).status_code == 200, (url, role)
    # Another office's file is missing for everyone here.
    client.force_login(world.users[Role.SOCIAL_WORKER])
    assert client.get(f"/files/{world.other_file.pk}/person-view/").status_code == 404


def test_person_view_shows_nothing_internal(client, world):
    _as(client, world, Role.SOCIAL_WORKER)
    page = client.get(f"/files/{world.file.pk}/person-view/").content.decode()
    text = page[page.index('class="person-view"') :]
    assert "Ce que nous enregistrons à votre sujet" in text
    assert "point sur le dossier" not in text  # the note
    assert str(world.users[Role.SOCIAL_WORKER]) not in text  # no agent's name


def test_secretary_registers_a_household(client, world):
    _as(client, world, Role.SECRETARY)
    response = client.post(
        f"/households/new/?office={world.office.pk}",
        {"birth_name": "Diallo", "first_names": "Aminata", "postal_code": "93000"},
    )
    casefile = CaseFile.objects.get(household__members__person__birth_name="Diallo")
    assert response.status_code == 302 and response["Location"] == f"/files/{casefile.pk}/"
    assert casefile.office == world.office and casefile.referent is None


def test_bad_input_is_shown_next_to_the_field_and_nothing_is_saved(client, world):
    _as(client, world, Role.SECRETARY)
    before = Person.objects.count()
    response = client.post(
        f"/households/new/?office={world.office.pk}",
        {"birth_name": "", "first_names": "Aminata", "postal_code": "930", "email": "x"},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Un code postal compte cinq chiffres." in text
    assert 'id="id_birth_name-errors"' in text and 'aria-invalid="true"' in text
    assert Person.objects.count() == before


def test_errors_come_in_english_for_an_english_user(client, world):
    _as(client, world, Role.SECRETARY)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.post(f"/households/new/?office={world.office.pk}", {"postal_code": "1"})
    assert "A postal code has five digits." in response.content.decode()


def test_register_in_another_office_is_refused(client, world):
    _as(client, world, Role.SECRETARY)
    response = client.get(f"/households/new/?office={world.other_office.pk}")
    assert response.status_code == 404


def test_quick_entry_with_htmx_returns_the_file_body(client, world):
    worker = _as(client, world, Role.SOCIAL_WORKER)
    url = f"/files/{world.file.pk}"
    problem_item = ItemFactory(family=Family.PROBLEM, label_fr="Dette de loyer")
    response = client.post(f"{url}/problems/", {"problem-item": problem_item.pk}, **HTMX)
    text = response.content.decode()
    assert response.status_code == 200 and "<html" not in text and "Dette de loyer" in text
    problem = Problem.objects.get(casefile=world.file, item=problem_item)
    intervention_item = ItemFactory(family=Family.INTERVENTION, label_fr="Entretien au bureau")
    client.post(
        f"{url}/interventions/",
        {
            "intervention-item": intervention_item.pk,
            "intervention-occurred_on": timezone.localdate().isoformat(),
            "intervention-problems": [problem.pk],
        },
        **HTMX,
    )
    intervention = Intervention.objects.get(casefile=world.file, item=intervention_item)
    assert list(intervention.problems.all()) == [problem]
    aid_item = ItemFactory(family=Family.AID)
    client.post(
        f"{url}/aid-requests/",
        {"aid-aid_type": aid_item.pk, "aid-amount_requested": "250"},
        **HTMX,
    )
    aid = AidRequest.objects.get(casefile=world.file, aid_type=aid_item)
    client.post(f"/aid-requests/{aid.pk}/submit/", **HTMX)
    client.post(
        f"/aid-requests/{aid.pk}/decide/",
        {
            "decision": "granted",
            "amount_granted": "200",
            "decided_on": timezone.localdate().isoformat(),
        },
    )
    aid.refresh_from_db()
    assert aid.status == "granted" and aid.amount_granted == 200 and aid.decided_on
    response = client.post(
        f"{url}/notes/", {"note-text": "Premier entretien.", "note-visibility": "private"}, **HTMX
    )
    assert "Premier entretien." in response.content.decode()
    note = Note.objects.latest("created_at")  # the text is sealed: no lookup on it
    assert note.text == "Premier entretien."
    assert note.author == worker and note.visibility == "private"
    client.post(f"/problems/{problem.pk}/close/", {"version": problem.version}, **HTMX)
    problem.refresh_from_db()
    assert problem.closed_on is not None


def test_quick_entry_errors_stay_in_the_form(client, world):
    _as(client, world, Role.SOCIAL_WORKER)
    response = client.post(
        f"/files/{world.file.pk}/aid-requests/",
        {"aid-aid_type": ItemFactory(family=Family.AID).pk, "aid-amount_requested": "0"},
        **HTMX,
    )
    assert response.status_code == 422
    assert "Le montant demandé doit être supérieur à zéro." in response.content.decode()
    assert not AidRequest.objects.filter(casefile=world.file, amount_requested=0).exists()


def test_a_stale_form_gets_a_conflict_message_and_overwrites_nothing(client, world):
    _as(client, world, Role.SECRETARY)
    person = world.file.reference_person
    url = f"/files/{world.file.pk}/persons/{person.pk}/edit/"
    data = {"birth_name": person.birth_name, "first_names": person.first_names}
    client.post(url, {**data, "phone": "0102030405", "version": person.version})
    response = client.post(url, {**data, "phone": "0999999999", "version": person.version})
    assert "a modifié cet élément entre-temps" in response.content.decode()
    person.refresh_from_db()
    assert person.phone == "0102030405"


def test_booking_refuses_a_taken_slot_inline(client, world):
    _as(client, world, Role.SECRETARY)
    taken = world.file.appointments.first()
    start = timezone.localtime(taken.starts_at)
    response = client.post(
        f"/files/{world.file.pk}/appointments/new/",
        {
            "person": world.file.reference_person.pk,
            "worker": taken.worker_id,
            "day": start.date().isoformat(),
            "start": start.strftime("%H:%M"),
            "duration": 30,
            "kind": "office",
        },
    )
    assert "a déjà un rendez-vous à ce moment-là" in response.content.decode()
    assert Appointment.objects.filter(worker=taken.worker).count() == 1


def test_book_move_and_cancel_an_appointment(client, world):
    _as(client, world, Role.SECRETARY)
    worker = world.users[Role.SOCIAL_WORKER]
    day = timezone.localdate() + timedelta(days=7)
    response = client.post(
        f"/files/{world.file.pk}/appointments/new/",
        {
            "person": world.file.reference_person.pk,
            "worker": worker.pk,
            "day": day.isoformat(),
            "start": "10:00",
            "duration": 45,
            "kind": "office",
        },
    )
    appointment = Appointment.objects.latest("pk")
    assert response["Location"] == f"/appointments/{appointment.pk}/slip/"
    slip = client.get(response["Location"]).content.decode()
    assert "Votre rendez-vous" in slip and "10:00" in slip and "data-print" in slip
    client.post(
        f"/appointments/{appointment.pk}/move/",
        {
            "worker": worker.pk,
            "day": day.isoformat(),
            "start": "14:30",
            "duration": 30,
            "version": appointment.version,
        },
    )
    appointment.refresh_from_db()
    assert timezone.localtime(appointment.starts_at).strftime("%H:%M") == "14:30"
    week = client.get(f"/calendar/?worker={worker.pk}&day={day.isoformat()}&view=week")
    assert world.file.reference_person.full_name in week.content.decode()
    # Cancelling asks first, saying what will happen; nothing changes until confirmed.
    asked = client.post(
        f"/appointments/{appointment.pk}/status/",
        {"status": "cancelled", "version": appointment.version},
    ).content.decode()
    assert "Annuler ce rendez-vous ?" in asked and "Garder le rendez-vous" in asked
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.PLANNED
    client.post(
        f"/appointments/{appointment.pk}/status/",
        {"status": "cancelled", "version": appointment.version, "confirmed": "yes"},
    )
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED


def test_log_a_visit_from_the_reception_desk(client, world):
    _as(client, world, Role.SECRETARY)
    client.post(
        f"/files/{world.file.pk}/visits/new/",
        {"person": world.file.reference_person.pk, "reason": "documents"},
    )
    assert Visit.objects.filter(casefile=world.file, reason="documents").exists()
    desk = client.get("/reception/").content.decode()
    assert "Passages du jour" in desk and world.file.reference_person.full_name in desk


def test_close_and_transfer_a_file(client, world):
    _as(client, world, Role.SOCIAL_WORKER)
    other = full_file(world.office, world.users[Role.SOCIAL_WORKER])
    client.post(
        f"/files/{other.pk}/close/",
        {
            "reason": "goals_met",
            "closed_on": timezone.localdate().isoformat(),
            "version": 1,
            "confirmed": "yes",
        },
    )
    other.refresh_from_db()
    assert other.status == FileStatus.CLOSED and other.close_reason == "goals_met"
    response = client.post(
        f"/files/{world.file.pk}/transfer/",
        {"office": world.other_office.pk, "reason": "", "version": world.file.version},
    )
    assert "Ce champ est obligatoire." in response.content.decode()
    client.post(
        f"/files/{world.file.pk}/transfer/",
        {
            "office": world.other_office.pk,
            "reason": "Déménagement",
            "version": world.file.version,
            "confirmed": "yes",
        },
    )
    world.file.refresh_from_db()
    assert world.file.office == world.other_office and world.file.referent is None
    events = AuditEvent.objects.filter(object_kind="casefile", reason="Déménagement")
    assert {e.office_id for e in events} == {world.office.pk, world.other_office.pk}
    assert client.get(f"/files/{world.file.pk}/").status_code == 404


def test_manager_reassigns_with_htmx(client, world):
    manager = _as(client, world, Role.MANAGER)
    new = CaseFileFactory(office=world.office)
    worker = world.users[Role.SOCIAL_WORKER]
    page = client.get("/offices/files/").content.decode()
    assert f"file-row-{new.pk}" in page
    response = client.post(
        f"/files/{new.pk}/referent/",
        {f"file-{new.pk}-referent": worker.pk, f"file-{new.pk}-version": new.version},
        **HTMX,
    )
    assert response.status_code == 200 and "Enregistré." in response.content.decode()
    new.refresh_from_db()
    assert new.referent == worker
    # A stale form: someone reassigned in between.
    response = client.post(
        f"/files/{new.pk}/referent/",
        {f"file-{new.pk}-referent": "", f"file-{new.pk}-version": 1},
        **HTMX,
    )
    assert response.status_code == 422
    new.refresh_from_db()
    assert new.referent == worker
    assert manager  # the manager's pages show no figure per worker
    assert "par travailleur" not in page


def test_caseload_filters(client, world):
    worker = _as(client, world, Role.SOCIAL_WORKER)
    quiet = CaseFileFactory(office=world.office, referent=worker)
    CaseFile.objects.filter(pk=world.file.pk).update(last_contact_on=timezone.localdate())
    CaseFile.objects.filter(pk=quiet.pk).update(
        last_contact_on=timezone.localdate() - timedelta(days=100)
    )
    text = client.get("/caseload/?quiet_days=90").content.decode()
    assert f"/files/{quiet.pk}/" in text and f'/files/{world.file.pk}/"' not in text
    text = client.get("/caseload/?with_open_problems=on").content.decode()
    assert f"/files/{world.file.pk}/" in text and f"/files/{quiet.pk}/" not in text
    fragment = client.get("/caseload/?status=closed", **HTMX).content.decode()
    assert "<html" not in fragment and "0 dossier" in fragment


def test_caseload_runs_a_fixed_number_of_queries(client, world):
    worker = _as(client, world, Role.SOCIAL_WORKER)
    client.get("/caseload/")
    with CaptureQueriesContext(connection) as small:
        client.get("/caseload/")
    for _ in range(6):
        full_file(world.office, worker)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/caseload/")
    assert response.content.decode().count("/files/") >= 7
    assert len(large) == len(small)


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.MANAGER])
def test_file_page_queries_do_not_grow_with_the_file_for_other_roles(client, world, role):
    _as(client, world, role)
    url = f"/files/{world.file.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    worker = world.users[Role.SOCIAL_WORKER]
    for _ in range(4):
        bigger = full_file(world.office, worker)
        for model in ("problems", "interventions", "notes", "aid_requests", "visits"):
            getattr(bigger, model).update(casefile=world.file)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)


def test_the_file_records_what_became_of_an_appointment(client, world):
    _as(client, world, Role.SOCIAL_WORKER)
    appointment = world.file.appointments.first()
    text = client.get(f"/files/{world.file.pk}/").content.decode()
    assert 'value="done"' in text and 'value="missed"' in text
    client.post(
        f"/appointments/{appointment.pk}/status/",
        {"status": "done", "version": appointment.version, "confirmed": "yes"},
    )
    appointment.refresh_from_db()
    world.file.refresh_from_db()
    assert appointment.status == AppointmentStatus.DONE
    assert world.file.last_contact_on == timezone.localdate(appointment.starts_at)


def test_arrived_prefills_the_visit(client, world):
    _as(client, world, Role.SECRETARY)
    person = world.file.reference_person
    text = client.get(
        f"/files/{world.file.pk}/visits/new/?reason=appointment&person={person.pk}"
    ).content.decode()
    assert 'value="appointment" selected' in text
    assert f'value="{person.pk}" selected' in text
