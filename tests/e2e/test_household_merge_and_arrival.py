"""In a real browser: the manager previews the merge of two households, takes the
absorbed household's reference person and situation value, merges and undoes it; a
secretary records that a person already in Lien, of another household, arrives."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lien.accounts.roles import Role
from lien.casefiles.models import CaseFile, HouseholdMember, Relationship, SituationValue

from ..factories import CaseFileFactory, PersonFactory
from .helpers import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "test-password-123"


def _with_password(user):
    user.set_password(PASSWORD)
    user.save()


def _reference(casefile):
    return casefile.household.members.get(
        left_on__isnull=True, relationship=Relationship.REFERENCE
    ).person


def test_a_household_merge_previewed_chosen_field_by_field_then_undone(
    page, live_server, world, login
):
    manager = world.users[Role.MANAGER]
    _with_password(manager)
    kept_file = CaseFileFactory(
        office=world.office, reference__birth_name="Dupont", reference__first_names="Amina"
    )
    absorbed_file = CaseFileFactory(
        office=world.office, reference__birth_name="Dupond", reference__first_names="Amina"
    )
    item = world.file.situation.get().item
    for casefile, value in ((kept_file, "Locataire"), (absorbed_file, "Hébergée")):
        SituationValue.objects.create(
            casefile=casefile, item=item, value=value, recorded_by=manager
        )
    absorbed_reference = _reference(absorbed_file)

    login(manager)
    page.get_by_role("link", name="Doublons").first.click()
    page.get_by_label("Nom").fill("Amina")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_label(f"Conserver {_reference(kept_file).full_name}").check()
    page.get_by_label(f"Absorber {absorbed_reference.full_name}").check()
    page.get_by_role("button", name="Comparer").click()
    page.get_by_role("link", name="Prévisualiser la fusion des ménages").click()
    expect(page.get_by_role("heading", name="Aperçu de la fusion des ménages")).to_be_visible()
    assert_accessible(page, "preview of a household merge")
    expect(
        page.get_by_text(re.compile(f"devient un avec le dossier n° {kept_file.pk}"))
    ).to_be_visible()
    assert CaseFile.objects.filter(pk=absorbed_file.pk).exists()
    page.get_by_label(f"reprendre : {absorbed_reference.full_name}").check()
    page.get_by_label("reprendre : Hébergée").check()
    page.get_by_role("button", name="Fusionner les deux ménages").click()
    expect(page.get_by_text("Les deux ménages sont fusionnés.")).to_be_visible()
    assert _reference(kept_file) == absorbed_reference
    assert kept_file.situation.get(item=item, superseded_at__isnull=True).value == "Hébergée"

    page.get_by_role("button", name="Annuler cette fusion").click()
    expect(page.get_by_text(re.compile("La fusion est annulée"))).to_be_visible()
    assert _reference(CaseFile.objects.get(pk=absorbed_file.pk)) == absorbed_reference
    assert kept_file.situation.get(item=item, superseded_at__isnull=True).value == "Locataire"


def test_a_known_person_arrives_and_leaves_her_former_household(page, live_server, world, login):
    secretary = world.users[Role.SECRETARY]
    _with_password(secretary)
    former = CaseFileFactory(office=world.office)
    person = PersonFactory(birth_name="Voyageuse", first_names="Inès")
    HouseholdMember.objects.create(
        household=former.household,
        person=person,
        relationship=Relationship.CHILD,
        joined_on=timezone.localdate() - timedelta(days=200),
    )
    day = timezone.localdate() - timedelta(days=3)

    login(secretary)
    page.goto(f"{live_server.url}/files/{world.file.pk}/")
    page.get_by_role("link", name="Arrivée d'une personne connue").click()
    page.get_by_label("Nom de la personne qui arrive").fill("voyageuse")
    page.get_by_role("button", name="Rechercher").click()
    assert_accessible(page, "a known person arrives")
    page.get_by_label(re.compile(f"VOYAGEUSE Inès \\(dossier n° {former.pk}")).check()
    page.get_by_label("Arrivée le").fill(day.strftime("%d/%m/%Y"))
    page.get_by_label("Lien avec la personne de référence").select_option(Relationship.RELATIVE)
    page.get_by_role("button", name="Enregistrer l'arrivée").click()
    expect(page.get_by_text(re.compile("L'arrivée est enregistrée"))).to_be_visible()
    assert world.file.household.members.get(person=person, left_on__isnull=True).joined_on == day
    assert former.household.members.get(person=person).left_on == day
