"""In a real browser: a separation splits a household into two files with the right
members, problems and aid; the manager merges two records of one person and undoes it;
a dormant file is proposed on the home page, closed, and archived by the retention run
once its period is over."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from lien.accounts.roles import Role
from lien.casefiles.models import CaseFile, HouseholdMember, Person, Relationship, Visit

from ..factories import CaseFileFactory, PersonFactory
from .helpers import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "test-password-123"


def _ago(days):
    return timezone.localdate() - timedelta(days=days)


def _with_password(*users):
    for user in users:
        user.set_password(PASSWORD)
        user.save()


def test_a_separation_splits_the_household_into_two_files(page, live_server, world, login):
    worker = world.users[Role.SOCIAL_WORKER]
    _with_password(worker)
    casefile = world.file
    casefile.household.members.update(joined_on=_ago(400))
    CaseFile.objects.filter(pk=casefile.pk).update(opened_on=_ago(400))
    partner = PersonFactory(birth_name="Rivière", first_names="Sonia")
    child = PersonFactory(birth_name="Rivière", first_names="Léo")
    for person, relationship in ((partner, Relationship.PARTNER), (child, Relationship.CHILD)):
        HouseholdMember.objects.create(
            household=casefile.household,
            person=person,
            relationship=relationship,
            joined_on=_ago(300),
        )
    problem, aid = casefile.problems.get(), casefile.aid_requests.get()

    login(worker)
    page.goto(f"{live_server.url}/files/{casefile.pk}/")
    page.get_by_role("link", name="Séparation").click()
    assert_accessible(page, "separation form")
    page.get_by_label(partner.full_name).first.check()
    page.get_by_label(child.full_name).first.check()
    page.get_by_label("Personne de référence du nouveau ménage").select_option(str(partner.pk))
    page.get_by_label("Séparation le").fill(_ago(2).strftime("%d/%m/%Y"))
    page.get_by_label(problem.item.label_fr).check()
    page.get_by_label(aid.aid_type.label_fr).check()
    page.get_by_label("Référent·e du nouveau dossier").select_option(str(worker.pk))
    page.get_by_role("button", name="Séparer le ménage").click()
    expect(page.get_by_text(re.compile("Le ménage est séparé"))).to_be_visible()

    new_file = CaseFile.objects.exclude(pk__in=[casefile.pk, world.other_file.pk]).get()
    assert page.url.endswith(f"/files/{new_file.pk}/")
    current = new_file.household.members.filter(left_on__isnull=True)
    assert {(m.person_id, m.relationship) for m in current} == {
        (partner.pk, Relationship.REFERENCE),
        (child.pk, Relationship.CHILD),
    }
    assert list(new_file.problems.all()) == [problem]
    assert list(new_file.aid_requests.all()) == [aid]
    assert not casefile.problems.exists() and not casefile.aid_requests.exists()
    assert casefile.household.members.filter(left_on__isnull=True).count() == 1

    # The former file keeps its past composition as history.
    page.goto(f"{live_server.url}/files/{casefile.pk}/")
    page.get_by_text("Composition passée").click()
    expect(page.get_by_text(re.compile("parti·e lors d'une séparation")).first).to_be_visible()


def test_a_merge_and_its_undo(page, live_server, world, login):
    manager = world.users[Role.MANAGER]
    _with_password(manager)
    kept = CaseFileFactory(
        office=world.office, reference__birth_name="Dupont", reference__first_names="Amina"
    ).reference_person
    duplicate = CaseFileFactory(
        office=world.office,
        reference__birth_name="Dupond",
        reference__first_names="Amina",
        reference__phone="0611223344",
    )
    absorbed = duplicate.reference_person
    Visit.objects.create(
        casefile=duplicate, person=absorbed, reason="information", logged_by=manager
    )

    login(manager)
    page.get_by_role("link", name="Doublons").first.click()
    page.get_by_label("Nom").fill("Amina")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_label(f"Conserver {kept.full_name}").check()
    page.get_by_label(f"Absorber {absorbed.full_name}").check()
    page.get_by_role("button", name="Comparer").click()
    assert_accessible(page, "comparison of two records")
    page.get_by_label("reprendre : 0611223344").check()
    page.get_by_role("button", name="Fusionner les deux personnes").click()
    expect(page.get_by_text("Les deux personnes sont fusionnées.")).to_be_visible()
    assert Person.objects.get(pk=kept.pk).phone == "0611223344"
    assert Visit.objects.get(casefile=duplicate).person_id == kept.pk
    assert duplicate.household.members.get().person_id == kept.pk

    page.get_by_role("button", name="Annuler cette fusion").click()
    expect(page.get_by_text(re.compile("La fusion est annulée"))).to_be_visible()
    assert Person.objects.get(pk=kept.pk).phone == ""
    assert Visit.objects.get(casefile=duplicate).person_id == absorbed.pk
    assert duplicate.household.members.get().person_id == absorbed.pk
    expect(page.get_by_text(re.compile("annulée le"))).to_be_visible()


def test_a_dormant_file_is_proposed_closed_then_archived(page, live_server, world, login):
    worker = world.users[Role.SOCIAL_WORKER]
    _with_password(worker)
    CaseFile.objects.filter(pk=world.file.pk).update(last_contact_on=_ago(760), opened_on=_ago(900))

    login(worker)
    dormant = page.get_by_role("heading", name=re.compile("sans contact depuis longtemps"))
    expect(dormant).to_be_visible()
    assert_accessible(page, "home page with a dormant file")
    page.get_by_role("button", name=re.compile("Clore faute de contact")).click()
    expect(page.get_by_text(re.compile(f"Le dossier n° {world.file.pk} est clos"))).to_be_visible()
    expect(dormant).to_have_count(0)
    closed = CaseFile.objects.get(pk=world.file.pk)
    assert closed.close_reason == "no_contact" and closed.archived_on is None

    call_command("apply_retention", "--wet-run")
    assert CaseFile.objects.get(pk=world.file.pk).archived_on is None
    with time_machine.travel(timezone.now() + timedelta(days=2 * 366), tick=False):
        call_command("apply_retention", "--wet-run")
    assert CaseFile.objects.get(pk=world.file.pk).archived_on is not None
