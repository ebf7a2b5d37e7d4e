"""Nothing typed is lost on the file page, in a French browser and in an English one: a
note being typed survives the saving of a problem and of an intervention in other cards;
a note posted after the idle timeout is saved once the person has logged in again; the
warning before the timeout lets them stay. And the interview loop by keyboard alone."""

import re

import pytest
from playwright.sync_api import expect

from lien.accounts.roles import Role
from lien.casefiles.notes.models import Note
from lien.casefiles.problems.models import Intervention, Problem
from lien.catalog.models import Family

from ..factories import ItemFactory
from .helpers import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

NOTE = "Madame explique que la dette date de mars."
BROWSERS = {
    "fr": {"locale": "fr-FR", "timezone_id": "Europe/Paris"},
    "en": {"locale": "en-GB", "timezone_id": "Europe/Paris"},
}
SAID = {
    "fr": {"problem": "Problématique enregistrée.", "intervention": "Intervention enregistrée."},
    "en": {"problem": "Problem recorded.", "intervention": "Intervention recorded."},
}


@pytest.fixture
def items(db):
    return {
        "problem": ItemFactory(
            family=Family.PROBLEM, label_fr="Dette de loyer", label_en="Rent arrears"
        ),
        "intervention": ItemFactory(
            family=Family.INTERVENTION, label_fr="Entretien au bureau", label_en="Office interview"
        ),
    }


@pytest.fixture(params=sorted(BROWSERS))
def browser_page(request, browser):
    """A page in a browser set to French, or to English."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, **BROWSERS[request.param]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield request.param, page
    context.close()


def log_in(page, live_server, user, *, from_login_page=False):
    if not from_login_page:
        page.goto(f"{live_server.url}/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill("test-password-123")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"^(?!.*/login/)"))


def settled(page):
    expect(
        page.locator(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added")
    ).to_have_count(0)


def test_a_note_being_typed_survives_a_problem_and_an_intervention(
    browser_page, live_server, world, items
):
    language, page = browser_page
    log_in(page, live_server, world.users[Role.SOCIAL_WORKER])
    page.goto(f"{live_server.url}/files/{world.file.pk}/")
    page.evaluate("window.__lienNoReload = true")
    page.locator("#id_note-text").fill(NOTE)
    page.locator("#id_aid-amount_requested").fill("120")

    page.locator("#id_problem-item").select_option(str(items["problem"].pk))
    page.locator("#problems-card button[type=submit]").last.click()
    expect(page.locator("#entry-status")).to_have_text(SAID[language]["problem"])
    settled(page)
    problem = Problem.objects.get(casefile=world.file, item=items["problem"])
    # The new problem is ticked in the intervention form; the other drafts are untouched.
    expect(page.locator(f"#intervention-form input[value='{problem.pk}']")).to_be_checked()
    expect(page.locator("#id_note-text")).to_have_value(NOTE)
    expect(page.locator("#id_aid-amount_requested")).to_have_value("120")
    # Focus stays in the card just saved.
    assert page.evaluate("document.activeElement.closest('#problems-card') !== null")

    page.locator("#id_intervention-item").select_option(str(items["intervention"].pk))
    page.locator("#intervention-form button[type=submit]").click()
    expect(page.locator("#entry-status")).to_have_text(SAID[language]["intervention"])
    settled(page)
    intervention = Intervention.objects.get(casefile=world.file, item=items["intervention"])
    assert list(intervention.problems.all()) == [problem]
    expect(page.locator("#id_note-text")).to_have_value(NOTE)
    expect(page.locator("#id_aid-amount_requested")).to_have_value("120")

    page.locator("#note-entry button[type=submit]").click()
    settled(page)
    expect(page.locator("#timeline-card")).to_contain_text(NOTE)
    assert Note.objects.filter(casefile=world.file).count() == 2
    assert page.evaluate("window.__lienNoReload === true")
    assert_accessible(page, f"file page after quick entry ({language})")


def test_leaving_with_unsaved_text_asks_first(page, live_server, world, login):
    login(world.users[Role.SOCIAL_WORKER])
    page.goto(f"{live_server.url}/files/{world.file.pk}/")
    page.locator("#id_note-text").fill(NOTE)
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()  # "stay on the page"

    page.on("dialog", answer)
    page.get_by_role("link", name="Accueil").first.click()
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    expect(page.locator("#id_note-text")).to_have_value(NOTE)


def test_a_note_posted_after_the_idle_timeout_is_saved_after_logging_in_again(
    browser_page, live_server, world, settings
):
    _language, page = browser_page
    # Warned 2 seconds before: with 4 (1 second's warning) a loaded machine opened the
    # page, typed and settled after the warning had come and gone.
    settings.LIEN_IDLE_TIMEOUT = 8
    worker = world.users[Role.SOCIAL_WORKER]
    log_in(page, live_server, worker)
    page.goto(f"{live_server.url}/files/{world.file.pk}/")
    page.locator("#id_note-text").fill(NOTE)
    page.locator("#id_note-text").dispatch_event("change")  # checked as typed
    settled(page)
    # The warning comes first; the person does nothing, and the session ends.
    expect(page.locator("#idle-warning .idle-soon").first).to_be_visible(timeout=12_000)
    expect(page.locator("#idle-warning .idle-over").first).to_be_visible(timeout=12_000)
    page.keyboard.press("Escape")
    page.locator("#note-entry button[type=submit]").click()
    page.wait_for_url(re.compile(r"/login/"))
    assert Note.objects.filter(casefile=world.file).count() == 1

    log_in(page, live_server, worker, from_login_page=True)
    expect(page).to_have_url(re.compile(rf"/files/{world.file.pk}/$"))
    expect(page.locator("#id_note-text")).to_have_value(NOTE)
    expect(page.locator("#lien-pending-notice")).to_be_visible()
    page.locator("#note-entry button[type=submit]").click()
    settled(page)
    expect(page.locator("#timeline-card")).to_contain_text(NOTE)
    assert Note.objects.filter(casefile=world.file).count() == 2


def test_the_warning_before_the_timeout_lets_the_person_stay(page, live_server, world, settings):
    settings.LIEN_IDLE_TIMEOUT = 8  # warned 2 seconds before
    page.set_default_timeout(10_000)
    log_in(page, live_server, world.users[Role.SOCIAL_WORKER])
    page.goto(f"{live_server.url}/files/{world.file.pk}/")
    stay = page.locator("#idle-warning [data-stay]")
    expect(stay).to_be_visible(timeout=10_000)
    stay.click()
    expect(page.locator("#idle-warning")).to_be_hidden()
    page.wait_for_timeout(3_000)  # past the first deadline, which the click pushed back
    page.locator("#id_note-text").fill(NOTE)
    page.locator("#note-entry button[type=submit]").click()
    settled(page)
    expect(page.locator("#timeline-card")).to_contain_text(NOTE)


class CountedKeyboard:
    """The keyboard, counting every key pressed (a chord such as Alt+Shift+P is one)."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def press(self, key):
        self.count += 1
        self.page.keyboard.press(key)


