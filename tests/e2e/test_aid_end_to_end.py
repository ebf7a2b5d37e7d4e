"""One aid request end to end, as issue 16 asks: budget → social report → shown to the
person, who agrees → submitted → on a committee's agenda (where a member reads the
committee's copy of the report) → refused with a reason → the refusal letter as a PDF,
read back with its appeal routes → resubmitted → granted → the payment order in the
batch's export → paid, and the file says so. What the people do on their pages goes
through the browser (the budget, the report, showing it, the decisions, the letter, the
order, the export, the payment); the bookkeeping between them (submitting, preparing the
sessions, putting on the agenda) through the services, to keep the test short."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from lien.accounts.roles import Role
from lien.casefiles.aid import services as aid_services
from lien.casefiles.committees import services as committee_services
from lien.casefiles.models import (
    AidRequest,
    AidStatus,
    HouseholdMember,
    PaymentOrder,
    PaymentStatus,
    SocialReport,
)

from ..casefiles.committees.schemes import document, scheme
from ..factories import member

pytestmark = pytest.mark.django_db(transaction=True)

ASSESSMENT = "Madame a repris un emploi ; l'aide évite la coupure d'électricité."
IBAN = "FR76 3000 6000 0112 3456 7890 189"


def _pdf_text(path) -> str:
    reader = PdfReader(path)
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in reader.pages))


def _on_agenda(secretary, fsl, aid, members):
    session = committee_services.create_session(
        actor=secretary,
        scheme_id=fsl.pk,
        held_on=timezone.localdate(),
        member_ids=[m.pk for m in members],
    )
    committee_services.put_on_agenda(actor=secretary, session_id=session.pk, aid_request_id=aid.pk)
    return session


def test_one_request_from_the_budget_to_its_payment(
    page, live_server, world, login, builtin_letters, server_idle
):
    worker = world.users[Role.SOCIAL_WORKER]
    secretary = member(Role.COMMITTEE_SECRETARY, world.office, first_name="Inès")
    official = member(Role.MANAGER, world.other_office, first_name="Paul", last_name="Membre")
    HouseholdMember.objects.filter(household=world.file.household).update(
        joined_on=timezone.localdate().replace(year=timezone.localdate().year - 2)
    )
    AidRequest.objects.filter(casefile=world.file).delete()
    fsl = scheme(ceiling="500")
    document(world.file)
    aid = aid_services.create_aid_request(
        actor=worker,
        casefile_id=world.file.pk,
        aid_type_id=fsl.aid_type_id,
        amount_requested=Decimal("300"),
    )
    file_url = f"{live_server.url}/files/{world.file.pk}/"
    login(worker)
    # The PDFs are made by WeasyPrint inside the request: slow on a busy machine.
    page.set_default_timeout(60_000)

    # The budget on the file page: an income and a charge, the reste à vivre follows.
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
    expect(budget.get_by_text("157,75\u00a0€").first).to_be_visible()

    # The social report, then shown to the person, who agrees.
    page.get_by_role("button", name=re.compile("Rédiger le rapport social")).click()
    page.get_by_label("Ce qui a été tenté").fill("Échéancier demandé au fournisseur, refusé.")
    page.get_by_label("L'évaluation du travailleur social").fill(ASSESSMENT)
    page.get_by_role("button", name="Enregistrer le rapport").click()
    expect(page.get_by_text("Rapport social enregistré.")).to_be_visible()
    page.get_by_role("link", name="Montrer à la personne").click()
    expect(page.get_by_text(ASSESSMENT)).to_be_visible()
    page.get_by_role(
        "button", name="La personne est d'accord pour que ce rapport soit transmis"
    ).click()
    expect(page.get_by_text("L'accord de la personne est enregistré.")).to_be_visible()
    assert SocialReport.objects.get(aid_request=aid).agreed_on == timezone.localdate()

    # Submitted, on today's agenda; a member reads the committee's copy of the report.
    with server_idle:
        aid_services.submit_aid_request(actor=worker, aid_request_id=aid.pk)
        session = _on_agenda(secretary, fsl, aid, [official])
    session_url = f"{live_server.url}/committees/{session.pk}/"
    login(official)
    page.goto(session_url)
    page.get_by_role("link", name=re.compile("Lire le rapport social")).click()
    expect(page.get_by_text(ASSESSMENT)).to_be_visible()
    # The totals, never the budget's lines (whose income is the RSA) for the committee.
    expect(page.get_by_text("157,75\u00a0€").first).to_be_visible()
    expect(page.get_by_text("RSA", exact=True)).to_have_count(0)

    # Refused in session, with a reason of the scheme's list.
    login(secretary)
    page.goto(session_url)
    page.get_by_role("link", name=re.compile("Enregistrer la décision")).click()
    page.get_by_label("refusée").check()
    page.get_by_label(re.compile("Ressources au-delà du barème")).check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Décision de la commission enregistrée.")).to_be_visible()

    # The refusal letter, as a PDF, read back: its reason and the routes of appeal.
    login(worker)
    page.goto(file_url)
    letters = page.locator("#letters-card")
    letters.get_by_role("combobox", name="Courrier", exact=True).select_option(
        label="Décision : aide refusée"
    )
    letters.get_by_label("Demande d'aide concernée").select_option(index=1)
    with page.expect_download() as download:
        letters.get_by_role("button", name="Produire le courrier").click()
    text = _pdf_text(download.value.path())
    assert "Ressources au-delà du barème" in text
    assert "recours gracieux" in text and "tribunal administratif" in text
    assert "deux mois" in text

    # Resubmitted by the worker, then granted at a new session.
    page.goto(file_url)
    page.get_by_role("button", name=re.compile("Redéposer")).click()
    expect(page.get_by_text("Une nouvelle demande en brouillon")).to_be_visible()
    page.get_by_role("button", name=re.compile("Déposer FSL énergie")).click()
    expect(page.get_by_role("button", name=re.compile("Déposer FSL énergie"))).to_have_count(0)
    with server_idle:
        again = AidRequest.objects.get(casefile=world.file, status=AidStatus.SUBMITTED)
        committee_services.close_session(actor=secretary, session_id=session.pk)
        second = _on_agenda(secretary, fsl, again, [official])
    login(secretary)
    page.goto(f"{live_server.url}/committees/{second.pk}/")
    page.get_by_role("link", name=re.compile("Enregistrer la décision")).click()
    page.get_by_label("accordée", exact=True).check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Décision de la commission enregistrée.")).to_be_visible()

    # The payment order, in a batch exported for the finance software, then paid.
    page.get_by_role("link", name="Ordres de paiement").first.click()
    page.get_by_role("link", name=re.compile("Ordonner le paiement")).click()
    page.get_by_label("le fournisseur d’énergie").check()
    page.get_by_label("Nom du bénéficiaire du paiement").fill("Fournisseur d'énergie")
    page.get_by_label("Titulaire du compte").fill("Fournisseur d'énergie")
    page.get_by_label("IBAN").fill(IBAN)
    page.get_by_role("button", name="Ordonner le paiement").click()
    expect(page.get_by_text("Paiement ordonnancé.")).to_be_visible()
    page.get_by_role("button", name="Constituer un lot des ordres pas encore transmis").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Exporter pour le logiciel financier (CSV)").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    order = PaymentOrder.objects.get()
    assert order.aid_request == again and order.reference in exported
    assert ";300.00;energy;" in exported and "FR7630006000011234567890189" in exported
    page.get_by_role("button", name="Marquer le lot payé").click()
    expect(page.get_by_text("Le lot est marqué payé.")).to_be_visible()
    order.refresh_from_db()
    assert order.status == PaymentStatus.PAID

    # The file shows where the aid stands.
    login(worker)
    page.goto(file_url)
    expect(page.locator("#aid-card [aria-current=step]").first).to_have_text("payé")
