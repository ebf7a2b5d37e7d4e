"""Letters: templates may name only the fields the catalogue allows for their purpose
(refused in words otherwise, nothing saved); the built-in decision letters; a refusal
always carries the routes and time to appeal; PDF/UA and ODT; each production listed on
the file and audited."""

import zipfile
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import override
from pypdf import PdfReader

from lien.accounts.roles import Role
from lien.audit.models import Action, AuditEvent
from lien.casefiles.letters import services
from lien.casefiles.models import AidRequest, AidStatus, Letter, LetterTemplate, SituationValue
from lien.catalog.models import Family, Purpose, Sensitivity, Status

from ...factories import ItemFactory

pytestmark = pytest.mark.django_db


def _admin(world):
    return world.users[Role.ADMIN]


def _worker(world):
    return world.users[Role.SOCIAL_WORKER]


def _template(kind):
    return LetterTemplate.objects.get(kind=kind)


def _refused(world) -> AidRequest:
    aid = world.file.aid_requests.get()
    aid.status, aid.submitted_on = AidStatus.REFUSED, timezone.localdate()
    aid.decided_on, aid.refusal_reason = timezone.localdate(), "Ressources au-dessus du plafond."
    aid.save()
    return aid


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def test_a_template_naming_a_field_the_catalog_forbids_is_refused_in_french(world):
    ItemFactory(
        family=Family.SITUATION,
        code="health-follow-up",
        label_fr="Suivi médical",
        purposes=[Purpose.FINANCIAL_AID],
        sensitivity=Sensitivity.SENSITIVE,
        visible_to_roles=[Role.SOCIAL_WORKER],
        status=Status.ACTIVE,
    )
    with override("fr"), pytest.raises(ValidationError) as refused:
        services.save_letter_template(
            actor=_admin(world),
            name="Essai",
            kind="other",
            purpose=Purpose.FINANCIAL_AID,
            subject="Objet",
            body="{{ nom }} : {{ situation.health-follow-up }}",
        )
    message = " ".join(refused.value.messages)
    assert "situation.health-follow-up" in message and "catalogue" in message
    assert "ne peut pas figurer" in message
    assert not LetterTemplate.objects.filter(name="Essai").exists()


def test_an_aid_field_is_refused_in_a_letter_of_another_purpose(world):
    with override("fr"), pytest.raises(ValidationError) as refused:
        services.save_letter_template(
            actor=_admin(world),
            name="Essai",
            kind="convocation",
            purpose=Purpose.RECEPTION,
            subject="Objet",
            body="{{ aide_montant_accorde }}",
        )
    assert "aide_montant_accorde" in " ".join(refused.value.messages)
    with pytest.raises(ValidationError):
        services.save_letter_template(
            actor=_admin(world),
            name="Essai",
            kind="other",
            purpose=Purpose.RECEPTION,
            subject="Objet",
            body="{{ pas_un_champ }}",
        )
    assert not LetterTemplate.objects.filter(name="Essai").exists()


def test_an_allowed_situation_item_fills_its_placeholder(world):
    item = ItemFactory(
        family=Family.SITUATION,
        code="housing-kind",
        label_fr="Logement",
        purposes=[Purpose.SOCIAL_SUPPORT],
        visible_to_roles=[Role.SOCIAL_WORKER],
        status=Status.ACTIVE,
        value_type="short_text",
    )
    SituationValue.objects.create(
        casefile=world.file, item=item, value="Hébergé chez un tiers", recorded_by=_worker(world)
    )
    template = services.save_letter_template(
        actor=_admin(world),
        name="Partenaire logement",
        kind="partner",
        purpose=Purpose.SOCIAL_SUPPORT,
        subject="Logement de {{ nom }}",
        body="Situation : {{ situation.housing-kind }}.",
    )
    produced = services.produce_letter(
        actor=_worker(world), casefile_id=world.file.pk, template_id=template.pk
    )
    assert "Hébergé chez un tiers" in _text(produced.content)


def test_the_refusal_letter_gives_its_reasons_and_the_routes_of_appeal(world):
    aid = _refused(world)
    with override("fr"):
        produced = services.produce_letter(
            actor=_worker(world),
            casefile_id=world.file.pk,
            template_id=_template("refused").pk,
            aid_request_id=aid.pk,
        )
    text = " ".join(_text(produced.content).split())
    assert "Ressources au-dessus du plafond." in text
    assert "recours gracieux" in text and "Président du Conseil départemental" in text
    assert "tribunal administratif" in text and "deux mois" in text
    assert "/StructTreeRoot" in PdfReader(BytesIO(produced.content)).trailer["/Root"]


def test_a_decision_letter_must_fit_the_request(world):
    aid = _refused(world)
    with pytest.raises(ValidationError):
        services.produce_letter(
            actor=_worker(world),
            casefile_id=world.file.pk,
            template_id=_template("granted").pk,
            aid_request_id=aid.pk,
        )
    AidRequest.objects.filter(pk=aid.pk).update(status=AidStatus.SUBMITTED)
    with pytest.raises(ValidationError, match="ce qui manque"):
        services.produce_letter(
            actor=_worker(world),
            casefile_id=world.file.pk,
            template_id=_template("adjourned").pk,
            aid_request_id=aid.pk,
        )
    assert not Letter.objects.exists()


def test_the_granted_letter_as_odt_and_its_production_listed_and_audited(client, world):
    aid = world.file.aid_requests.get()
    aid.status, aid.submitted_on = AidStatus.GRANTED, timezone.localdate()
    aid.decided_on, aid.amount_granted = timezone.localdate(), Decimal("1234.5")
    aid.save()
    client.force_login(_worker(world))
    response = client.post(
        f"/files/{world.file.pk}/letters/new/",
        {
            "letter-template": _template("granted").pk,
            "letter-aid_request": aid.pk,
            "letter-fmt": "odt",
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    with zipfile.ZipFile(BytesIO(response.content)) as odt:
        content = odt.read("content.xml").decode()
    assert "1\u00a0234,50\u00a0€" in content
    letter = Letter.objects.get()
    assert AuditEvent.objects.filter(
        action=Action.EXPORT, object_kind="letter", object_id=str(letter.pk)
    ).exists()
    card = client.get(f"/files/{world.file.pk}/letters/", HTTP_HX_REQUEST="true")
    assert "Décision : aide accordée" in card.content.decode()


def test_a_refused_production_says_why_in_french_and_saves_nothing(client, world):
    _refused(world)
    client.force_login(_worker(world))
    response = client.post(
        f"/files/{world.file.pk}/letters/new/",
        {"letter-template": _template("granted").pk, "letter-fmt": "pdf"},
    )
    assert response.status_code == 422
    assert "Choisissez la demande" in response.content.decode()
    assert not Letter.objects.exists()
