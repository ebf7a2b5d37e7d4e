"""The social report of an aid request: pre-filled from what the catalogue allows, the
assessment read by the free-text guard, shown to the person with their agreement
recorded (and cleared by a later change), each recipient's copy holding only what it
needs, a PDF/UA for the committee."""

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from lien.accounts.roles import Role
from lien.casefiles.budget import services as budget_services
from lien.casefiles.models import AidRequest, AidStatus, HouseholdMember, SituationValue
from lien.casefiles.reports import services
from lien.casefiles.reports.copies import Recipient, report_copy
from lien.catalog.models import Family, Purpose, Sensitivity, Status

from ...factories import ItemFactory

pytestmark = pytest.mark.django_db


def _worker(world):
    return world.users[Role.SOCIAL_WORKER]


def _situation(world, code, label, value, **item):
    defaults = {
        "purposes": [Purpose.FINANCIAL_AID],
        "visible_to_roles": [Role.SOCIAL_WORKER],
        "status": Status.ACTIVE,
        "sensitivity": Sensitivity.ORDINARY,
    }
    defaults.update(item)
    item = ItemFactory(
        family=Family.SITUATION,
        code=code,
        label_fr=label,
        label_en=label,
        value_type="short_text",
        **defaults,
    )
    SituationValue.objects.create(
        casefile=world.file, item=item, value=value, recorded_by=_worker(world)
    )


def _report(world):
    return services.start_social_report(
        actor=_worker(world), aid_request_id=world.file.aid_requests.get().pk
    )


def _with_budget(world):
    HouseholdMember.objects.filter(household=world.file.household).update(
        joined_on=timezone.localdate() - timedelta(days=400)
    )
    sheet = budget_services.start_budget_sheet(actor=_worker(world), casefile_id=world.file.pk)
    person = world.file.household.members.get(relationship="reference").person
    budget_services.add_budget_line(
        actor=_worker(world),
        sheet_id=sheet.pk,
        direction="income",
        category="rsa",
        monthly_amount=Decimal("607.75"),
        person_id=person.pk,
    )
    budget_services.add_budget_line(
        actor=_worker(world),
        sheet_id=sheet.pk,
        direction="charge",
        category="rent",
        monthly_amount=Decimal("450"),
    )
    return sheet


def test_the_situation_is_prefilled_only_with_what_the_catalog_allows(world):
    _situation(world, "housing-kind", "Logement", "Locataire HLM")
    _situation(world, "health-thing", "Santé", "Suivi", sensitivity=Sensitivity.SENSITIVE)
    _situation(world, "reception-only", "Accueil", "Oui", purposes=[Purpose.RECEPTION])
    _situation(world, "hidden", "Caché", "Secret", visible_to_roles=[Role.MANAGER])
    sheet = _with_budget(world)
    report = _report(world)
    assert "Logement : Locataire HLM" in report.situation
    assert "Suivi" not in report.situation and "Oui" not in report.situation
    assert "Secret" not in report.situation
    assert report.budget_sheet == sheet


def test_the_assessment_feeds_the_free_text_guard_like_a_note(world):
    from lien.privacy.models import FlagCategory, FreeTextFlagCount

    report = _report(world)
    assert not FreeTextFlagCount.objects.exists()
    services.update_social_report(
        actor=_worker(world),
        report_id=report.pk,
        situation="",
        tried="",
        request_text="",
        assessment="Madame est dépressive, elle a fait une tentative de suicide.",
    )
    assert FreeTextFlagCount.objects.filter(category=FlagCategory.HEALTH).exists()


def test_the_agreement_is_recorded_then_cleared_by_a_later_change(world):
    report = _report(world)
    with pytest.raises(ValidationError, match="évaluation"):
        services.record_report_agreement(actor=_worker(world), report_id=report.pk)
    services.update_social_report(
        actor=_worker(world),
        report_id=report.pk,
        situation="Locataire.",
        tried="FSL.",
        request_text="Secours.",
        assessment="Avis favorable.",
    )
    report = services.record_report_agreement(actor=_worker(world), report_id=report.pk)
    assert report.agreed_on == timezone.localdate()
    assert report.agreement_recorded_by == _worker(world)
    report = services.update_social_report(
        actor=_worker(world),
        report_id=report.pk,
        situation="Locataire.",
        tried="FSL.",
        request_text="Secours.",
        assessment="Avis favorable, sous réserve.",
    )
    assert report.agreed_on is None and report.agreement_recorded_by is None


def test_a_decided_request_keeps_its_report_as_sent(world):
    report = _report(world)
    AidRequest.objects.filter(pk=report.aid_request_id).update(status=AidStatus.GRANTED)
    with pytest.raises(ValidationError, match="décidée"):
        services.update_social_report(
            actor=_worker(world),
            report_id=report.pk,
            situation="x",
            tried="",
            request_text="",
            assessment="",
        )


def test_each_recipient_receives_only_the_fields_it_needs(world):
    _with_budget(world)
    report = _report(world)
    committee = report_copy(report, Recipient.COMMITTEE)
    person = report_copy(report, Recipient.PERSON)
    assert {"contact", "household_members", "budget_lines"}.isdisjoint(committee)
    assert {"contact", "household_members", "budget_lines"} <= set(person)
    assert committee["budget_totals"].monthly == Decimal("157.75")


def test_the_committee_pdf_is_tagged_and_holds_no_address(client, world):
    reference = world.file.household.members.get(relationship="reference").person
    reference.address = "12 rue des Lilas"
    reference.save()
    _with_budget(world)
    report = _report(world)
    client.force_login(_worker(world))
    response = client.get(f"/social-reports/{report.pk}/committee.pdf")
    assert response.status_code == 200
    reader = PdfReader(BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "157,75" in text and "Lilas" not in text
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    mine = client.get(f"/social-reports/{report.pk}/person.pdf")
    assert "Lilas" in "".join(p.extract_text() for p in PdfReader(BytesIO(mine.content)).pages)


def test_the_person_view_shows_the_report_and_records_the_agreement(client, world):
    report = _report(world)
    services.update_social_report(
        actor=_worker(world),
        report_id=report.pk,
        situation="Locataire.",
        tried="FSL.",
        request_text="Secours.",
        assessment="Avis favorable.",
    )
    client.force_login(_worker(world))
    page = client.get(f"/files/{world.file.pk}/person-view/").content.decode()
    assert "Avis favorable." in page
    report.refresh_from_db()
    response = client.post(
        f"/social-reports/{report.pk}/agreement/",
        {"agreed_on": timezone.localdate().strftime("%d/%m/%Y"), "version": report.version},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.agreed_on == timezone.localdate()


def test_a_secretary_sees_no_report(client, world):
    report = _report(world)
    client.force_login(world.users[Role.SECRETARY])
    assert client.get(f"/social-reports/{report.pk}/").status_code == 404
    assert client.get(f"/social-reports/{report.pk}/committee.pdf").status_code == 404
    page = client.get(f"/files/{world.file.pk}/person-view/")
    assert page.status_code in (200, 404)
    assert "Avis" not in page.content.decode()
