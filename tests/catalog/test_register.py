"""The register of processing and the DPIA inputs are computed from the active catalogue
and the settings, and follow every change of it."""

import re
import zlib

import pytest
from django.core.management import call_command
from django.utils.html import escape

from lien.accounts.roles import Role
from lien.audit.models import AuditEvent
from lien.catalog import services
from lien.catalog.loader import load_catalog
from lien.catalog.models import Item, Purpose, Status
from lien.offices.models import Organisation
from lien.privacy.register.render import render_html

from ..prepared_files import download_prepared

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(world):
    Organisation.objects.update(dpo_name="Claire Fontaine", dpo_email="dpo@example.org")
    load_catalog()
    return world


def test_the_register_lists_every_active_item_with_category_purpose_and_retention(
    catalog, settings
):
    settings.LIEN_IDLE_TIMEOUT = 45 * 60
    settings.SESSION_COOKIE_AGE = 8 * 3600
    html = render_html("register")
    assert "Claire Fontaine" in html and "dpo@example.org" in html
    for item in Item.objects.filter(status=Status.ACTIVE):
        row = html[html.index(escape(item.label_fr)) :][:3000]
        assert escape(item.get_family_display()) in html
        assert escape(item.get_retention_family_display()) in row, item.code
        for purpose in item.purposes:
            assert escape(str(Purpose(purpose).label)) in row, item.code
    # Drafts and the sensitive item waiting for the DPO are not in the register.
    assert "Handicap reconnu" not in html
    assert "Nationalité (France, UE, hors UE)" not in html
    for section in ("Finalités", "Catégories de personnes", "Destinataires", "Mesures de sécurité"):
        assert section in html
    assert "2 ans après le dernier contact" in html
    # Security measures come from the settings.
    assert "au moins 12 caractères" in html
    assert "après 45 minutes sans activité, après 8 heures quelle que soit l’activité" in html


def test_the_register_changes_when_the_catalog_changes(catalog):
    admin, dpo = catalog.users[Role.ADMIN], catalog.users[Role.DPO]
    before = render_html("register")
    pending = Item.objects.get(code="recognised-disability")
    services.approve_item(actor=dpo, item_id=pending.pk)
    mobility = Item.objects.get(code="pb-mobility")
    services.set_item_status(actor=admin, item_id=mobility.pk, status=Status.RETIRED)
    housing = Item.objects.get(code="housing-status")
    services.update_item(
        actor=admin, item_id=housing.pk, changes={"retention_family": "aid_decision"}
    )
    after = render_html("register")
    assert "Handicap reconnu (MDPH)" not in before and "Handicap reconnu (MDPH)" in after
    assert "Données sensibles (art. 9 et 10 RGPD)" in after
    assert "pb-mobility" in before and "pb-mobility" not in after
    row = after[after.index("housing-status") :][:1500]
    assert escape("décision d'aide (archivée 5 ans)") in row


def test_the_dpia_inputs_hold_the_inventory_matrix_and_retention(catalog):
    html = render_html("dpia")
    for heading in (
        "Inventaire des données",
        "Éléments sensibles",
        "Matrice des accès",
        "Tableau des durées de conservation",
    ):
        assert heading in html
    assert "casefiles.Person" in html and "birth_name" in html
    assert "Handicap reconnu (MDPH)" in html  # listed as not in use, awaiting the DPO


def test_the_documents_are_served_to_the_dpo_and_admin_only_and_audited(client, catalog):
    for role in Role.values:
        client.force_login(catalog.users[role])
        response = client.get("/catalogue/documents/register/")
        expected = 200 if role in (Role.DPO, Role.ADMIN) else 404
        assert response.status_code == expected, role
    assert AuditEvent.objects.filter(
        actor=catalog.users[Role.DPO], object_kind="catalog_register"
    ).exists()


def test_the_register_is_a_tagged_pdf(client, catalog):
    client.force_login(catalog.users[Role.DPO])
    # Prepared by the task worker (run at once by the tests' backend), then downloaded.
    response = download_prepared(client, client.get("/catalogue/documents/register.pdf"))
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    text = _pdf_objects(pdf)
    assert b"/StructTreeRoot" in text  # tagged: a structure tree for screen readers
    assert b"/MarkInfo" in text and b"/Lang" in text
    assert b"pdfuaid" in text  # declares PDF/UA-1 in its metadata


def _pdf_objects(pdf: bytes) -> bytes:
    """The PDF's bytes with its compressed object streams inflated."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n", pdf):
        try:
            parts.append(zlib.decompressobj().decompress(pdf[match.end() :]))
        except zlib.error:
            continue
    return b"".join(parts)


def test_the_command_writes_html_and_pdf(tmp_path, catalog):
    html_file, pdf_file = tmp_path / "register.html", tmp_path / "register.pdf"
    call_command("register_of_processing", "--format", "html", "--output", str(html_file))
    call_command("register_of_processing", "--format", "pdf", "--output", str(pdf_file))
    assert "Registre des activités de traitement" in html_file.read_text(encoding="utf-8")
    assert pdf_file.read_bytes().startswith(b"%PDF")
    dpia = tmp_path / "dpia.html"
    call_command(
        "register_of_processing", "--document", "dpia", "--format", "html", "--output", str(dpia)
    )
    assert "Matrice des accès" in dpia.read_text(encoding="utf-8")


def test_every_capability_has_a_label_in_the_register():
    from lien.accounts.policy import Can
    from lien.privacy.register.document import CAPABILITY_LABELS

    assert set(Can) == set(CAPABILITY_LABELS)
