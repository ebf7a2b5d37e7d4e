"""In a real browser: a social worker records that the information notice was given and
writes a note; the DPO registers the person's access request, and sees the export wait
for the notes; the social worker releases her note with a third party's name blacked out
and withholds the other; the DPO then produces the access export as a PDF, whose text
holds the released note and who consulted the file (by role and office, in words: the
log never names an agent), and nothing that was blacked out or withheld."""

import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from lien.accounts.roles import Role
from lien.privacy.models import NoticeGiven

pytestmark = pytest.mark.django_db(transaction=True)

NOTE = "Rendez-vous pris avec la CAF pour le dossier logement ; hébergée par Paul Martin."
RELEASED = "Rendez-vous pris avec la CAF pour le dossier logement ; hébergée par [tiers masqué]."


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

    # The DPO: registers the access request; the export waits for the notes.
    login(world.users[Role.DPO])
    page.goto(f"{live_server.url}/privacy/requests/")
    page.get_by_label("Numéro de dossier").fill(str(world.file.pk))
    page.get_by_label("Nom de la personne").fill(person.birth_name)
    page.get_by_label("Droit exercé").select_option(label="accès (copie des données)")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("La demande est enregistrée")).to_be_visible()
    request_url = page.url
    expect(page.get_by_text("2 notes sont en attente")).to_be_visible()
    expect(page.get_by_role("link", name="Produire l'export (PDF)")).to_have_count(0)
    expect(page.get_by_text(NOTE)).to_have_count(0)

    # The social worker: her home page lists the request; she releases her note with the
    # third party blacked out, and withholds the other one.
    login(worker)
    page.get_by_role("link", name=person.full_name).first.click()
    note = page.locator("section", has_text=NOTE)
    note.get_by_label("Passages à masquer (facultatif)").fill("Paul Martin")
    note.get_by_role("button", name="Communiquer la note", exact=True).click()
    expect(page.get_by_text("Note communiquée.")).to_be_visible()
    other = page.locator("section", has_text="point sur le dossier")
    other.get_by_label("sa communication porterait atteinte").check()
    other.get_by_role("button", name="Ne pas communiquer la note").click()
    expect(page.get_by_text("Note non communiquée.")).to_be_visible()

    # The DPO: the export can go; she asks for the PDF from the request's page, the task
    # worker prepares it, and its page offers it.
    login(world.users[Role.DPO])
    page.goto(request_url)
    page.get_by_role("link", name="Produire l'export (PDF)").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger").click()
    text = _pdf_text(download.value.path())

    assert RELEASED in text
    assert "Paul Martin" not in text and "point sur le dossier" not in text
    assert "Non communiquée" in text
    assert person.birth_name in text
    # Who consulted the file: the social worker, by role label (not its code) and office.
    assert "travailleur social" in text and world.office.name in text
    assert "social_worker" not in text
    # The notice given is in the export too.
    assert "remise en main propre" in text
