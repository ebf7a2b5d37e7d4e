"""In a real browser: a social worker records that the information notice was given and
writes a note; the DPO registers the person's access request and produces the access
export as a PDF, whose text holds the note and who consulted the file (by role and
office, in words: the log never names an agent)."""

import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from lien.accounts.roles import Role
from lien.privacy.models import NoticeGiven

pytestmark = pytest.mark.django_db(transaction=True)

NOTE = "Rendez-vous pris avec la CAF pour le dossier logement."


def _pdf_text(path) -> str:
    reader = PdfReader(path)
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"\s+", " ", text)


def test_notice_given_then_the_dpo_produces_the_access_export(page, live_server, world, login):
    worker = world.users[Role.SOCIAL_WORKER]
    person = world.file.reference_person
    file_url = f"{live_server.url}/files/{world.file.pk}/"

    # The social worker: the banner asks for the notice; she records it, then writes a note.
    login(worker)
    page.goto(file_url)
    page.get_by_role("link", name="Enregistrer la remise de la notice").click()
    page.get_by_label("remise en main propre").check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(
        page.get_by_text("La remise de la notice d'information est enregistrée.")
    ).to_be_visible()
    assert NoticeGiven.objects.filter(person=person, given_by=worker).exists()
    page.get_by_role("textbox", name="Note", exact=True).fill(NOTE)
    page.get_by_role("button", name="Enregistrer la note").click()
    expect(page.locator("#file-body").get_by_text(NOTE)).to_be_visible()
    page.context.clear_cookies()

    # The DPO: registers the access request, then produces the PDF export from its page.
    login(world.users[Role.DPO])
    page.goto(f"{live_server.url}/privacy/requests/")
    page.get_by_label("Numéro de dossier").fill(str(world.file.pk))
    page.get_by_label("Nom de la personne").fill(person.birth_name)
    page.get_by_label("Droit exercé").select_option(label="accès (copie des données)")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("La demande est enregistrée")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Produire l'export (PDF)").click()
    text = _pdf_text(download.value.path())

    assert NOTE in text
    assert person.birth_name in text
    # Who consulted the file: the social worker, by role label (not its code) and office.
    assert "travailleur social" in text and world.office.name in text
    assert "social_worker" not in text
    # The notice given is in the export too.
    assert "remise en main propre" in text
