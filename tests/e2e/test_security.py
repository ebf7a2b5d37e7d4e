"""In a real browser: two-factor set-up with the QR code page, the DPO's dashboard, and
no Content-Security-Policy violation on the way (htmx included)."""

import re

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from lien.accounts.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def csp_violations(page):
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def test_a_social_worker_sets_up_two_factors_then_works(
    page, live_server, world, settings, csp_violations
):
    settings.LIEN_OTP_REQUIRED = True
    user = world.users[Role.SOCIAL_WORKER]
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Identifiant").fill(user.username)
    page.get_by_label("Mot de passe").fill("test-password-123")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Configurer l'authentification à deux facteurs"
    )
    expect(page.locator(".qr-code svg")).to_be_visible()
    secret = page.locator("code.user-select-all").inner_text().replace(" ", "")
    from base64 import b32decode

    key = b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Code affiché par l'application").fill(f"{TOTP(key).token():06d}")
    page.get_by_role("button", name="Confirmer").click()
    expect(page.get_by_role("heading", name="Vos codes de secours")).to_be_visible()
    assert len(page.locator(".backup-codes code").all_inner_texts()) == 10
    page.get_by_role("link", name="Je les ai conservés, continuer").click()
    expect(page.get_by_role("heading", name="Mes dossiers")).to_be_visible()
    # htmx still works under the CSP: results as you type.
    page.get_by_role("link", name="Rechercher une personne").first.click()
    page.get_by_label("Nom, nom d'usage ou prénom").fill(world.file.reference_person.birth_name)
    expect(page.get_by_text(re.compile(r"personnes? trouvées?"))).to_be_visible()
    assert csp_violations == []


def test_the_dpo_opens_the_dashboard_and_drills_down(
    page, live_server, world, login, csp_violations
):
    login(world.users[Role.DPO])
    page.get_by_role("link", name="Ouvrir le tableau de bord").click()
    expect(
        page.get_by_role("heading", name="Tableau de bord de la protection des données")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Accès au fil du temps")).to_be_visible()
    page.get_by_role("link", name="Extrait du journal pour une plainte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Extrait du journal pour une plainte")
    page.get_by_role("button", name="Télécharger l'extrait").click()
    expect(
        page.get_by_text("Indiquez le motif").or_(page.get_by_text("obligatoire").first)
    ).to_be_visible()
    assert csp_violations == []
