"""In a real browser: a social worker shares a note with a colleague, who reads it with
the reason; after the author leaves, the manager hands his notes over without reading them."""

import os
import re

import pytest
from playwright.sync_api import expect

from lien.accounts.roles import Role
from lien.casefiles.notes import services as note_services

from ..factories import member

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "Madame confie des difficultés avec son bailleur."
SHOTS = os.environ.get("LIEN_SHOTS_DIR")  # set to keep screenshots while developing


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_share_then_hand_over(page, live_server, world, login, server_idle):
    author = world.users[Role.SOCIAL_WORKER]
    colleague = member(Role.SOCIAL_WORKER, world.office, first_name="Inès", last_name="Colin")
    for user in (author, colleague, world.users[Role.MANAGER]):
        user.set_password("test-password-123")
        user.save()
    note_services.write_note(actor=author, casefile_id=world.file.pk, text=SECRET)

    login(author)
    page.goto(f"{live_server.url}/files/{world.file.pk}/")
    page.get_by_role("link", name="Partager ou révoquer").first.click()
    page.get_by_label("Inès Colin").check()
    page.get_by_label("Motif du partage").fill("Relais pendant mon congé.")
    page.get_by_role("button", name="Partager").click()
    expect(page.get_by_text(re.compile("Inès Colin, jusqu'au"))).to_be_visible()
    _shot(page, "share-page")
    page.get_by_role("link", name="Retour au dossier").click()
    expect(page.get_by_text(re.compile("Partagée avec Inès Colin jusqu'au"))).to_be_visible()
    _shot(page, "author-file")

    login(colleague)
    page.goto(f"{live_server.url}/files/{world.file.pk}/")
    expect(page.get_by_text(SECRET)).to_be_visible()
    expect(page.get_by_text(re.compile("Relais pendant mon congé"))).to_be_visible()

    author.is_active = False
    with server_idle:
        author.save()
    login(world.users[Role.MANAGER])
    page.get_by_role("link", name="Notes des travailleurs sociaux partis").first.click()
    expect(page.get_by_role("heading", name=str(author))).to_be_visible()
    expect(page.get_by_text(SECRET)).to_have_count(0)
    _shot(page, "departed")
    row = page.get_by_role("row").filter(has_text=f"Dossier {world.file.pk}")
    row.get_by_label("Successeur").select_option(label="Inès Colin")
    row.get_by_label("Motif").fill("Reprise du secteur.")
    row.get_by_role("button", name="Transmettre").click()
    expect(page.get_by_text("notes transmises")).to_be_visible()
    _shot(page, "departed-after")
