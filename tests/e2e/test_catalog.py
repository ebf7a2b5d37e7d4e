"""The catalogue in a real browser: the DPO approves a sensitive item proposed by the
administrator, and a social worker then fills it in the situation form of a file."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from lien.accounts.roles import Role
from lien.catalog import services
from lien.catalog.models import Family, Sensitivity, Status, ValueType

from ..factories import ItemFactory

pytestmark = pytest.mark.django_db(transaction=True)


def assert_accessible(page):
    """No WCAG A/AA violation found by axe-core on the page."""
    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa"]})
    assert results.violations_count == 0, results.generate_report()


def test_dpo_approves_then_a_social_worker_records_the_item(page, live_server, world, login):
    item = ItemFactory(
        family=Family.SITUATION,
        status=Status.DRAFT,
        sensitivity=Sensitivity.SENSITIVE,
        value_type=ValueType.YES_NO,
        label_fr="Handicap reconnu (MDPH)",
        visible_to_roles=["social_worker"],
    )
    services.activate_item(actor=world.users[Role.ADMIN], item_id=item.pk)

    login(world.users[Role.DPO])
    page.get_by_role("link", name="Catalogue et registre").click()
    page.get_by_role("link", name="Les examiner").click()
    expect(page.get_by_role("heading", name=re.compile("Handicap reconnu"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Approuver et activer").click()
    # An approval cannot be withdrawn: a page says so and asks first.
    expect(page.get_by_role("heading", level=1)).to_have_text("Approuver cet élément sensible ?")
    assert_accessible(page)
    page.get_by_role("button", name="Approuver et activer « Handicap reconnu (MDPH) »").click()
    expect(page.get_by_text("est approuvé et désormais proposé")).to_be_visible()
    page.get_by_role("button", name="Se déconnecter").click()

    login(world.users[Role.SOCIAL_WORKER])
    page.goto(f"{live_server.url}/files/{world.file.pk}/")
    # The situation's form unfolds in its card and saves without leaving the page.
    page.get_by_text("Mettre à jour la situation").click()
    assert_accessible(page)
    # The field is found by its label (accessible name).
    page.get_by_label("Handicap reconnu (MDPH)").select_option("yes")
    page.get_by_role("button", name="Enregistrer la situation").press("Enter")
    expect(page.get_by_text("Situation enregistrée.")).to_be_visible()
    situation = page.get_by_role("region", name="Situation")
    expect(situation).to_contain_text("Handicap reconnu (MDPH)")
    expect(situation).to_contain_text("oui")
