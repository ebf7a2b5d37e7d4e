"""The task worker lowers its own processor priority when it starts, so that an import
does not slow down the agents' requests on the same machine."""

import os
import subprocess
import sys

from lien.background.priority import give_way_to_the_desk


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
