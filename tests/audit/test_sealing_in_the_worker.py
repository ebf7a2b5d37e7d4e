"""LIEN_AUDIT_SEALER=worker: no request seals; the task worker seals what every process
wrote, every LIEN_AUDIT_SEAL_EVERY seconds, in one chain."""

import pytest

from lien.audit.chain import verify
from lien.audit.models import AuditSeal, PendingSeal
from lien.audit.sealer import seal_every

from .conftest import logins

pytestmark = pytest.mark.django_db


class _Rounds:
    """A stop event that lets `rounds` rounds run, calling `between` before each."""

    def __init__(self, rounds, between=lambda: None):
        self.left, self.between, self.timeouts = rounds, between, []

    def wait(self, timeout):
        self.timeouts.append(timeout)
        if self.left == 0:
            return True
        self.left -= 1
        self.between()
        return False


def test_in_worker_mode_a_commit_seals_nothing(world, settings, django_capture_on_commit_callbacks):
    settings.LIEN_AUDIT_SEALER = "worker"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        logins(world, 3, sealed=False)
    assert callbacks == []
    assert PendingSeal.objects.count() == 3 and not AuditSeal.objects.exists()


def test_the_worker_seals_each_round_what_waits(world, settings):
    settings.LIEN_AUDIT_SEALER = "worker"
    logins(world, 2, sealed=False)
    stop = _Rounds(2, between=lambda: logins(world, 1, sealed=False))
    seal_every(0.5, stop)
    assert stop.timeouts == [0.5, 0.5, 0.5]
    assert not PendingSeal.objects.exists() and AuditSeal.objects.count() == 4
    verdict = verify()
    assert verdict.intact and verdict.checked == 4


@pytest.mark.parametrize(("mode", "seals"), [("worker", True), ("background", False)])
def test_db_worker_runs_the_sealer_beside_its_tasks_in_worker_mode(
    monkeypatch, settings, mode, seals
):
    from lien.background.management.commands import db_worker

    settings.LIEN_AUDIT_SEALER, settings.LIEN_AUDIT_SEAL_EVERY = mode, 0.25
    calls = []
    monkeypatch.setattr(db_worker, "give_way_to_the_desk", lambda: 10)
    monkeypatch.setattr(db_worker, "_sweep_and_log", lambda: None)
    monkeypatch.setattr("lien.audit.sealer.seal_every", lambda seconds, stop: calls.append(seconds))
    monkeypatch.setattr(db_worker.DatabaseWorkerCommand, "handle", lambda self, *a, **o: None)
    started = []
    real_start = db_worker.start_companions
    monkeypatch.setattr(
        db_worker, "start_companions", lambda stop: started.extend(real_start(stop)) or started
    )
    db_worker.Command().handle()
    sealer = [thread for thread in started if thread.name == "audit-sealer"]
    assert len(sealer) == 1  # registered by the audit app when it was ready
    sealer[0].join(2)
    assert calls == ([0.25] if seals else [])
