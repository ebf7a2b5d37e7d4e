"""Phone, tablet and desktop: for every role, every page of its menu (and the file page
with an aid table, for the roles that open files) is no wider than a 375 px screen, has
no serious or critical accessibility fault there, and at 1366 px the menu is on one
line. On a phone the menu folds behind its button."""

import pytest
from playwright.sync_api import expect

from lien.accounts.roles import Role

from .helpers import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1366, "height": 768}
OPENS_FILES = {Role.SOCIAL_WORKER, Role.SECRETARY, Role.MANAGER}


def menu_pages(page, live_server):
    """The addresses the user's menu leads to (the administration aside: Django's own)."""
    hrefs = page.locator("#main-menu .navbar-nav a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    return [href for href in hrefs if not href.startswith("/admin/")]


def page_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("role", Role.values)
def test_every_page_fits_a_phone_and_the_menu_one_line_on_a_laptop(
    page, live_server, world, login, role
):
    page.set_viewport_size(DESKTOP)
    login(world.users[role])
    items = page.locator("#main-menu .navbar-nav .nav-item")
    tops = {round(box["y"]) for box in (item.bounding_box() for item in items.all())}
    assert len(tops) == 1, f"{role}: the menu takes {len(tops)} lines at 1366 px"
    menu = page.locator("#main-menu")
    brand = page.locator(".navbar-brand")
    assert menu.bounding_box()["height"] < 2 * brand.bounding_box()["height"]
    assert page_width(page) <= DESKTOP["width"], f"{role}: the menu overflows at 1366 px"
    pages = menu_pages(page, live_server)
    if role in OPENS_FILES:
        pages.append(f"/files/{world.file.pk}/")

    page.set_viewport_size(PHONE)
    for path in pages:
        page.goto(f"{live_server.url}{path}")
        assert page_width(page) <= PHONE["width"], f"{role} {path}: {page_width(page)} px wide"
        assert_accessible(page, f"{role} {path} at 375 px")


def test_the_menu_folds_behind_a_button_on_a_phone(page, live_server, world, login):
    page.set_viewport_size(PHONE)
    login(world.users[Role.SOCIAL_WORKER])
    menu_button = page.get_by_role("button", name="Menu")
    caseload = page.get_by_role("link", name="Mes dossiers", exact=True)
    expect(caseload).to_be_hidden()
    expect(menu_button).to_have_attribute("aria-expanded", "false")
    menu_button.click()
    expect(menu_button).to_have_attribute("aria-expanded", "true")
    caseload.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mes dossiers")


def test_the_aid_table_scrolls_in_a_region_the_keyboard_reaches(page, live_server, world, login):
    page.set_viewport_size(PHONE)
    login(world.users[Role.SOCIAL_WORKER])
    page.goto(f"{live_server.url}/files/{world.file.pk}/")
    region = page.get_by_role("region", name="Tableau : Demandes d'aide financière")
    expect(region).to_have_attribute("tabindex", "0")
    assert region.evaluate("box => box.scrollWidth > box.clientWidth")
    region.focus()  # the keyboard reaches it, to scroll it with the arrows
    expect(region).to_be_focused()
    assert_accessible(page, "file page with an aid table, on a phone")
