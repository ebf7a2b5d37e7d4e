"""In a real browser, one aid request from the budget to the letter: the social worker
starts the household's budget and types an income and a charge on the file page (the
reste à vivre follows without reloading), writes the social report, reads it with the
person and records their agreement; the request is refused with its reasons; the refusal
letter, produced as a PDF, is read back: it gives the reasons and the routes and time of
appeal."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from lien.accounts.roles import Role
from lien.casefiles.aid import services as aid_services
from lien.casefiles.models import AidStatus, HouseholdMember, SocialReport

from .helpers import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

ASSESSMENT = "Madame a repris un emploi ; l'aide évite la coupure d'électricité."
REASONS = "Ressources supérieures au plafond du règlement."


def _pdf_text(path) -> str:
    reader = PdfReader(path)
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in reader.pages))


def test_budget_report_agreement_and_refusal_letter(
    page, live_server, world, login, builtin_letters, server_idle
):
    worker = world.users[Role.SOCIAL_WORKER]
    HouseholdMember.objects.filter(household=world.file.household).update(
        joined_on=timezone.localdate().replace(year=timezone.localdate().year - 2)
    )
    aid = world.file.aid_requests.get()
    file_url = f"{live_server.url}/files/{world.file.pk}/"
    # The PDFs are made by WeasyPrint inside the request: slow on a busy machine.
    page.set_default_timeout(60_000)
    login(worker)

    # The budget, on the file page: started, then an income and a charge.
    page.goto(file_url)
    budget = page.locator("#budget-card")
    budget.get_by_role("button", name="Commencer le budget").click()
    expect(budget.get_by_text("Nouveau budget commencé")).to_be_visible()
    budget.get_by_label("ressource", exact=True).check()
    budget.get_by_label("Catégorie").select_option(label="RSA")
    budget.get_by_label("Ressource de").select_option(index=1)
    budget.get_by_label("Montant mensuel (€)").fill("607,75")
    budget.get_by_role("button", name="Ajouter la ligne").click()
    expect(budget.get_by_text("Ligne ajoutée au budget.")).to_be_visible()
    budget.get_by_label("charge", exact=True).check()
    budget.get_by_label("Catégorie").select_option(
        label="loyer ou remboursement de prêt immobilier"
    )
    budget.get_by_label("Montant mensuel (€)").fill("450")
    budget.get_by_role("button", name="Ajouter la ligne").click()
    # 607,75 - 450 = 157,75 € a month, for one person: 5,26 € a day.
    expect(budget.get_by_text("157,75\u00a0€").first).to_be_visible()
    expect(budget.get_by_text("5,26\u00a0€").first).to_be_visible()
    assert_accessible(page, "the file page with its budget")

    # The social report, pre-filled, then written.
    page.get_by_role("button", name=re.compile("Rédiger le rapport social")).click()
    expect(page.get_by_role("heading", name=re.compile("Rapport social"))).to_be_visible()
    page.get_by_label("Ce qui a été tenté").fill("Échéancier demandé au fournisseur, refusé.")
    page.get_by_label("L'évaluation du travailleur social").fill(ASSESSMENT)
    page.get_by_role("button", name="Enregistrer le rapport").click()
    expect(page.get_by_text("Rapport social enregistré.")).to_be_visible()
    assert_accessible(page, "the social report")

    # Read with the person, who agrees.
    page.get_by_role("link", name="Montrer à la personne").click()
    expect(page.get_by_text(ASSESSMENT)).to_be_visible()
    page.get_by_role(
        "button", name="La personne est d'accord pour que ce rapport soit transmis"
    ).click()
    expect(page.get_by_text("L'accord de la personne est enregistré.")).to_be_visible()
    report = SocialReport.objects.get(aid_request=aid)
    assert report.agreed_on == timezone.localdate() and report.agreement_recorded_by == worker

    # The committee refuses (recorded through the services here: the committee's pages
    # are another part of the work).
    with server_idle:
        aid_services.submit_aid_request(actor=worker, aid_request_id=aid.pk)
        aid_services.decide_aid_request(
            actor=worker,
            aid_request_id=aid.pk,
            outcome=aid_services.Outcome(status=AidStatus.REFUSED, refusal_reason=REASONS),
        )

    # The refusal letter, as a PDF, read back.
    page.goto(file_url)
    letters = page.locator("#letters-card")
    letters.get_by_role("combobox", name="Courrier", exact=True).select_option(
        label="Décision : aide refusée"
    )
    letters.get_by_label("Demande d'aide concernée").select_option(index=1)
    with page.expect_download() as download:
        letters.get_by_role("button", name="Produire le courrier").click()
    text = _pdf_text(download.value.path())
    assert REASONS in text
    assert "recours gracieux" in text and "Président du Conseil départemental" in text
    assert "tribunal administratif" in text and "deux mois" in text
    page.goto(file_url)
    produced = page.locator("#letters-card").get_by_role("listitem")
    expect(produced.filter(has_text="Décision : aide refusée, produit le")).to_be_visible()
