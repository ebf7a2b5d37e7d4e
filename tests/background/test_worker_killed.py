"""The task worker killed (SIGKILL) in the middle of an import and of a retention run, then
started again: each job is finished once, with the right counts; the same file uploaded
again is refused. Each test runs `manage.py db_worker` in a process of its own against a
database of its own (a file on SQLite; a throwaway database on the PostgreSQL of
DATABASE_URL), since the worker cannot see a test's transaction."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
IMPORTED = 3000  # households: long enough to be killed while writing them
RETAINED = 150  # closed files, in batches of 5


@contextmanager
def _database(tmp_path):
    """A DATABASE_URL of its own, and a function that runs one SQL query on it."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        name = f"lien_worker_{uuid.uuid4().hex[:10]}"
        base = psycopg.conninfo.conninfo_to_dict(url.replace("postgres://", "postgresql://", 1))
        admin = psycopg.connect(**{**base, "dbname": "postgres"}, autocommit=True)
        admin.execute(f'CREATE DATABASE "{name}"')
        own = {**base, "dbname": name}

        def query(sql):
            with psycopg.connect(**own, autocommit=True) as connection:
                return connection.execute(sql).fetchall()

        try:
            yield query, urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
        finally:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            admin.close()
    else:
        path = tmp_path / "lien.sqlite3"

        def query(sql):
            with sqlite3.connect(path, timeout=20) as connection:
                return connection.execute(sql).fetchall()

        yield query, f"sqlite:///{path}"


def _environment(url, tmp_path):
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "tests.background.worker_settings",
        "LIEN_VAR_DIR": str(tmp_path),
        "PYTHONPATH": str(ROOT),
    }


def _run(environment, *args):
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _worker(environment, log):
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _wait_for(condition, what, seconds=180):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"waited {seconds} s for {what}")


def _stop(worker):
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def _job(query, job_id):
    rows = query("SELECT id, status, stage, attempts, counts FROM background_job")
    [(status, stage, attempts, counts)] = [row[1:] for row in rows if row[0] == int(job_id)]
    return status, stage, attempts, counts if isinstance(counts, dict) else json.loads(counts)


@pytest.fixture
def database(tmp_path):
    with _database(tmp_path) as (query, url):
        environment = _environment(url, tmp_path)
        _run(environment, "manage.py", "migrate", "--noinput", "--verbosity", "0")
        yield environment, query


def test_a_killed_import_is_finished_once_and_the_file_is_not_imported_twice(database, tmp_path):
    environment, query = database
    import_id, job_id = _run(
        environment, "-m", "tests.background.scenario", "import", str(IMPORTED)
    ).split()
    with open(tmp_path / "worker.log", "w") as log:
        worker = _worker(environment, log)
        try:
            _wait_for(lambda: _job(query, job_id)[1] == "writing", "the import to write")
            time.sleep(0.3)  # inside the transaction that writes the households
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait()
        status, _stage, attempts, _counts = _job(query, job_id)
        # Killed half-way: nothing written, the job still marked running by a dead worker.
        assert (status, attempts) == ("running", 1)
        assert query("SELECT COUNT(*) FROM casefiles_household") == [(0,)]

        worker = _worker(environment, log)
        try:
            _wait_for(lambda: _job(query, job_id)[0] in ("done", "failed"), "the import to end")
        finally:
            _stop(worker)
    status, _stage, attempts, _counts = _job(query, job_id)
    assert (status, attempts) == ("done", 2)
    assert query("SELECT id, status, imported, length(content) FROM casefiles_householdimport") == [
        (int(import_id), "done", IMPORTED, 0)
    ]
    assert query("SELECT COUNT(*) FROM casefiles_household") == [(IMPORTED,)]
    assert query("SELECT COUNT(*) FROM casefiles_person") == [(2 * IMPORTED,)]
    refusal = _run(environment, "-m", "tests.background.scenario", "again", str(IMPORTED))
    assert "refused: Ce fichier a déjà été importé le" in refusal
    assert "3 000 foyers" in refusal.replace("\xa0", " ").replace("\u202f", " ")


def test_a_killed_retention_run_is_finished_once_with_every_file_counted(database, tmp_path):
    environment, query = database
    job_id = _run(environment, "-m", "tests.background.scenario", "retention", str(RETAINED))
    with open(tmp_path / "worker.log", "w") as log:
        worker = _worker(environment, log)
        try:
            _wait_for(
                lambda: _job(query, job_id)[3].get("anonymise", 0) >= 20,
                "some files to be anonymised",
            )
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait()
        status, _stage, _attempts, counts = _job(query, job_id)
        assert status == "running" and counts["archive"] == RETAINED
        assert counts["anonymise"] < RETAINED

        worker = _worker(environment, log)
        try:
            _wait_for(lambda: _job(query, job_id)[0] in ("done", "failed"), "retention to end")
        finally:
            _stop(worker)
    status, _stage, attempts, counts = _job(query, job_id)
    assert (status, attempts) == ("done", 2)
    assert counts == {"archive": RETAINED, "anonymise": RETAINED}
    assert query("SELECT COUNT(*) FROM casefiles_casefile WHERE anonymised_on IS NOT NULL") == [
        (RETAINED,)
    ]
    assert query("SELECT COUNT(*) FROM casefiles_person WHERE birth_name <> ''") == [(0,)]
