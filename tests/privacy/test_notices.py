"""Information notices: versioned texts, recording that a person was given one, the
banner on the file page, the printable notice, the administrator's edition."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from lien.accounts.roles import Role
from lien.audit.models import AuditEvent
from lien.privacy import selectors, services
from lien.privacy.models import NoticeGiven, NoticeText
from lien.privacy.notices import ensure_default_notice

pytestmark = pytest.mark.django_db


def _reference(casefile):
    return casefile.household.members.get(relationship="reference").person


def test_recording_a_notice_given_is_audited_with_the_version_in_force(world):
    worker = world.users[Role.SOCIAL_WORKER]
    person = _reference(world.file)
    newer = NoticeText.objects.create(
        version=2, title_fr="T", title_en="T", text_fr="Texte 2", text_en="Text 2"
    )
    given = services.record_notice_given(
        actor=worker, casefile_id=world.file.pk, person_id=person.pk, method="read_aloud"
    )
    assert given.notice == newer
    assert given.given_by == worker and given.given_on == timezone.localdate()
    event = AuditEvent.objects.get(object_kind="noticegiven", object_id=str(given.pk))
    assert event.action == "create" and event.household_id == world.file.household_id


def test_a_notice_not_yet_in_force_is_not_given(world):
    NoticeText.objects.create(
        version=2,
        title_fr="T",
        title_en="T",
        text_fr="Futur",
        text_en="Future",
        published_on=timezone.localdate() + timedelta(days=10),
    )
    assert NoticeText.current().version == 1


def test_refusals_name_their_field_and_save_nothing(world):
    worker = world.users[Role.SECRETARY]
    stranger = _reference(world.other_file)
    with pytest.raises(ValidationError) as error:
        services.record_notice_given(
            actor=worker,
            casefile_id=world.file.pk,
            person_id=stranger.pk,
            method="shouted",
            given_on=timezone.localdate() + timedelta(days=1),
        )
    assert set(error.value.error_dict) == {"person", "method", "given_on"}
    assert not NoticeGiven.objects.exists()
    assert not AuditEvent.objects.filter(object_kind="noticegiven").exists()


def test_without_a_notice_in_force_nothing_is_recorded(world):
    NoticeText.objects.all().delete()
    with pytest.raises(ValidationError):
        services.record_notice_given(
            actor=world.users[Role.SOCIAL_WORKER],
            casefile_id=world.file.pk,
            person_id=_reference(world.file).pk,
            method="handed",
        )


def test_another_office_cannot_record_nor_read(world):
    with pytest.raises(Http404):
        services.record_notice_given(
            actor=world.other_worker,
            casefile_id=world.file.pk,
            person_id=_reference(world.file).pk,
            method="handed",
        )
    with pytest.raises(Http404):
        selectors.notice_status_for(actor=world.other_worker, casefile_id=world.file.pk)


def test_the_file_page_shows_the_banner_until_the_reference_person_is_informed(client, world):
    url = reverse("casefile_detail", args=[world.file.pk])
    record_url = reverse("record_notice", args=[world.file.pk])
    for role in (Role.SOCIAL_WORKER, Role.SECRETARY):
        client.force_login(world.users[role])
        page = client.get(url).content.decode()
        assert "notice-banner" in page and record_url in page
    # The manager sees that the person was not informed, without the button.
    client.force_login(world.users[Role.MANAGER])
    page = client.get(url).content.decode()
    assert "notice-banner" in page and record_url not in page

    client.force_login(world.users[Role.SECRETARY])
    person = _reference(world.file)
    response = client.post(
        record_url,
        {"person": person.pk, "method": "handed", "given_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    given = NoticeGiven.objects.get()
    assert given.person == person and given.method == "handed"
    assert "notice-banner" not in client.get(url).content.decode()


def test_the_form_shows_errors_next_to_the_field_in_french(client, world):
    client.force_login(world.users[Role.SOCIAL_WORKER])
    response = client.post(
        reverse("record_notice", args=[world.file.pk]),
        {"person": _reference(world.file).pk, "method": "handed", "given_on": "2999-01-01"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["given_on"]  # the service's refusal, next to its field
    assert "La date ne peut pas être dans le futur." in response.content.decode()
    assert not NoticeGiven.objects.exists()


def test_the_printable_notice_in_both_languages(client, world):
    client.force_login(world.users[Role.SECRETARY])
    french = client.get(reverse("notice_print"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Vos droits" in french and "CNIL" in french
    client.cookies.load({"django_language": "en"})
    english = client.get(reverse("notice_print_version", args=[1])).content.decode()
    assert "Your rights" in english
    assert client.get(reverse("notice_print_version", args=[99])).status_code == 404


def test_the_default_notice_is_loaded_once():
    first = ensure_default_notice()
    assert ensure_default_notice() == first
    assert NoticeText.objects.count() == 1


def test_the_administrator_edits_notices_but_not_one_already_given(client, world):
    admin_user = world.users[Role.ADMIN]
    admin_user.is_staff = True
    admin_user.save()
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:privacy_noticetext_add"),
        {
            "version": 2,
            "published_on": timezone.localdate().isoformat(),
            "title_fr": "Notice 2",
            "text_fr": "Nouveau texte",
            "title_en": "Notice 2",
            "text_en": "New text",
        },
    )
    assert response.status_code == 302
    assert NoticeText.current().version == 2
    services.record_notice_given(
        actor=world.users[Role.SOCIAL_WORKER],
        casefile_id=world.file.pk,
        person_id=_reference(world.file).pk,
        method="sent",
    )
    notice = NoticeText.objects.get(version=2)
    change = reverse("admin:privacy_noticetext_change", args=[notice.pk])
    page = client.get(change).content.decode()
    assert 'name="text_fr"' not in page  # read-only once given
    delete = client.get(reverse("admin:privacy_noticetext_delete", args=[notice.pk]))
    assert delete.status_code == 403
    # A social worker, even with the staff flag, reaches no notice in the admin.
    worker = world.users[Role.SOCIAL_WORKER]
    worker.is_staff = True
    worker.save()
    client.force_login(worker)
    assert client.get(reverse("admin:privacy_noticetext_changelist")).status_code == 403


def test_the_file_page_and_the_notice_page_see_the_same_notices_of_current_members(world):
    """The file page passes the members it read; the notice page asks the database: the
    same notices either way, a former member's left out."""
    from lien.casefiles.files.selectors import casefile_for
    from lien.casefiles.models import HouseholdMember, Person

    worker = world.users[Role.SOCIAL_WORKER]
    child = Person.objects.create(birth_name="Ancien", first_names="Membre")
    member = HouseholdMember.objects.create(
        household_id=world.file.household_id, person=child, relationship="child"
    )
    for person in (_reference(world.file), child):
        services.record_notice_given(
            actor=worker, casefile_id=world.file.pk, person_id=person.pk, method="read_aloud"
        )
    HouseholdMember.objects.filter(pk=member.pk).update(left_on=timezone.localdate())

    asked = selectors.notice_status_for(actor=worker, casefile_id=world.file.pk)
    read = casefile_for(actor=worker, pk=world.file.pk, every_member=True)
    passed = selectors.notice_status_of(actor=worker, casefile=read)
    assert {g.person_id for g in asked.given} == {_reference(world.file).pk}
    assert [g.pk for g in passed.given] == [g.pk for g in asked.given]
