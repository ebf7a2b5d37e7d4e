"""The administrator edits letter templates in the administration site: a template
naming a field the catalogue does not allow for its purpose is refused there, in French,
and nothing is saved; an allowed one is saved through the service and audited."""

import html

import pytest

from lien.accounts.roles import Role
from lien.audit.models import AuditEvent
from lien.casefiles.models import LetterTemplate

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, world):
    admin = world.users[Role.ADMIN]
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    return client


def _data(**changes):
    data = {
        "name": "Relance",
        "kind": "other",
        "purpose": "reception",
        "subject": "Votre rendez-vous",
        "body": "Bonjour {{ nom }},\n\nMontant : {{ aide_montant_accorde }}",
        "is_active": "on",
    }
    data.update(changes)
    return data


def test_a_forbidden_field_is_refused_in_french_and_nothing_saved(admin_client):
    response = admin_client.post("/admin/casefiles/lettertemplate/add/", _data())
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "aide_montant_accorde" in page and "ne peut pas figurer dans un courrier" in page
    assert not LetterTemplate.objects.filter(name="Relance").exists()


def test_an_allowed_template_is_saved_and_audited(admin_client):
    response = admin_client.post(
        "/admin/casefiles/lettertemplate/add/", _data(body="Bonjour {{ nom }},")
    )
    assert response.status_code == 302
    template = LetterTemplate.objects.get(name="Relance")
    assert AuditEvent.objects.filter(
        object_kind="lettertemplate", object_id=str(template.pk)
    ).exists()


def test_a_social_worker_cannot_reach_the_templates(client, world):
    worker = world.users[Role.SOCIAL_WORKER]
    worker.is_staff = True
    worker.save()
    client.force_login(worker)
    response = client.get("/admin/casefiles/lettertemplate/")
    assert response.status_code in (302, 403, 404)
