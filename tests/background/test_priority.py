"""The task worker lowers its own processor priority when it starts, and its long jobs
pause between their steps on PostgreSQL, so that an import does not slow down the
agents' requests on the same machine."""

import os
import subprocess
import sys
from unittest import mock

import pytest
from django.db import connections

from lien.background.priority import Pacing, give_way_to_the_desk, pacing_for


def test_the_worker_process_gives_way_by_the_niceness_set(settings):
    """In a child process (niceness cannot be raised back): LIEN_TASK_NICENESS 10 lowers
    it by 10, 0 leaves it."""
    code = (
        "import os, django; django.setup();"
        "from django.conf import settings;"
        "from lien.background.priority import give_way_to_the_desk;"
        "before = os.nice(0); settings.LIEN_TASK_NICENESS = {step};"
        "print(give_way_to_the_desk() - before)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    for step, expected in ((10, 10), (0, 0)):
        out = subprocess.run(
            [sys.executable, "-c", code.format(step=step)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert int(out.split()[-1]) == min(expected, 19 - os.nice(0))


def test_db_worker_gives_way_before_taking_a_task(monkeypatch):
    from lien.background.management.commands import db_worker

    calls = []
    monkeypatch.setattr(db_worker, "give_way_to_the_desk", lambda: calls.append("nice") or 10)
    monkeypatch.setattr(db_worker, "_sweep_and_log", lambda: calls.append("sweep"))
    monkeypatch.setattr(
        db_worker.DatabaseWorkerCommand, "handle", lambda self, *a, **o: calls.append("tasks")
    )
    db_worker.Command().handle()
    assert calls == ["nice", "sweep", "tasks"]


def test_without_niceness_the_priority_is_left(settings):
    settings.LIEN_TASK_NICENESS = 0
    assert give_way_to_the_desk() == os.nice(0)


class _Clock:
    def __init__(self, tick=0.0):
        self.now, self.slept, self.tick = 100.0, [], tick

    def __call__(self):
        self.now += self.tick  # the work between two readings
        return self.now

    def sleep(self, seconds):
        self.slept.append(round(seconds, 3))
        self.now += seconds


@pytest.mark.parametrize(("ratio", "pauses"), [(1.0, [0.3, 0.5]), (2.0, [0.6, 1.0]), (0.0, [])])
def test_a_paced_job_pauses_in_proportion_to_each_step(ratio, pauses):
    clock = _Clock()
    pacing = Pacing(ratio, sleep=clock.sleep, clock=clock)
    for step in (0.3, 0.5):
        clock.now += step  # the step's work
        pacing.step_done()
    assert clock.slept == pauses


def test_jobs_are_paced_on_postgresql_only(settings):
    settings.LIEN_TASK_PACE = 1.5
    vendor = connections["default"].vendor
    assert pacing_for().ratio == (1.5 if vendor == "postgresql" else 0.0)
    with mock.patch.object(connections["default"], "vendor", "postgresql"):
        assert pacing_for().ratio == 1.5
    with mock.patch.object(connections["default"], "vendor", "sqlite"):
        assert pacing_for().ratio == 0.0


@pytest.mark.django_db
def test_an_import_pauses_between_its_batches_not_before_its_commit(world, monkeypatch):
    from lien.casefiles.imports import services
    from lien.casefiles.imports.reading import plan_import, read_rows
    from lien.casefiles.models import CaseFile

    clock = _Clock(tick=0.25)
    monkeypatch.setattr(services, "pacing_for", lambda: Pacing(1.0, sleep=clock.sleep, clock=clock))
    monkeypatch.setattr(services, "PACED_BATCH", 4)
    header = "foyer;lien;nom_naissance;nom_usage;prenoms;date_naissance;sexe;code_postal;ouvert_le"
    rows = [f"H{n};référence;Rivière;;Anne{n};;F;93000;" for n in range(10)]
    plan = plan_import(read_rows("foyers.csv", "\n".join([header, *rows]).encode()))
    count = services.import_households(
        actor=world.users["manager"], office_id=world.office.pk, plan=plan
    )
    assert count == 10 and CaseFile.objects.filter(office=world.office).count() == 11
    assert len(clock.slept) == 2  # batches of 4, 4 and 2: two pauses, none at the end
