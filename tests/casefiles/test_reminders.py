"""Appointment reminders: sent only with the person's consent, never after it is
withdrawn, retried after a failure with a growing wait, visible to the worker, and every
message audited without its text or address."""

import io
import json
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lien.accounts.roles import Role
from lien.audit.models import AuditEvent
from lien.background.models import Job, JobStatus
from lien.casefiles.models import ReminderConsent, ReminderMessage
from lien.casefiles.reminders import sending, services, sms, tasks
from lien.casefiles.reminders.models import MessageFailure, MessageStatus
from lien.casefiles.reminders.phone import normalise_mobile

pytestmark = pytest.mark.django_db


class FailingSms:
    """A provider that cannot be reached, then answers: counts its calls."""

    calls = 0
    fail_first = 0

    def send(self, to, text):
        type(self).calls += 1
        if type(self).calls <= type(self).fail_first:
            raise sms.SmsError(refused=False)


@pytest.fixture
def appointment(world):
    return world.file.appointments.get()  # tomorrow at 14:00: within the next 24 hours


def _consent(world, channel="email", address="personne@example.org"):
    return services.record_consent(
        actor=world.users[Role.SECRETARY],
        casefile_id=world.file.pk,
        person_id=world.file.reference_person.pk,
        channel=channel,
        address=address,
    )


def _just_before(appointment):
    return appointment.starts_at - timedelta(hours=20)


def test_no_consent_no_message(world, appointment):
    counts = sending.send_due(_just_before(appointment))
    assert counts.sent == 0 and len(mail.outbox) == 0
    assert not ReminderMessage.objects.exists()


def test_an_email_says_only_the_date_time_and_place(world, appointment):
    world.office.address = "12 rue de l'Exemple\n93000 Bobigny"
    world.office.save()
    _consent(world)
    counts = sending.send_due(_just_before(appointment))
    assert counts.sent == 1 and len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["personne@example.org"]
    assert message.body.startswith("Rappel : rendez-vous le ")
    assert "14:00" in message.body and "12 rue de l'Exemple 93000 Bobigny" in message.body
    person = world.file.reference_person
    worker = world.users[Role.SOCIAL_WORKER]
    for secret in (person.birth_name, person.first_names, worker.last_name, "dossier", "social"):
        assert secret not in message.body and secret not in message.subject
    # Sent once: a second run finds nothing to do.
    assert sending.send_due(_just_before(appointment)).sent == 0 and len(mail.outbox) == 1


def test_an_sms_through_the_console_backend(world, appointment, capsys):
    _consent(world, channel="sms", address="06 12 34 56 78")
    assert ReminderConsent.objects.get().address == "+33612345678"
    assert sending.send_due(_just_before(appointment)).sent == 1
    printed = capsys.readouterr().out
    assert "SMS to +33612345678: Rappel : rendez-vous le " in printed


def test_never_after_withdrawal(world, appointment):
    consent = _consent(world)
    services.withdraw_consent(actor=world.users[Role.SECRETARY], consent_id=consent.pk)
    assert sending.send_due(_just_before(appointment)).sent == 0
    assert len(mail.outbox) == 0
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate()
    assert consent.withdrawal_recorded_by == world.users[Role.SECRETARY]


def test_a_message_waiting_when_consent_is_withdrawn_is_not_sent(world, appointment, settings):
    settings.LIEN_SMS_BACKEND = "tests.casefiles.test_reminders.FailingSms"
    FailingSms.calls, FailingSms.fail_first = 0, 1
    consent = _consent(world, channel="sms", address="+33712345678")
    now = _just_before(appointment)
    assert sending.send_due(now).failed == 1
    services.withdraw_consent(actor=world.users[Role.SECRETARY], consent_id=consent.pk)
    assert sending.send_due(now + timedelta(hours=1)).sent == 0
    assert FailingSms.calls == 1
    assert ReminderMessage.objects.get().status == MessageStatus.CANCELLED


def test_failures_are_retried_with_a_growing_wait_then_given_up(world, appointment, settings):
    settings.LIEN_SMS_BACKEND = "tests.casefiles.test_reminders.FailingSms"
    settings.LIEN_REMINDER_RETRY_MINUTES, settings.LIEN_REMINDER_MAX_ATTEMPTS = 10, 3
    FailingSms.calls, FailingSms.fail_first = 0, 99
    _consent(world, channel="sms", address="+33712345678")
    now = _just_before(appointment)
    sending.send_due(now)
    message = ReminderMessage.objects.get()
    assert (message.status, message.attempts) == (MessageStatus.RETRYING, 1)
    assert message.failure == MessageFailure.UNREACHABLE
    assert message.next_attempt_at == now + timedelta(minutes=10)
    sending.send_due(now + timedelta(minutes=5))  # too early: not tried
    assert FailingSms.calls == 1
    sending.send_due(now + timedelta(minutes=10))
    message.refresh_from_db()
    assert message.attempts == 2 and message.next_attempt_at == now + timedelta(minutes=30)
    sending.send_due(now + timedelta(minutes=30))
    message.refresh_from_db()
    assert (message.status, message.attempts, FailingSms.calls) == (MessageStatus.GAVE_UP, 3, 3)
    sending.send_due(now + timedelta(hours=5))
    assert FailingSms.calls == 3


