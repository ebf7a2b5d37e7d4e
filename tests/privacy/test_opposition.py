"""Opposition to statistics: once the household's reference person opposed, the household
adds nothing more to the statistical layer, and the help goes on exactly as before."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from lien.accounts.roles import Role
from lien.audit.models import AuditEvent
from lien.casefiles.aid import services as aid_services
from lien.casefiles.households import services as household_services
from lien.casefiles.households.services import PersonData
from lien.casefiles.models import Intervention
from lien.casefiles.problems import services as problem_services
from lien.catalog.models import Family
from lien.privacy import services
from lien.privacy.models import StatisticsOpposition
from lien.stats.models import StatEvent

from ..factories import ItemFactory

pytestmark = pytest.mark.django_db


def _reference(casefile):
    return casefile.household.members.get(relationship="reference").person


def _intervene(world):
    return problem_services.record_intervention(
        actor=world.users[Role.SOCIAL_WORKER],
        casefile_id=world.file.pk,
        item_id=ItemFactory(family=Family.INTERVENTION).pk,
    )


def test_events_stop_and_help_continues(world):
    worker = world.users[Role.SOCIAL_WORKER]
    before = StatEvent.objects.count()
    _intervene(world)
    assert StatEvent.objects.count() > before  # counted while nobody opposed

    opposition = services.record_statistics_opposition(
        actor=world.users[Role.SECRETARY],
        casefile_id=world.file.pk,
        person_id=_reference(world.file).pk,
    )
    assert opposition.opposed_on == timezone.localdate()
    counted = StatEvent.objects.count()

    # Help goes on: interventions, aid requests, their decisions are all recorded…
    intervention = _intervene(world)
    aid = aid_services.create_aid_request(
        actor=worker,
        casefile_id=world.file.pk,
        aid_type_id=ItemFactory(family=Family.AID).pk,
        amount_requested=Decimal("120"),
    )
    aid_services.submit_aid_request(actor=worker, aid_request_id=aid.pk)
    assert Intervention.objects.filter(pk=intervention.pk).exists()
    # …but the household adds nothing more to the statistics.
    assert StatEvent.objects.count() == counted
    # Another household, without opposition, is still counted.
    problem_services.record_intervention(
        actor=world.other_worker,
        casefile_id=world.other_file.pk,
        item_id=ItemFactory(family=Family.INTERVENTION).pk,
    )
    assert StatEvent.objects.count() > counted


def test_an_opposition_of_another_member_does_not_remove_the_household(world):
    partner = household_services.add_household_member(
        actor=world.users[Role.SOCIAL_WORKER],
        casefile_id=world.file.pk,
        person=PersonData(birth_name="Durand", first_names="Léa"),
        relationship="partner",
    ).person
    services.record_statistics_opposition(
        actor=world.users[Role.SOCIAL_WORKER], casefile_id=world.file.pk, person_id=partner.pk
    )
    before = StatEvent.objects.count()
    _intervene(world)
    assert StatEvent.objects.count() > before


def test_the_opposition_is_audited_recorded_once_and_scoped(world):
    person = _reference(world.file)
    opposition = services.record_statistics_opposition(
        actor=world.users[Role.SOCIAL_WORKER], casefile_id=world.file.pk, person_id=person.pk
    )
    event = AuditEvent.objects.get(object_kind="statisticsopposition")
    assert event.object_id == str(opposition.pk) and event.action == "create"
    with pytest.raises(ValidationError) as error:
        services.record_statistics_opposition(
            actor=world.users[Role.SOCIAL_WORKER], casefile_id=world.file.pk, person_id=person.pk
        )
    assert "person" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        services.record_statistics_opposition(
            actor=world.users[Role.SOCIAL_WORKER],
            casefile_id=world.file.pk,
            person_id=_reference(world.other_file).pk,
            opposed_on=timezone.localdate() + timedelta(days=2),
        )
    assert set(error.value.error_dict) == {"person", "opposed_on"}
    with pytest.raises(Http404):
        services.record_statistics_opposition(
            actor=world.other_worker, casefile_id=world.file.pk, person_id=person.pk
        )
    with pytest.raises(Http404):
        services.record_statistics_opposition(
            actor=world.users[Role.MANAGER], casefile_id=world.file.pk, person_id=person.pk
        )
    assert StatisticsOpposition.objects.count() == 1


def test_the_file_page_links_to_the_form_and_shows_the_opposition(client, world):
    client.force_login(world.users[Role.SECRETARY])
    url = reverse("record_statistics_opposition", args=[world.file.pk])
    assert url in client.get(reverse("casefile_detail", args=[world.file.pk])).content.decode()
    person = _reference(world.file)
    response = client.post(
        url, {"person": person.pk, "opposed_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 302
    page = client.get(reverse("casefile_detail", args=[world.file.pk])).content.decode()
    assert "statistics-opposition" in page and "badge" in page
    # A second time: the refusal sits next to the person field.
    response = client.post(
        url, {"person": person.pk, "opposed_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["person"]
