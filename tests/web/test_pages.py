import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lien.accounts.roles import Role

from ..factories import full_file

pytestmark = pytest.mark.django_db

NOTE_TEXT = "Entretien : point sur le dossier."


def page(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_login_page_answers_in_french_without_login(client):
    response = client.get("/login/")
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()
    assert "Connexion à Lien" in response.content.decode()


def test_every_other_page_requires_login(client, world):
    for url in ("/", "/persons/search/", f"/files/{world.file.pk}/", "/audit/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url


def test_language_can_be_switched_to_english(client, world):
    client.force_login(world.users[Role.SECRETARY])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Find a person" in client.get("/").content.decode()


@pytest.mark.parametrize("role", Role.values)
def test_every_role_has_a_home_page(client, world, role):
    response = page(client, world.users[role], "/")
    assert response.status_code == 200
    text = response.content.decode()
    expected = {
        Role.SOCIAL_WORKER: "Mes dossiers",
        Role.SECRETARY: "aujourd'hui",
        Role.MANAGER: "dossier ouvert",
        Role.STATISTICIAN: "Statistiques",
        Role.DPO: "Journal des accès",
        Role.ADMIN: "Ouvrir l'administration",
        Role.CRIP: "Ouvrir les informations préoccupantes reçues",
        Role.COMMITTEE_SECRETARY: "Ouvrir les commissions",
    }[role]
    assert expected in text


def test_the_social_worker_sees_the_whole_file_and_their_note(client, world):
    text = page(
        client, world.users[Role.SOCIAL_WORKER], f"/files/{world.file.pk}/"
    ).content.decode()
    assert world.file.reference_person.first_names in text
    assert "Problématiques" in text and "Chronologie" in text
    assert NOTE_TEXT.replace("'", "&#x27;") in text


def test_the_secretary_sees_identity_and_reception_only(client, world):
    response = page(client, world.users[Role.SECRETARY], f"/files/{world.file.pk}/")
    text = response.content.decode()
    assert response.status_code == 200
    assert world.file.reference_person.first_names in text
    assert "Rendez-vous" in text
    for hidden in (
        "Problématiques",
        "Interventions",
        "Demandes d'aide",
        "Notes",
        "Situation",
        NOTE_TEXT,
    ):
        assert hidden not in text


def test_the_manager_sees_that_notes_exist_but_not_their_text(client, world):
    text = page(client, world.users[Role.MANAGER], f"/files/{world.file.pk}/").content.decode()
    assert "Problématiques" in text
    assert "Note de" in text
    assert NOTE_TEXT not in text and "point sur le dossier" not in text


@pytest.mark.parametrize("role", [Role.STATISTICIAN, Role.DPO, Role.ADMIN])
def test_roles_without_file_access_get_404(client, world, role):
    assert page(client, world.users[role], f"/files/{world.file.pk}/").status_code == 404


def test_another_office_file_answers_like_a_missing_one(client, world):
    worker = world.users[Role.SOCIAL_WORKER]
    forbidden = page(client, worker, f"/files/{world.other_file.pk}/")
    missing = page(client, worker, "/files/999999/")
    assert forbidden.status_code == missing.status_code == 404

    def normalised(response, pk):
        text = response.content.decode().replace(f"/files/{pk}/", "/files/N/")
        # Per-request tokens differ by design: the CSRF token and the CSP nonce.
        return re.sub(r'(csrfmiddlewaretoken" value=|X-CSRFToken": |nonce=)"[^"]+"', "TOKEN", text)

    assert normalised(forbidden, world.other_file.pk) == normalised(missing, 999999)


def test_search_page_finds_accented_names_from_capitals(client, world):
    person = world.file.reference_person
    person.first_names = "Élise"
    person.search_key = person.computed_search_key()
    person.save()
    text = page(client, world.users[Role.SECRETARY], "/persons/search/?q=ELISE").content.decode()
    assert "Élise" in text and f"/files/{world.file.pk}/" in text


def test_htmx_search_returns_the_results_fragment_only(client, world):
    client.force_login(world.users[Role.SECRETARY])
    response = client.get(
        "/persons/search/?q=" + world.file.reference_person.birth_name, HTTP_HX_REQUEST="true"
    )
    text = response.content.decode()
    assert "<html" not in text and "personne trouvée" in text


def test_file_page_runs_a_fixed_number_of_queries(client, world):
    worker = world.users[Role.SOCIAL_WORKER]
    client.force_login(worker)
    url = f"/files/{world.file.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    # A much bigger file: more of everything.
    for _ in range(5):
        bigger = full_file(world.office, worker)
    for model in ("problems", "interventions", "notes", "aid_requests", "visits", "appointments"):
        getattr(bigger, model).update(casefile=world.file)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)


def test_admin_site_is_for_the_admin_role_only(client, world):
    admin_user = world.users[Role.ADMIN]
    admin_user.is_staff = True
    admin_user.save()
    assert page(client, admin_user, "/admin/catalog/item/").status_code == 200
    worker = world.users[Role.SOCIAL_WORKER]
    worker.is_staff = True
    worker.save()
    assert page(client, worker, "/admin/catalog/item/").status_code == 403


def test_not_found_page_is_in_french_and_says_nothing_of_the_file(client, world):
    client.force_login(world.users[Role.SOCIAL_WORKER])
    response = client.get(f"/files/{world.other_file.pk}/")
    text = response.content.decode()
    assert response.status_code == 404
    assert "Page introuvable" in text
    assert world.other_file.reference_person.birth_name not in text


@pytest.mark.parametrize("role", Role.values)
def test_no_template_syntax_leaks_onto_the_page(client, world, role):
    text = page(client, world.users[role], "/").content.decode()
    for leak in ("{#", "#}", "{%", "%}", "{{", "}}"):
        assert leak not in text, leak