def test_a_failure_then_success(world, appointment, settings):
    settings.LIEN_SMS_BACKEND = "tests.casefiles.test_reminders.FailingSms"
    FailingSms.calls, FailingSms.fail_first = 0, 1
    _consent(world, channel="sms", address="+33712345678")
    now = _just_before(appointment)
    sending.send_due(now)
    sending.send_due(now + timedelta(hours=1))
    message = ReminderMessage.objects.get()
    assert (message.status, message.attempts, message.failure) == (MessageStatus.SENT, 2, "")


def test_every_try_is_audited_without_its_content(world, appointment):
    _consent(world, address="secret.adresse@example.org")
    sending.send_due(_just_before(appointment))
    message = ReminderMessage.objects.get()
    events = AuditEvent.objects.filter(object_kind="remindermessage", object_id=str(message.pk))
    assert events.count() == 1
    event = events.get()
    assert event.household_id == world.file.household_id and event.actor_id is None
    flat = json.dumps([str(v) for v in event.__dict__.values()])
    assert "secret.adresse" not in flat and "Rappel" not in flat


def test_the_worker_sees_which_failed(client, world, appointment, settings):
    settings.LIEN_SMS_BACKEND = "tests.casefiles.test_reminders.FailingSms"
    FailingSms.calls, FailingSms.fail_first = 0, 99
    _consent(world, channel="sms", address="+33712345678")
    sending.send_due(_just_before(appointment))
    client.force_login(world.users[Role.SOCIAL_WORKER])
    page = client.get(reverse("reminder_consents", args=[world.file.pk])).content.decode()
    assert "échec, nouvel essai prévu" in page


def test_the_task_runs_in_the_worker(world, appointment, time_machine):
    _consent(world)
    time_machine.move_to(_just_before(appointment))
    job = tasks.enqueue_reminders()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.counts["sent"] == 1
    assert len(mail.outbox) == 1 and Job.objects.filter(kind="reminders").count() == 1


def test_the_command(world, appointment, time_machine):
    _consent(world)
    time_machine.move_to(_just_before(appointment))
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    assert "Envoyés : 1 ;" in out.getvalue() and len(mail.outbox) == 1


@pytest.mark.parametrize(
    "typed, kept",
    [
        ("06 12 34 56 78", "+33612345678"),
        ("07.12.34.56.78", "+33712345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0033612345678", "+33612345678"),
        ("+44 7700 900123", "+447700900123"),
        ("+262 692 12 34 56", "+262692123456"),
    ],
)
def test_mobile_numbers_accepted(typed, kept):
    assert normalise_mobile(typed) == kept


@pytest.mark.parametrize(
    "typed", ["01 23 45 67 89", "+33 1 23 45 67 89", "08 00 00 00 00", "612345678", "abc", ""]
)
def test_numbers_that_are_not_mobiles_are_refused(world, typed):
    with pytest.raises(ValidationError) as refused:
        _consent(world, channel="sms", address=typed)
    assert "numéro de portable" in " ".join(refused.value.messages)
    assert not ReminderConsent.objects.exists()


def test_the_provider_api_with_a_fake_transport(settings):
    settings.LIEN_SMS_API_URL = "https://sms.example.org/v3/sms"
    settings.LIEN_SMS_API_KEY, settings.LIEN_SMS_SENDER = "key-123", "CD93"
    posted = []

    def transport(url, headers, body):
        posted.append((url, headers, json.loads(body)))
        return 201

    sms.HttpJsonSmsBackend(transport=transport).send("+33612345678", "Rappel")
    url, headers, body = posted[0]
    assert url == "https://sms.example.org/v3/sms" and headers["api-key"] == "key-123"
    assert body == {
        "sender": "CD93",
        "recipient": "33612345678",
        "content": "Rappel",
        "type": "transactional",
    }
    for status, refused in [(400, True), (500, False), (429, False)]:
        with pytest.raises(sms.SmsError) as failed:
            sms.HttpJsonSmsBackend(transport=lambda *a, s=status: s).send("+33612345678", "x")
        assert failed.value.refused is refused

    def unreachable(*args):
        raise OSError("no route")

    with pytest.raises(sms.SmsError) as failed:
        sms.HttpJsonSmsBackend(transport=unreachable).send("+33612345678", "x")
    assert failed.value.refused is False
