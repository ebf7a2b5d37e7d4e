"""An adjournment in session, then its letter: the request stays submitted and comes
back among the requests waiting for a session; the letter to the person says what is
missing, the documents the committee named when the worker types nothing."""

import re
from io import BytesIO

import pytest
from django.utils import timezone
from pypdf import PdfReader

from lien.accounts.roles import Role
from lien.casefiles.committees import selectors, services
from lien.casefiles.committees.services import SessionDecision
from lien.casefiles.letters import services as letter_services
from lien.casefiles.models import AgendaOutcome, AidStatus, DocumentKind, LetterTemplate

from ...factories import member
from .schemes import scheme, submitted

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", text)


def test_the_adjournment_letter_names_the_documents_awaited(world):
    secretary = member(Role.COMMITTEE_SECRETARY, world.office)
    fsl = scheme()
    aid = submitted(world.file, fsl)
    session = services.create_session(
        actor=secretary, scheme_id=fsl.pk, held_on=timezone.localdate(), member_ids=[secretary.pk]
    )
    entry = services.put_on_agenda(actor=secretary, session_id=session.pk, aid_request_id=aid.pk)
    services.record_session_decision(
        actor=secretary,
        entry_id=entry.pk,
        decision=SessionDecision(
            outcome=AgendaOutcome.ADJOURNED,
            missing_documents=[DocumentKind.RESOURCES, DocumentKind.HOUSING],
        ),
    )
    aid.refresh_from_db()
    assert aid.status == AidStatus.SUBMITTED
    # Back among the requests waiting for a session, for a later agenda.
    later = services.create_session(
        actor=secretary, scheme_id=fsl.pk, held_on=timezone.localdate(), member_ids=[secretary.pk]
    )
    services.close_session(actor=secretary, session_id=session.pk)
    assert aid in selectors.requests_awaiting_session(actor=secretary, session=later)

    produced = letter_services.produce_letter(
        actor=world.users[Role.SOCIAL_WORKER],
        casefile_id=world.file.pk,
        template_id=LetterTemplate.objects.get(kind="adjourned").pk,
        aid_request_id=aid.pk,
    )
    text = _text(produced.content)
    labels = dict(DocumentKind.choices)
    assert str(labels[DocumentKind.RESOURCES]) in text
    assert str(labels[DocumentKind.HOUSING]) in text
