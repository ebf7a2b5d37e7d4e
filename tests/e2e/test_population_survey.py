"""The population survey (enquête population), from the interview to the grid, in a real
browser: a social worker answers the survey's questions for a household on the file page
(htmx, no reload) and records a problem; the statistician finds the answers counted in
the population grid, after statistical secrecy."""

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lien.accounts.roles import Role
from lien.catalog.loader import load_catalog
from lien.stats.services import record_event

from .helpers import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

# Households of the office already counted this year with the same answers: with the
# household of the test they make 6, enough to be published (threshold 5).
OTHERS = 5


def _settled(page):
    expect(
        page.locator(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added")
    ).to_have_count(0)


def test_survey_answers_reach_the_population_grid(page, live_server, world, login):
    load_catalog()
    today = timezone.localdate()
    for household in range(OTHERS):
        record_event(
            kind="visit",
            day=date(today.year, 1, 2),
            office_id=world.office.pk,
            household_id=900_000 + household,
            situation={"household_status": "new", "ps_first_contact_reason": "housing"},
        )

    login(world.users[Role.SOCIAL_WORKER])
    page.goto(f"{live_server.url}/files/{world.file.pk}/")
    page.evaluate("window.__lienNoReload = true")
    survey = page.get_by_role("region", name="Enquête population")
    expect(survey).to_contain_text("Aucune réponse enregistrée.")
    survey.get_by_label("Motif du premier contact de l'année").select_option(label="Logement")
    survey.get_by_label("Nombre de personnes au foyer").fill("3")
    survey.get_by_label("Âge de la personne de référence").fill("41")
    survey.get_by_role("button", name="Enregistrer les réponses").click()
    expect(page.get_by_text("Réponses à l'enquête population enregistrées.")).to_be_visible()
    _settled(page)
    survey = page.get_by_role("region", name="Enquête population")
    expect(survey).to_contain_text("Logement")
    assert page.evaluate("window.__lienNoReload === true")  # swapped, not reloaded
    assert_accessible(page, "file page with the population survey")
    # The interview's problem: the household's first event of the year, which takes its
    # situation, survey answers included, into the statistical record.
    page.locator("#id_problem-item").select_option(label="Logement")
    page.get_by_role("button", name="Enregistrer la problématique").click()
    expect(page.get_by_text("Problématique enregistrée.")).to_be_visible()

    login(world.users[Role.STATISTICIAN])
    page.goto(f"{live_server.url}/statistics/?grid=population&office=all&year={today.year}")
    table = page.locator("table", has_text="Motif du premier contact de l'année (enquête)")
    expect(table.locator("tr", has_text="Logement").locator("td").last).to_have_text(
        str(OTHERS + 1)
    )
    # A lone answer is withheld: the household's size and age band are its alone.
    sizes = page.locator("table", has_text="Nombre de personnes au foyer (enquête)")
    expect(sizes.locator("tr", has_text="Trois personnes").locator("td").last).to_have_text("s")
    assert_accessible(page, "population grid")
