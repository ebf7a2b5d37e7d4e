"""One aid request from its submission to its payment, in the browser: submitted by the
social worker, put on a committee's agenda by the committee secretary, refused with a
reason of the scheme's list, resubmitted, granted, its payment ordered (a wrong IBAN
refused first), exported in a batch for the finance software and marked paid; the file
shows where the aid stands at each step. (The budget, the social report and the letter
of the decision join this path when those parts land.)"""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lien.accounts.roles import Role
from lien.casefiles.aid import services as aid_services
from lien.casefiles.models import AidStatus, PaymentOrder, PaymentStatus

from ..casefiles.committees.schemes import document, scheme
from ..factories import member

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_request_from_submission_to_payment(page, live_server, world, login):
    worker = world.users[Role.SOCIAL_WORKER]
    secretary = member(
        Role.COMMITTEE_SECRETARY, world.office, first_name="Inès", last_name="Garnier"
    )
    member(Role.MANAGER, world.other_office, first_name="Paul", last_name="Membre")
    fsl = scheme(ceiling="500")
    document(world.file)
    aid_services.create_aid_request(
        actor=worker,
        casefile_id=world.file.pk,
        aid_type_id=fsl.aid_type_id,
        amount_requested=Decimal("300"),
    )
    file_url = f"{live_server.url}/files/{world.file.pk}/"

    # The social worker submits the request.
    login(worker)
    page.goto(file_url)
    page.get_by_role("button", name=re.compile("Déposer FSL énergie")).click()
    expect(page.locator("#aid-card")).to_contain_text("demandée")

    # The committee secretary prepares a session and puts it on the agenda.
    login(secretary)
    page.get_by_role("link", name="Commissions d’aides").first.click()
    page.get_by_label("Dispositif d’aide").select_option(label="FSL énergie")
    page.get_by_label("Paul Membre").check()
    page.get_by_role("button", name="Préparer la séance").click()
    expect(page.get_by_text("Séance de commission préparée.")).to_be_visible()
    page.get_by_role("button", name=re.compile("Inscrire à l’ordre du jour")).click()
    expect(page.get_by_text("Demande inscrite à l’ordre du jour.")).to_be_visible()

    # Refused: first without a reason (refused, nothing saved), then with one.
    page.get_by_role("link", name=re.compile("Enregistrer la décision")).click()
    page.get_by_label("refusée").check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("un refus ou un accord partiel doit être motivé")).to_be_visible()
    page.get_by_label("refusée").check()
    page.get_by_label(re.compile("Ressources au-delà du barème")).check()
    page.get_by_label("Motifs, dans les termes de la commission").fill("Dette déjà aidée en 2025.")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Décision de la commission enregistrée.")).to_be_visible()

    # The social worker reads the reasons and resubmits.
    login(worker)
    page.goto(file_url)
    card = page.locator("#aid-card")
    expect(card).to_contain_text("Ressources au-delà du barème. Dette déjà aidée en 2025.")
    page.get_by_role("button", name=re.compile("Redéposer")).click()
    expect(page.get_by_text("Une nouvelle demande en brouillon")).to_be_visible()
    page.get_by_role("button", name=re.compile("Déposer FSL énergie")).click()
    expect(page.get_by_role("button", name=re.compile("Déposer FSL énergie"))).to_have_count(0)

    # Granted in session.
    login(secretary)
    page.get_by_role("link", name="Commissions d’aides").first.click()
    page.locator("table a").first.click()
    page.get_by_role("button", name=re.compile("Inscrire à l’ordre du jour")).click()
    page.get_by_role("link", name=re.compile("Enregistrer la décision")).click()
    page.get_by_label("accordée", exact=True).check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Décision de la commission enregistrée.")).to_be_visible()

    # The payment order: a wrong check digit is refused, then the right IBAN.
    page.get_by_role("link", name="Ordres de paiement").first.click()
    page.get_by_role("link", name=re.compile("Ordonner le paiement")).click()
    page.get_by_label("le bailleur").check()
    page.get_by_label("Nom du bénéficiaire du paiement").fill("Bailleur social")
    page.get_by_label("Titulaire du compte").fill("Bailleur social")
    page.get_by_label("IBAN").fill("FR76 3000 6000 0112 3456 7890 188")
    page.get_by_role("button", name="Ordonner le paiement").click()
    expect(page.get_by_text("La clé de contrôle de l’IBAN est fausse")).to_be_visible()
    assert not PaymentOrder.objects.exists()
    page.get_by_label("IBAN").fill("FR76 3000 6000 0112 3456 7890 189")
    page.get_by_role("button", name="Ordonner le paiement").click()
    expect(page.get_by_text("Paiement ordonnancé.")).to_be_visible()
    expect(page.get_by_text("FR•• •••• •••• 0189")).to_be_visible()
    expect(page.get_by_text("FR7630006000011234567890189")).to_have_count(0)

    # The batch, its export for the finance software, then paid.
    page.get_by_role("button", name="Constituer un lot des ordres pas encore transmis").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Exporter pour le logiciel financier (CSV)").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    order = PaymentOrder.objects.get()
    assert order.reference in exported and "FR7630006000011234567890189" in exported
    assert ";300.00;landlord;Bailleur social;" in exported
    page.get_by_role("button", name="Marquer le lot payé").click()
    expect(page.get_by_text("Le lot est marqué payé.")).to_be_visible()
    order.refresh_from_db()
    assert order.status == PaymentStatus.PAID
    assert order.aid_request.status == AidStatus.GRANTED

    # The file shows where the aid stands.
    login(worker)
    page.goto(file_url)
    expect(page.locator("#aid-card [aria-current=step]").first).to_have_text("payé")
