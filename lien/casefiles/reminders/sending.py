"""Sending the reminders that are due: run by the task worker (`tasks.py`), never by a
user, so it takes no actor. Each message is its own transaction, its row locked: a run
killed midway, or two runs at once, send each reminder once.

The consent is read again at the moment of sending: a reminder whose consent was
withdrawn, or whose appointment was moved, cancelled or is past, is not sent. Every try
is an audit event (the message's id and the file, never its text nor the address)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from lien.audit.models import Action
from lien.audit.services import record_for_file
from lien.base.words import long_date

from ..appointments.models import Appointment, AppointmentStatus
from ..files.models import FileStatus
from .models import (
    MessageFailure,
    MessageStatus,
    ReminderChannel,
    ReminderConsent,
    ReminderMessage,
)
from .sms import SmsError, get_backend


def reminder_text(appointment: Appointment) -> str:
    """The date, the time and the place: nothing about why, nor with whom. Always in
    French (the person's language, not the agent's)."""
    office = appointment.casefile.office
    place = ", ".join(part for part in (office.name, " ".join(office.address.split())) if part)
    starts = timezone.localtime(appointment.starts_at)
    with translation.override("fr"):
        return _("Reminder: appointment on %(day)s at %(time)s, %(place)s.") % {
            "day": long_date(starts.date()),
            "time": formats.time_format(starts.time(), "H:i"),
            "place": place,
        }


@dataclass
class SendingCounts:
    created: int = 0
    sent: int = 0
    failed: int = 0
    cancelled: int = 0


def plan_reminders(now: datetime) -> int:
    """A message for each running consent of a person whose planned appointment starts
    within the next LIEN_REMINDER_HOURS_BEFORE hours, unless it has one already."""
    horizon = now + timedelta(hours=settings.LIEN_REMINDER_HOURS_BEFORE)
    appointments = Appointment.objects.filter(
        status=AppointmentStatus.PLANNED,
        starts_at__gt=now,
        starts_at__lte=horizon,
        casefile__archived_on__isnull=True,
        casefile__status=FileStatus.OPEN,
    )
    created = 0
    for appointment in appointments:
        consents = ReminderConsent.objects.filter(
            person_id=appointment.person_id,
            withdrawn_on__isnull=True,
            given_on__lte=timezone.localdate(now),
        )
        for consent in consents:
            _message, new = ReminderMessage.objects.get_or_create(
                appointment=appointment, consent=consent, defaults={"next_attempt_at": now}
            )
            created += new
    return created


def _still_wanted(message: ReminderMessage, now: datetime) -> bool:
    consent, appointment = message.consent, message.appointment
    return (
        consent.withdrawn_on is None
        and appointment.status == AppointmentStatus.PLANNED
        and appointment.starts_at > now
        and appointment.casefile.archived_on is None
    )


def _deliver(message: ReminderMessage) -> None:
    text = reminder_text(message.appointment)
    if message.consent.channel == ReminderChannel.EMAIL:
        with translation.override("fr"):
            subject = _("Reminder of your appointment")
        send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [message.consent.address])
    else:
        get_backend().send(message.consent.address, text)


def _backoff(attempts: int) -> timedelta:
    return timedelta(minutes=settings.LIEN_REMINDER_RETRY_MINUTES * 2 ** (attempts - 1))


def send_one(message_id: int, now: datetime) -> str:
    """Sends one due message; answers its new status."""
    with transaction.atomic():
        message = (
            ReminderMessage.objects.select_for_update()
            .select_related("consent", "appointment__casefile__office")
            .filter(
                pk=message_id,
                status__in=(MessageStatus.PENDING, MessageStatus.RETRYING),
                next_attempt_at__lte=now,
            )
            .first()
        )
        if message is None:  # sent or cancelled meanwhile
            return ""
        casefile = message.appointment.casefile
        try:
            # Every try is traced, before it is made. A file under a limitation of
            # processing refuses the write: nothing is sent from it either.
            record_for_file(actor=None, action=Action.UPDATE, casefile=casefile, obj=message)
        except ValidationError:
            message.status = MessageStatus.CANCELLED
            message.save()
            return message.status
        if not _still_wanted(message, now):
            message.status = MessageStatus.CANCELLED
        else:
            message.attempts += 1
            try:
                _deliver(message)
            except (SmsError, OSError) as error:
                refused = isinstance(error, SmsError) and error.refused
                message.failure = MessageFailure.REFUSED if refused else MessageFailure.UNREACHABLE
                gave_up = message.attempts >= settings.LIEN_REMINDER_MAX_ATTEMPTS
                message.status = MessageStatus.GAVE_UP if gave_up else MessageStatus.RETRYING
                message.next_attempt_at = now + _backoff(message.attempts)
            else:
                message.status, message.sent_at = MessageStatus.SENT, now
                message.failure = MessageFailure.NONE
        message.save()
        return message.status


def send_due(now: datetime | None = None) -> SendingCounts:
    now = now or timezone.now()
    counts = SendingCounts(created=plan_reminders(now))
    due = ReminderMessage.objects.filter(
        status__in=(MessageStatus.PENDING, MessageStatus.RETRYING), next_attempt_at__lte=now
    ).values_list("pk", flat=True)
    for message_id in list(due):
        status = send_one(message_id, now)
        if status == MessageStatus.SENT:
            counts.sent += 1
        elif status in (MessageStatus.RETRYING, MessageStatus.GAVE_UP):
            counts.failed += 1
        elif status == MessageStatus.CANCELLED:
            counts.cancelled += 1
    return counts
