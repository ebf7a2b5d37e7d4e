from datetime import timedelta

import pytest
from django.apps import apps
from django.db import OperationalError
from django.utils import timezone

from lien.audit.models import Action, AuditEvent, PendingSeal
from lien.audit.services import record
from lien.monitoring import health

pytestmark = pytest.mark.django_db


def test_healthy_service_answers_200_without_a_session(client):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok" and body["failing"] == []
    assert body["checks"]["database"]["ok"] and body["checks"]["audit"]["ok"]
    assert response["Cache-Control"].startswith("max-age=0")


def test_health_check_is_not_audited(client):
    before = AuditEvent.objects.count()
    client.get("/healthz")
    assert AuditEvent.objects.count() == before


def test_database_that_does_not_answer_gives_503(client, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", Unreachable())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["database"]
    # The error's name only: a database message may quote a row.
    assert response.json()["checks"]["database"]["error"] == "OperationalError"
    assert "refused" not in response.content.decode()


def test_unreadable_audit_head_gives_503(client, monkeypatch):
    def broken_head():
        raise OperationalError("no such table: audit_auditseal")

    monkeypatch.setattr(health, "head", broken_head)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["audit"]


def test_events_piling_up_unsealed_give_503(client, settings):
    settings.LIEN_AUDIT_SEALER = "periodic"  # nobody seals: the sealer has stopped
    settings.LIEN_HEALTH_MAX_WAITING_SEALS = 2
    record(actor=None, action=Action.LOGIN_FAILED)
    assert client.get("/healthz").status_code == 200
    record(actor=None, action=Action.LOGIN_FAILED)
    assert PendingSeal.objects.count() == 2
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["audit"]
    assert response.json()["checks"]["audit"]["waiting"] == 2


@pytest.mark.skipif(apps.is_installed("django_tasks_db"), reason="a task queue is installed")
def test_without_a_task_queue_the_check_is_skipped(client):
    assert "tasks" not in client.get("/healthz").json()["checks"]


@pytest.mark.skipif(not apps.is_installed("django_tasks_db"), reason="no task queue")
def test_a_task_waiting_too_long_gives_503(client, settings):
    from django_tasks_db.models import DBTaskResult, get_date_max

    settings.LIEN_HEALTH_MAX_TASK_LAG_SECONDS = 60
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="lien.example",
        backend_name="default",
        run_after=get_date_max(),
    )
    assert client.get("/healthz").json()["checks"]["tasks"]["ok"]
    DBTaskResult.objects.filter(pk=task.pk).update(
        enqueued_at=timezone.now() - timedelta(minutes=5)
    )
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["failing"] == ["tasks"]
    assert response.json()["checks"]["tasks"]["oldest_waiting_seconds"] >= 300