def test_the_interview_loop_by_keyboard_alone(page, live_server, world, login, items):
    """One problem and one intervention, keyboard only, in at most 25 keys."""
    login(world.users[Role.SOCIAL_WORKER])
    page.goto(f"{live_server.url}/files/{world.file.pk}/")
    keys = CountedKeyboard(page)
    keys.press("Alt+Shift+P")  # the shortcut to quick entry, listed on the page
    for letter in "Dette":
        keys.press(letter)  # typing chooses in the list
    keys.press("Enter")
    expect(page.locator("#entry-status")).to_have_text("Problématique enregistrée.")
    settled(page)
    keys.press("Alt+Shift+I")
    for letter in "Entretien":
        keys.press(letter)
    keys.press("Enter")  # today, the new problem already ticked
    expect(page.locator("#entry-status")).to_have_text("Intervention enregistrée.")
    problem = Problem.objects.get(casefile=world.file, item=items["problem"])
    intervention = Intervention.objects.get(casefile=world.file, item=items["intervention"])
    assert list(intervention.problems.all()) == [problem]
    assert keys.count <= 25, keys.count


def test_a_card_loading_after_the_page_leaves_the_focus_where_it_is(
    page, live_server, world, login, items
):
    """The budget and the letters load after the file page: a person who has already
    reached quick entry keeps the focus when they arrive (a slow letters card used to
    take it to its heading, and the next keys typed went nowhere)."""
    login(world.users[Role.SOCIAL_WORKER])
    held = []
    page.route("**/letters/", lambda route: held.append(route))
    page.goto(f"{live_server.url}/files/{world.file.pk}/")
    focused = "document.activeElement.id"
    page.keyboard.press("Alt+Shift+P")
    assert page.evaluate(focused) == "id_problem-item"
    while not held:
        page.wait_for_timeout(50)
    held[0].continue_()
    expect(page.locator("#letters-title")).to_be_visible()
    settled(page)
    assert page.evaluate(focused) == "id_problem-item"
