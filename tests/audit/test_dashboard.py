"""The DPO's dashboard and audit extract."""

import csv
import io
from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from lien.accounts.roles import Role
from lien.audit.models import Action, AuditEvent
from lien.audit.services import record, record_for_file
from lien.casefiles.files import selectors as file_selectors

from ..factories import CaseFileFactory
from ..prepared_files import download_prepared

pytestmark = pytest.mark.django_db


def test_the_dashboard_is_the_dpo_s_only(client, world):
    for role in Role.values:
        client.force_login(world.users[role])
        expected = 200 if role == Role.DPO else 404
        assert client.get("/audit/dashboard/").status_code == expected, role


def test_it_flags_files_opened_outside_the_caseload(client, world, settings):
    settings.LIEN_ANOMALY_FILES_OUTSIDE_CASELOAD = 3
    worker = world.users[Role.SOCIAL_WORKER]
    for _ in range(3):
        file_selectors.casefile_for(actor=worker, pk=CaseFileFactory(office=world.office).pk)
    file_selectors.casefile_for(actor=worker, pk=world.file.pk)  # their own: not counted
    client.force_login(world.users[Role.DPO])
    board = client.get("/audit/dashboard/").context["board"]
    assert [(a.username, a.count) for a in board.outside_caseload] == [(worker.username, 3)]
    # Two files only: below the threshold.
    settings.LIEN_ANOMALY_FILES_OUTSIDE_CASELOAD = 4
    assert client.get("/audit/dashboard/").context["board"].outside_caseload == []


def test_it_flags_night_reads_bulk_exports_lockouts_and_break_glass(client, world):
    worker = world.users[Role.SOCIAL_WORKER]
    night = timezone.make_aware(datetime.combine(timezone.localdate(), datetime.min.time()))
    with time_machine.travel(night + timedelta(hours=2), tick=False):
        file_selectors.casefile_for(actor=worker, pk=world.file.pk)
    with time_machine.travel(night + timedelta(hours=10), tick=False):
        file_selectors.casefile_for(actor=worker, pk=world.file.pk)  # daytime: not flagged
        record(actor=worker, action=Action.EXPORT, object_kind="files", result_count=400)
        record(actor=None, action=Action.LOCKED_OUT, object_kind="user", object_id=worker.pk)
        record_for_file(
            actor=worker,
            action=Action.BREAK_GLASS,
            casefile=world.other_file,
            reason="Urgence <b>signalée</b>",
        )
        client.force_login(world.users[Role.DPO])
        response = client.get("/audit/dashboard/")
    board = response.context["board"]
    assert [(a.username, a.count) for a in board.night] == [(worker.username, 1)]
    assert [e.result_count for e in board.bulk_exports] == [400]
    assert len(board.lockouts) == 1
    assert [e.reason for e in board.break_glass] == ["Urgence <b>signalée</b>"]
    page = response.content.decode()
    assert "Urgence &lt;b&gt;signalée&lt;/b&gt;" in page
    assert f"?username={worker.username}" in page  # drill-down to the events
    today = board.days[-1]
    assert today.reads >= 2


def _extract(client, **data):
    """The form's answer, or the extract the task worker wrote when it was accepted."""
    response = client.post(
        "/audit/extract/",
        {
            "since": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "until": timezone.localdate().isoformat(),
            "reason": "Plainte du 3 mars",
            **data,
        },
    )
    if response.status_code == 302:
        return download_prepared(client, response)
    return response


def test_the_extract_for_one_household_is_a_csv_and_is_recorded(client, world):
    worker = world.users[Role.SOCIAL_WORKER]
    file_selectors.casefile_for(actor=worker, pk=world.file.pk)
    file_selectors.casefile_for(actor=world.other_worker, pk=world.other_file.pk)
    dpo = world.users[Role.DPO]
    client.force_login(dpo)
    client.post("/account/confirm/", {"password": "test-password-123"})
    response = _extract(client, subject="household", household_id=world.file.household_id)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Date et heure"
    assert [r[1] for r in rows[1:]] == [worker.username]
    event = AuditEvent.objects.get(action=Action.EXPORT, actor=dpo)
    assert event.reason == "Plainte du 3 mars" and event.result_count == 1
    assert event.household_id == world.file.household_id


def test_the_extract_for_one_agent_neutralises_spreadsheet_formulas(client, world):
    worker = world.users[Role.SOCIAL_WORKER]
    record(actor=worker, action=Action.UPDATE, reason='=HYPERLINK("http://x")')
    client.force_login(world.users[Role.DPO])
    client.post("/account/confirm/", {"password": "test-password-123"})
    response = _extract(client, subject="agent", username=worker.username)
    text = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_the_extract_form_explains_its_errors(client, world):
    client.force_login(world.users[Role.DPO])
    client.post("/account/confirm/", {"password": "test-password-123"})
    response = _extract(client, subject="agent", username="personne", reason="")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ce champ est obligatoire" in page
    response = _extract(client, subject="agent", username="personne")
    assert "Aucun agent n&#x27;a cet identifiant" in response.content.decode()
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.DPO])
def test_the_extract_is_refused_to_other_roles(client, world, role):
    client.force_login(world.users[role])
    client.post("/account/confirm/", {"password": "test-password-123"})
    assert client.get("/audit/extract/").status_code == 404
