"""A whole day at the office, in a real browser: the secretary registers a household
(duplicates proposed as she types) and books an appointment; the social worker opens the
file and, without a page reload, records a problem, two interventions, an aid request
and a note, then shows the file to the person; the manager gives the file a referent.
Every screen is checked with axe for serious or critical accessibility violations."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lien.accounts.roles import Role
from lien.catalog.models import Family

from ..factories import CaseFileFactory, ItemFactory, PersonFactory
from .helpers import assert_accessible, guide_screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def catalog(db):
    return {
        "problem": ItemFactory(family=Family.PROBLEM, label_fr="Dette de loyer"),
        "interview": ItemFactory(family=Family.INTERVENTION, label_fr="Entretien au bureau"),
        "home_visit": ItemFactory(family=Family.INTERVENTION, label_fr="Visite à domicile"),
        "aid": ItemFactory(family=Family.AID, label_fr="Aide FSL maintien"),
    }


def _mark_page(page):
    """A marker that a full page load would wipe out: proves htmx swapped a part only."""
    page.evaluate("window.__lienNoReload = true")


def _settled(page):
    """Waits until htmx has finished swapping and settling the new content."""
    # A locator, not wait_for_function: the page's CSP forbids the eval the latter needs.
    expect(
        page.locator(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added")
    ).to_have_count(0)


def _still_same_page(page):
    assert page.evaluate("window.__lienNoReload === true")


def test_a_whole_day(page, live_server, world, login, catalog, browser):
    secretary = world.users[Role.SECRETARY]
    worker = world.users[Role.SOCIAL_WORKER]
    CaseFileFactory(
        office=world.office, reference=PersonFactory(birth_name="Lefèvre", first_names="Élise")
    )

    # Morning, reception: find-or-register.
    login(secretary)
    page.get_by_role("link", name="Guichet d'accueil", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Guichet d'accueil")
    assert_accessible(page, "reception desk")
    guide_screenshot(page, "secretaire-accueil")
    page.get_by_label("Nom, nom d'usage ou prénom").fill("Diallo")
    expect(page.get_by_text("Personne trouvée")).to_have_count(0)
    page.get_by_role("link", name="Introuvable : enregistrer un nouveau ménage").click()
    page.get_by_label("Nom de naissance").fill("Lefebvre")
    page.get_by_label("Prénoms").fill("Elise")
    # The close spelling already known is proposed as she types.
    expect(page.locator("#duplicates")).to_contain_text("LEFÈVRE Élise")
    assert_accessible(page, "register form")
    guide_screenshot(page, "secretaire-doublons")
    page.get_by_label("Nom de naissance").fill("Diallo")
    page.get_by_label("Prénoms").fill("Aminata")
    page.get_by_label("Code postal").fill("930")
    page.get_by_role("button", name="Enregistrer le ménage").click()
    # Bad input: the error is next to the field, in French, nothing saved.
    expect(page.get_by_text("Un code postal compte cinq chiffres.")).to_be_visible()
    page.get_by_label("Code postal").fill("93000")
    page.get_by_label("Adresse").fill("12 rue de la République")
    page.get_by_role("button", name="Enregistrer le ménage").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("DIALLO Aminata")
    expect(page.get_by_text("Ménage enregistré : son dossier est ouvert.")).to_be_visible()
    file_url = page.url

    page.get_by_role("link", name="Prendre un rendez-vous").click()
    tomorrow = timezone.localdate() + timedelta(days=1)
    page.get_by_label("Travailleur social").select_option(str(worker.pk))
    page.get_by_label("Jour").fill(tomorrow.isoformat())
    page.get_by_label("Heure").fill("10:00")
    assert_accessible(page, "booking form")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name="Votre rendez-vous")).to_be_visible()
    expect(page.locator(".slip")).to_contain_text("10:00")
    expect(page.locator(".slip")).to_contain_text(str(worker))
    guide_screenshot(page, "secretaire-carton-rdv")
    page.get_by_role("button", name="Se déconnecter").click()

    # The interview: the social worker opens the file and enters as they talk.
    login(worker)
    page.goto(file_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("DIALLO Aminata")
    expect(page.get_by_role("heading", name="Rendez-vous", exact=True)).to_be_visible()
    _mark_page(page)
    page.locator("#id_problem-item").select_option(label="Dette de loyer")
    page.get_by_role("button", name="Enregistrer la problématique").click()
    expect(page.get_by_text("Problématique enregistrée.")).to_be_visible()
    _settled(page)
    problems = page.get_by_role("region", name="Problématiques")
    expect(problems).to_contain_text("Dette de loyer")
    for key in ("interview", "home_visit"):
        label = catalog[key].label_fr
        item = page.locator("#id_intervention-item")
        item.select_option(str(catalog[key].pk))
        expect(item).to_have_value(str(catalog[key].pk))
        page.get_by_role("checkbox", name="Dette de loyer").check()
        page.get_by_role("button", name="Enregistrer l'intervention").click()
        expect(page.get_by_text("Intervention enregistrée.")).to_be_visible()
        _settled(page)
        expect(page.get_by_role("region", name="Chronologie")).to_contain_text(label)
    page.get_by_label("Type d'aide").select_option(label="Aide FSL maintien")
    page.get_by_label("Montant demandé (€)").fill("0")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_text("Le montant demandé doit être supérieur à zéro.")).to_be_visible()
    _settled(page)
    page.get_by_label("Montant demandé (€)").fill("350")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    _settled(page)
    aid = page.get_by_role("region", name="Demandes d'aide financière")
    expect(aid).to_contain_text("Aide FSL maintien")
    expect(aid).to_contain_text("brouillon")
    page.locator("#id_note-text").fill("Premier entretien : dette de loyer de 3 mois.")
    page.get_by_role("button", name="Enregistrer la note").click()
    expect(page.get_by_text("Premier entretien : dette de loyer de 3 mois.")).to_be_visible()
    expect(page.get_by_text("visible par moi seul·e")).to_be_visible()
    _still_same_page(page)
    assert_accessible(page, "file page")
    guide_screenshot(page, "travailleur-social-dossier")

    page.get_by_role("link", name="Montrer à la personne").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ce que nous enregistrons à votre sujet"
    )
    expect(page.locator(".person-view")).to_contain_text("Dette de loyer")
    expect(page.locator(".person-view")).not_to_contain_text("Premier entretien")
    assert_accessible(page, "person view")
    guide_screenshot(page, "travailleur-social-vue-personne")
    page.get_by_role("button", name="Se déconnecter").click()

    # The manager gives the new file its referent.
    login(world.users[Role.MANAGER])
    page.get_by_role("link", name="Dossiers de la circonscription").first.click()
    row = page.locator("tr", has_text="DIALLO Aminata")
    expect(row).to_contain_text("DIALLO Aminata")
    assert_accessible(page, "office files")
    row.get_by_role("combobox").select_option(str(worker.pk))
    row.get_by_role("button", name=re.compile("Attribuer")).click()
    expect(page.locator("tr", has_text="DIALLO Aminata")).to_contain_text("Enregistré.")
    guide_screenshot(page, "responsable-dossiers")
    page.get_by_role("button", name="Se déconnecter").click()

    # The file is now in the social worker's caseload.
    login(worker)
    page.get_by_role("link", name="Mes dossiers").first.click()
    expect(page.get_by_role("link", name=re.compile("DIALLO Aminata"))).to_be_visible()
    assert_accessible(page, "caseload")
    guide_screenshot(page, "travailleur-social-mes-dossiers")


def test_the_screens_work_in_english(page, live_server, world, login):
    login(world.users[Role.SOCIAL_WORKER])
    page.get_by_role("button", name="English").click()
    page.goto(f"{live_server.url}/files/{world.file.pk}/")
    expect(page.get_by_role("heading", name="Quick entry")).to_be_visible()
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
    assert_accessible(page, "file page in English")
