"""Child-protection concerns: read only by their author, the office's manager and the
CRIP; never on the page shown to the person nor in the access export; counted in the
statistics as one intervention and nothing more."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from lien.accounts.roles import Role
from lien.casefiles.concerns import selectors, services
from lien.casefiles.models import ChildProtectionConcern, Partner, PartnerKind, ReminderConsent
from lien.privacy.export import build_access_export
from lien.stats.models import Kind, StatEvent

from ..factories import member

pytestmark = pytest.mark.django_db
ACCOUNT = "Enfant arrivé à l’école sans repas depuis trois jours."


@pytest.fixture
def crip():
    return Partner.objects.create(name="CRIP de la Seine-Saint-Denis", kind=PartnerKind.CRIP)


def _write(world, crip, **kwargs):
    return services.write_concern(
        actor=world.users[Role.SOCIAL_WORKER],
        casefile_id=world.file.pk,
        child_ids=[world.file.reference_person.pk],
        account=ACCOUNT,
        crip_id=crip.pk,
        **kwargs,
    )


def test_who_reads_it(world, crip):
    concern = _write(world, crip)
    readers = [
        world.users[Role.SOCIAL_WORKER],
        world.users[Role.MANAGER],
        world.users[Role.CRIP],
        member(Role.CRIP, world.other_office),  # the CRIP is the département's
    ]
    for reader in readers:
        assert selectors.concern_for(actor=reader, pk=concern.pk).account == ACCOUNT
    others = [
        member(Role.SOCIAL_WORKER, world.office),  # a colleague of the same office
        world.users[Role.SECRETARY],
        world.users[Role.DPO],
        world.users[Role.STATISTICIAN],
        world.users[Role.ADMIN],
        member(Role.MANAGER, world.other_office),
    ]
    for other in others:
        with pytest.raises(Http404):
            selectors.concern_for(actor=other, pk=concern.pk)
        assert selectors.concerns_for(actor=other) == []


def test_counted_as_one_intervention_and_nothing_else(world, crip):
    before = StatEvent.objects.filter(kind=Kind.INTERVENTION).count()
    _write(world, crip)
    events = StatEvent.objects.filter(
        kind=Kind.INTERVENTION, intervention_type=services.STATISTICAL_CODE
    )
    assert events.count() == 1
    assert StatEvent.objects.filter(kind=Kind.INTERVENTION).count() == before + 1


def test_never_shown_to_the_person_nor_exported(client, world, crip):
    concern = _write(world, crip)
    ReminderConsent.objects.create(
        casefile=world.file,
        person=world.file.reference_person,
        channel="sms",
        address="+33612345678",
        recorded_by=world.users[Role.SECRETARY],
    )
    client.force_login(world.users[Role.SOCIAL_WORKER])
    client.get(reverse("concern_detail", args=[concern.pk]))
    shown = client.get(reverse("person_view", args=[world.file.pk])).content.decode()
    assert "préoccupante" not in shown and "CRIP" not in shown and ACCOUNT not in shown
    export = json.dumps(build_access_export(world.file.reference_person, releases={}))
    assert "préoccupante" not in export and "CRIP" not in export and "repas" not in export
    assert "+33612345678" in export and "object (" not in export


def test_bad_input_saves_nothing(world, crip):
    caf = Partner.objects.create(name="CAF", kind=PartnerKind.CAF)
    with pytest.raises(ValidationError) as refused:
        services.write_concern(
            actor=world.users[Role.SOCIAL_WORKER],
            casefile_id=world.file.pk,
            child_ids=[world.other_file.reference_person.pk],
            account="  ",
            crip_id=caf.pk,
        )
    assert set(refused.value.message_dict) == {"children", "account", "crip"}
    assert not ChildProtectionConcern.objects.exists()
    assert not StatEvent.objects.filter(intervention_type=services.STATISTICAL_CODE).exists()


def test_proof_and_follow_up(world, crip):
    concern = _write(world, crip)
    crip_agent = world.users[Role.CRIP]
    with pytest.raises(Http404):  # the manager follows it up, the proof is the author's or CRIP's
        services.record_transmission_proof(
            actor=world.users[Role.MANAGER], concern_id=concern.pk, reference="AR-1"
        )
    services.record_transmission_proof(actor=crip_agent, concern_id=concern.pk, reference="AR-1")
    services.record_concern_follow_up(
        actor=world.users[Role.MANAGER], concern_id=concern.pk, follow_up="assessment"
    )
    concern.refresh_from_db()
    assert concern.proof_reference == "AR-1" and concern.proof_received_on == timezone.localdate()
    assert concern.get_follow_up_display() == "évaluation en cours"


def test_the_pages(client, world, crip):
    client.force_login(world.users[Role.SOCIAL_WORKER])
    url = reverse("file_concerns", args=[world.file.pk])
    response = client.post(
        url,
        {
            "children": [world.file.reference_person.pk],
            "account": ACCOUNT,
            "crip": crip.pk,
            "sent_on": timezone.localdate().strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    concern = ChildProtectionConcern.objects.get()
    client.force_login(world.users[Role.CRIP])
    inbox = client.get(reverse("concern_list")).content.decode()
    assert world.file.reference_person.full_name in inbox
    assert ACCOUNT in client.get(reverse("concern_detail", args=[concern.pk])).content.decode()
    assert client.get(reverse("casefile_detail", args=[world.file.pk])).status_code == 404
    client.force_login(world.users[Role.SECRETARY])
    assert client.get(reverse("concern_detail", args=[concern.pk])).status_code == 404
    assert client.get(url).status_code == 404
