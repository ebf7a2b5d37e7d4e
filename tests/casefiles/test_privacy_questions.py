"""The case files ask privacy about the persons' rights through
`lien.casefiles.privacy_questions`, never by importing it: privacy answers every question
when Django starts, and a question asked with no answer fails instead of answering "no"."""

from dataclasses import fields
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from lien.accounts.roles import Role
from lien.casefiles import privacy_questions
from lien.casefiles.documents import services as document_services
from lien.casefiles.notes import crypto
from lien.casefiles.privacy_questions import PrivacyAnswers, privacy
from lien.privacy import services as privacy_services
from lien.privacy.models import NoteRelease

from ..factories import release_every_note


def test_privacy_answered_every_question_at_start_up():
    answers = privacy()
    for question in fields(PrivacyAnswers):
        answer = getattr(answers, question.name)
        assert callable(answer), question.name
        assert answer.__module__.startswith("lien.privacy."), question.name


@pytest.mark.django_db
def test_a_question_left_unanswered_fails_rather_than_lets_the_write_through(world, monkeypatch):
    monkeypatch.setattr(privacy_questions, "_answers", [])
    with pytest.raises(ImproperlyConfigured):
        document_services.attach_document(
            actor=world.users[Role.SOCIAL_WORKER],
            casefile_id=world.file.pk,
            kind="identity",
            uploaded=None,
        )


@pytest.mark.django_db
def test_the_key_rotation_re_encrypts_the_released_notes_of_privacy_too(world, settings):
    rights = privacy_services.open_rights_request(
        actor=world.users[Role.DPO],
        casefile_id=world.file.pk,
        person_name=world.file.reference_person.birth_name,
        kind="access",
    )
    release_every_note(rights)
    assert NoteRelease.objects.exclude(released_text="").exists()
    old_key = settings.LIEN_NOTES_KEY
    settings.LIEN_NOTES_KEY = Fernet.generate_key().decode()
    settings.LIEN_NOTES_OLD_KEYS = [old_key]

    call_command("rotate_notes_key", "--wet-run", stdout=StringIO())

    with connection.cursor() as cursor:
        cursor.execute("SELECT released_text FROM privacy_noterelease WHERE released_text <> ''")
        stored = [row[0] for row in cursor.fetchall()]
    assert stored and all(text.startswith(crypto.current_prefix()) for text in stored)
