from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from lien.accounts.models import OfficeMembership, User
from lien.accounts.roles import Role
from lien.audit.models import AuditEvent
from lien.casefiles.models import (
    AidRequest,
    Appointment,
    CaseFile,
    Intervention,
    Note,
    Person,
    Problem,
    Visit,
)
from lien.demo.accounts import DEMO_PASSWORD
from lien.demo.week import DORMANT_BIRTH_NAME
from lien.offices.models import Office
from lien.privacy.models import NoticeText

pytestmark = pytest.mark.django_db


def _counts():
    return [
        m.objects.count()
        for m in (
            Office,
            User,
            OfficeMembership,
            CaseFile,
            Person,
            Problem,
            Intervention,
            Note,
            AidRequest,
            Visit,
            Appointment,
            NoticeText,
        )
    ]


def test_seed_demo_builds_a_departement_and_is_idempotent():
    out = StringIO()
    with translation.override("en"):  # as another test may leave it: the output stays French
        call_command("seed_demo", households=24, stdout=out)
    assert Office.objects.count() == 4
    for role in Role.values:
        assert OfficeMembership.objects.filter(role=role).values("office").distinct().count() == 4
    # The households asked for, and the dormant file the week adds in each office big enough.
    dormant = CaseFile.objects.filter(
        household__members__person__birth_name=DORMANT_BIRTH_NAME
    ).count()
    assert 1 <= dormant <= 4
    assert CaseFile.objects.count() == 24 + dormant
    for model in (Problem, Intervention, Note, AidRequest, Visit, Appointment):
        assert model.objects.exists(), model
    assert Person.objects.count() > 24  # partners and children too
    # A default information notice, in French and English.
    notice = NoticeText.current()
    assert notice.version == 1 and "CNIL" in notice.text_fr and "CNIL" in notice.text_en
    # It printed every account and the password, and each logs in with it.
    text = out.getvalue()
    assert "as-bobigny" in text and DEMO_PASSWORD in text
    # Each account with its role in words (the installation's French, whatever language
    # this test process has active), never the role's code.
    assert not any(code in text for code in ("social_worker", "statistician", " secretary "))
    with translation.override(settings.LANGUAGE_CODE):
        assert str(Role.SOCIAL_WORKER.label) in text and str(Role.SECRETARY.label) in text
    assert User.objects.get(username="secretaire-bobigny").check_password(DEMO_PASSWORD)
    # Made through the services: the audit trail is there.
    assert AuditEvent.objects.filter(action="create", object_kind="casefile").count() == (
        24 + dormant
    )
    before = _counts()
    call_command("seed_demo", households=24, stdout=StringIO())
    assert _counts() == before


def test_seed_demo_refuses_outside_demo_settings(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    settings.LIEN_ALLOW_DEMO = False
    with pytest.raises(CommandError):
        call_command("seed_demo", households=4, stdout=StringIO())


def test_the_demo_shows_the_week_to_each_role():
    """Tasks on the worker's home page, reminders with consent (one withdrawn), referrals
    with an answer, a concern the CRIP receives, visits without a file, a dormant file."""
    from lien.casefiles.concerns.selectors import concerns_for
    from lien.casefiles.deadlines.selectors import tasks_for
    from lien.casefiles.dormant.selectors import dormant_for_referent
    from lien.casefiles.models import Referral, ReminderConsent
    from lien.casefiles.referrals.models import ReferralAnswer
    from lien.stats.models import Kind, StatEvent

    call_command("seed_demo", households=48, stdout=StringIO())
    worker = User.objects.get(username="as-bobigny")
    assert len(tasks_for(actor=worker)) == 4
    consents = ReminderConsent.objects.filter(casefile__office__code="bobigny")
    assert consents.count() == 3 and consents.filter(withdrawn_on__isnull=False).count() == 1
    referrals = Referral.objects.filter(casefile__office__code="bobigny")
    assert set(referrals.values_list("answer", flat=True)) == {
        ReferralAnswer.ACCEPTED,
        ReferralAnswer.WAITING,
    }
    assert referrals.filter(items__isnull=False).exists()
    assert len(concerns_for(actor=User.objects.get(username="crip-bobigny"))) == 4
    assert StatEvent.objects.filter(kind=Kind.ANONYMOUS_VISIT).count() == 12
    assert len(dormant_for_referent(actor=worker)) >= 1
    client = Client()
    client.force_login(worker)
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Renouvellement de la complémentaire santé solidaire" in home


def _households() -> list[tuple]:
    """What the demo's households are, without their dates nor their ids."""
    return sorted(
        (
            casefile.office.code,
            casefile.status,
            casefile.referent.username if casefile.referent else "",
            tuple(sorted(m.person.full_name for m in casefile.household.members.all())),
            tuple(sorted(p.item.code for p in casefile.problems.all())),
            tuple(sorted((a.aid_type.code, a.status) for a in casefile.aid_requests.all())),
        )
        for casefile in CaseFile.objects.select_related("office", "referent", "household")
    )


def test_the_demo_holds_the_same_households_whatever_the_day():
    """Its dates follow the day it is built, its households do not: one built at 00:45 in
    Paris drew different households than one built the day before, and the file the pages'
    walk needed had no aid request left (tests/web/demo_samples.py)."""
    import time_machine
    from django.db import transaction

    built = []
    for moment in ("2026-12-04 12:00+01:00", "2026-12-05 00:45+01:00", "2027-03-01 09:00+01:00"):
        with time_machine.travel(moment, tick=False), transaction.atomic():
            call_command("seed_demo", households=8, stdout=StringIO())
            built.append(_households())
            transaction.set_rollback(True)
    assert built[0] and built[0] == built[1] == built[2]
