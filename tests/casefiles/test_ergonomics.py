"""The file page and reception as used during a day: each quick entry answers with its own
card and those depending on it only; acts that cannot be taken back ask first; an arrival
marks the appointment and shows on the social worker's home; the reference person comes
first; a close name needs "this is another person"; a form posted after the idle timeout
comes back to its author only."""

import re
from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from lien.accounts.roles import Role
from lien.casefiles.appointments.models import Appointment, AppointmentStatus
from lien.casefiles.files.models import FileStatus
from lien.casefiles.households.models import HouseholdMember, Person, Relationship
from lien.casefiles.problems.models import Problem
from lien.casefiles.visits.models import Visit
from lien.catalog.models import Family, Item, Status

from ..factories import ItemFactory, PersonFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _ids(html: str) -> list[str]:
    return re.findall(r'\bid="([a-z-]+(?:card|entry|status))"', html)


def test_a_problem_answers_with_its_card_and_the_intervention_form_keeping_its_draft(client, world):
    client.force_login(world.users[Role.SOCIAL_WORKER])
    item = ItemFactory(family=Family.PROBLEM, label_fr="Dette de loyer")
    intervention = ItemFactory(family=Family.INTERVENTION)
    response = client.post(
        f"/files/{world.file.pk}/problems/",
        {"problem-item": item.pk, "intervention-item": intervention.pk},
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    # The problems card, then out of band the intervention form and the status line:
    # nothing of the note, aid or timeline cards, whose drafts stay as typed.
    assert _ids(html) == ["problems-card", "intervention-entry", "entry-status"]
    assert 'id="note-entry"' not in html and 'id="file-body"' not in html
    problem = Problem.objects.get(casefile=world.file, item=item)
    ticked = re.search(rf'<input[^>]*value="{problem.pk}"[^>]*>', html).group(0)
    assert "checked" in ticked
    assert re.search(rf'<option value="{intervention.pk}" selected>', html)
    assert "Problématique enregistrée." in html


def test_each_entry_refreshes_only_what_depends_on_it(client, world):
    client.force_login(world.users[Role.SOCIAL_WORKER])
    note = client.post(
        f"/files/{world.file.pk}/notes/",
        {"note-text": "Premier entretien.", "note-visibility": "private"},
        **HTMX,
    ).content.decode()
    assert _ids(note) == ["note-entry", "timeline-card", "entry-status"]
    aid = client.post(
        f"/files/{world.file.pk}/aid-requests/",
        {"aid-aid_type": ItemFactory(family=Family.AID).pk, "aid-amount_requested": "80"},
        **HTMX,
    ).content.decode()
    assert _ids(aid) == ["aid-entry", "aid-card", "timeline-card", "entry-status"]
    refused = client.post(f"/files/{world.file.pk}/notes/", {"note-text": ""}, **HTMX)
    assert refused.status_code == 422
    assert _ids(refused.content.decode()) == ["note-entry", "entry-status"]
    assert "data-unsaved" in refused.content.decode()  # leaving the page asks first


def test_cancelling_an_appointment_asks_first(client, world):
    client.force_login(world.users[Role.SECRETARY])
    appointment = world.file.appointments.get()
    asked = client.post(
        f"/appointments/{appointment.pk}/status/",
        {"status": "cancelled", "version": appointment.version, "next": "/reception/"},
    )
    html = asked.content.decode()
    assert "Annuler ce rendez-vous ?" in html
    assert 'name="next" value="/reception/"' in html and 'name="confirmed" value="yes"' in html
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.PLANNED


def test_closing_a_file_says_what_stays_open_and_asks_first(client, world):
    client.force_login(world.users[Role.SOCIAL_WORKER])
    appointment = world.file.appointments.get()
    start = timezone.make_aware(datetime.combine(timezone.localdate(), time(23, 0)))
    Appointment.objects.filter(pk=appointment.pk).update(
        starts_at=start, ends_at=start + timedelta(minutes=30)
    )
    form = client.get(f"/files/{world.file.pk}/close/").content.decode()
    assert "1 problématique est encore ouverte" in form
    assert "Clôturer le dossier</button>" in re.sub(r"\s+<", "<", form)
    asked = client.post(
        f"/files/{world.file.pk}/close/",
        {"reason": "goals_met", "closed_on": timezone.localdate().isoformat(), "version": 1},
    ).content.decode()
    assert "Clôturer le dossier ?" in asked
    assert "1 problématique est encore ouverte" in asked and "23:00" in asked
    world.file.refresh_from_db()
    assert world.file.status == FileStatus.OPEN


def test_transfer_names_no_office_in_advance_and_asks_first(client, world):
    client.force_login(world.users[Role.SOCIAL_WORKER])
    form = client.get(f"/files/{world.file.pk}/transfer/").content.decode()
    assert re.search(r'<option value="" selected>—</option>', form)
    assert "Transférer le dossier</button>" in re.sub(r"\s+<", "<", form)
    asked = client.post(
        f"/files/{world.file.pk}/transfer/",
        {"office": world.other_office.pk, "reason": "Déménagement", "version": 1},
    ).content.decode()
    assert f"Transférer le dossier à {world.other_office.name}" in asked
    world.file.refresh_from_db()
    assert world.file.office == world.office


def test_approving_a_sensitive_item_asks_first(client, world):
    admin, dpo = world.users[Role.ADMIN], world.users[Role.DPO]
    item = ItemFactory(
        status=Status.DRAFT,
        sensitivity="sensitive",
        label_fr="Handicap reconnu",
        approval_requested_by=admin,
        approval_requested_at=timezone.now(),
    )
    client.force_login(dpo)
    asked = client.post(f"/catalogue/approvals/{item.pk}/approve/").content.decode()
    assert "Approuver cet élément sensible ?" in asked
    assert Item.objects.get(pk=item.pk).status == Status.DRAFT


def test_an_arrival_marks_the_appointment_and_tells_the_social_worker(client, world):
    worker = world.users[Role.SOCIAL_WORKER]
    appointment = world.file.appointments.get()
    start = timezone.localtime().replace(second=0, microsecond=0) + timedelta(minutes=5)
    Appointment.objects.filter(pk=appointment.pk).update(
        starts_at=start, ends_at=start + timedelta(minutes=30)
    )
    client.force_login(world.users[Role.SECRETARY])
    form = client.get(
        f"/files/{world.file.pk}/visits/new/?reason=appointment"
        f"&person={appointment.person_id}&appointment={appointment.pk}"
    ).content.decode()
    client.post(
        f"/files/{world.file.pk}/visits/new/",
        {"person": appointment.person_id, "reason": "appointment", "appointment": appointment.pk},
    )
    assert f'name="appointment" value="{appointment.pk}"' in form
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.ARRIVED and appointment.arrived_at
    assert Visit.objects.filter(casefile=world.file, reason="appointment").exists()

    client.force_login(worker)
    home = client.get("/").content.decode()
    assert "Mes rendez-vous du jour" in home and "1 personne arrivée" in home
    assert "En attente à l'accueil" in home and appointment.person.full_name in home


def test_the_reference_person_comes_first_and_is_who_came_by_default(client, world):
    child = PersonFactory(birth_name="Aaron", birth_date=timezone.localdate() - timedelta(days=900))
    HouseholdMember.objects.create(
        household=world.file.household, person=child, relationship=Relationship.CHILD
    )
    client.force_login(world.users[Role.SECRETARY])
    form = client.get(f"/files/{world.file.pk}/visits/new/").content.decode()
    options = re.findall(r'<option value="(\d+)"( selected)?>', form)
    assert options[0] == (str(world.file.reference_person.pk), " selected")


def test_a_close_name_needs_this_is_another_person(client, world):
    client.force_login(world.users[Role.SECRETARY])
    known = world.file.reference_person
    data = {"birth_name": known.birth_name, "first_names": known.first_names}
    before = Person.objects.count()
    refused = client.post(f"/households/new/?office={world.office.pk}", data).content.decode()
    assert "C'est une autre personne" in refused and 'form="register-form"' in refused
    assert Person.objects.count() == before
    client.post(f"/households/new/?office={world.office.pk}", {**data, "other_person": "yes"})
    assert Person.objects.count() == before + 1


def _idle_post(client, world, when, **extra):
    with time_machine.travel(when + timedelta(minutes=32), tick=False):
        return client.post(
            f"/files/{world.file.pk}/notes/",
            {"note-text": "Écrit avant la fin de la session.", "note-visibility": "private"},
            HTTP_HX_CURRENT_URL=f"http://testserver/files/{world.file.pk}/",
            **HTMX,
            **extra,
        )


def test_a_form_posted_after_the_timeout_comes_back_to_its_author_only(client, world):
    worker = world.users[Role.SOCIAL_WORKER]
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(worker)
        client.get("/")
    response = _idle_post(client, world, start)
    assert response["HX-Redirect"] == f"/login/?next=%2Ffiles%2F{world.file.pk}%2F"
    stored = str(client.session.get("lien_pending_form"))
    assert "Écrit avant" not in stored  # sealed in the session store
    with time_machine.travel(start + timedelta(minutes=32), tick=False):
        client.force_login(worker)
        page = client.get(f"/files/{world.file.pk}/").content.decode()
        again = client.get(f"/files/{world.file.pk}/").content.decode()
    assert 'id="lien-pending-form"' in page and "crit avant la fin de la session" in page
    assert 'id="lien-pending-form"' not in again  # handed over once


def test_another_account_never_gets_what_was_kept(client, world):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(world.users[Role.SOCIAL_WORKER])
        client.get("/")
    _idle_post(client, world, start)
    with time_machine.travel(start + timedelta(minutes=32), tick=False):
        client.force_login(world.users[Role.MANAGER])
        page = client.get(f"/files/{world.file.pk}/").content.decode()
    assert "lien-pending-form" not in page
    assert "lien_pending_form" not in client.session
