"""In a French browser (fr-FR, Europe/Paris) and in an English one (en-US): an amount
typed "350,50" is 350,50 €, a date typed 12/03/1980 is 12 March 1980, and the calendar
button writes dd/mm/yyyy, by keyboard and under the Content-Security-Policy."""

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from lien.accounts.roles import Role
from lien.casefiles.models import AidRequest, Person

from .helpers import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

BROWSERS = [("fr-FR", "Europe/Paris"), ("en-US", "America/New_York")]


@pytest.fixture(params=BROWSERS, ids=[locale for locale, _zone in BROWSERS])
def localised(request, browser, live_server):
    locale, zone = request.param
    context = browser.new_context(
        locale=locale, timezone_id=zone, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page, violations
    context.close()


def _login(page, live_server, user):
    # By the fields' names: the labels are in the browser's language.
    page.goto(f"{live_server.url}/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill("test-password-123")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")


def test_an_amount_with_a_decimal_comma_is_recorded_as_typed(localised, live_server, world):
    page, violations = localised
    _login(page, live_server, world.users[Role.SOCIAL_WORKER])
    page.goto(f"{live_server.url}/files/{world.file.pk}/")
    aid_form = page.locator("form.entry-form[action$='/aid-requests/']")
    aid_form.locator("select").select_option(index=1)
    aid_form.locator("input[name='aid-amount_requested']").fill("350,50")
    aid_form.locator("button[type=submit]").click()
    expect(page.locator("#aid-title")).to_be_visible()
    expect(page.get_by_text("350,50\u00a0€").first).to_be_visible()
    assert AidRequest.objects.filter(
        casefile=world.file, amount_requested=Decimal("350.50")
    ).exists()
    # The body swapped in by htmx has its date fields' calendar buttons too.
    dates = page.locator("input[data-date-picker]")
    expect(dates.first).to_be_visible()
    expect(page.locator(".date-picker-button")).to_have_count(dates.count())
    assert violations == []


def test_a_date_typed_dd_mm_yyyy_is_that_day_in_every_browser(localised, live_server, world):
    page, violations = localised
    person = world.file.reference_person
    _login(page, live_server, world.users[Role.SECRETARY])
    url = f"{live_server.url}/files/{world.file.pk}/persons/{person.pk}/edit/"
    page.goto(url)
    birth = page.locator("#id_birth_date")
    expect(birth).to_have_attribute("type", "text")
    birth.fill("12/03/1980")
    page.locator("#id_reason").fill("Date de naissance vérifiée sur pièce d'identité.")
    page.locator("main form button.btn-primary").click()
    page.wait_for_url(f"{live_server.url}/files/{world.file.pk}/")
    assert Person.objects.get(pk=person.pk).birth_date == date(1980, 3, 12)
    page.goto(url)
    expect(page.locator("#id_birth_date")).to_have_value("12/03/1980")
    assert violations == []


def test_the_calendar_button_writes_dd_mm_yyyy_and_is_reached_by_keyboard(
    localised, live_server, world
):
    page, violations = localised
    person = world.file.reference_person
    _login(page, live_server, world.users[Role.SECRETARY])
    page.goto(f"{live_server.url}/files/{world.file.pk}/persons/{person.pk}/edit/")
    assert_accessible(page, "a form with a date field and its calendar button")
    page.locator("#id_birth_date").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "date-picker-button" in focused
    page.keyboard.press("Enter")  # opens the browser's calendar (never an error)
    page.keyboard.press("Escape")
    # The browser's calendar answers with an ISO day; the field shows it dd/mm/yyyy.
    page.locator(".date-picker-native").first.fill("1975-07-04", force=True)
    expect(page.locator("#id_birth_date")).to_have_value("04/07/1975")
    expect(page.locator("#id_birth_date")).to_be_focused()
    assert violations == []
