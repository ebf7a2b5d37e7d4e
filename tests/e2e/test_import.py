"""The manager imports the households of their office from a spreadsheet in a real
browser: the validation report names the bad rows, then the valid households are imported."""

import pytest
from playwright.sync_api import expect

from lien.accounts.roles import Role
from lien.casefiles.models import Person

from ..casefiles.test_import_households import BAD, GOOD, _csv

pytestmark = pytest.mark.django_db(transaction=True)


def test_manager_imports_the_valid_households(page, live_server, world, login):
    # The import runs within the request here (test settings): the in-memory test
    # database locks its tables at once, where a real SQLite file waits its turn.
    login(world.users[Role.MANAGER])
    page.get_by_role("link", name="Importer des foyers").first.click()
    page.locator("#id_file").set_input_files(
        files=[{"name": "foyers.csv", "mimeType": "text/csv", "buffer": _csv(GOOD + BAD)}]
    )
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(page.get_by_text("3 lignes invalides")).to_be_visible()
    expect(page.get_by_role("cell", name="5", exact=True)).to_be_visible()
    expect(page.get_by_role("row", name="5").get_by_text("nom de naissance")).to_be_visible()
    page.get_by_role("button", name="Importer les 2 foyers valides").click()
    expect(page.get_by_text("2 foyers importés.")).to_be_visible()
    assert Person.objects.filter(birth_name__in=["Lefèvre", "Diallo"]).count() == 3
