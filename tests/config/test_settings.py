"""Production settings refuse to start on an incomplete environment, with a clear message."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from config.settings.base import database_from_url

GOOD = {
    "SECRET_KEY": "x" * 50,
    "ALLOWED_HOSTS": "lien.example.org",
    "DATABASE_URL": "postgres://lien:secret@db.internal:5432/lien",
    "LIEN_NOTES_KEY": "cHJvZC10ZXN0LW5vdGVzLWtleS0zMi1ieXRlcy0hISE=",
    "LIEN_DOCUMENTS_KEY": "cHJvZC10ZXN0LWRvY3VtZW50cy1rZXktMzItYnl0ZSE=",
    "LIEN_AUDIT_KEY": "prod-test-audit-key-of-at-least-32-chars",
}


def _start_prod(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in GOOD}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings.prod", **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )


def test_production_starts_with_a_complete_environment():
    result = _start_prod(GOOD)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("missing", sorted(GOOD))
def test_production_refuses_to_start_without(missing):
    result = _start_prod({k: v for k, v in GOOD.items() if k != missing})
    assert result.returncode != 0
    assert f"environment variable {missing} is not set" in result.stderr


def test_production_refuses_sqlite():
    result = _start_prod({**GOOD, "DATABASE_URL": "sqlite:///tmp/lien.sqlite3"})
    assert result.returncode != 0
    assert "must name a PostgreSQL database" in result.stderr


def test_production_refuses_a_malformed_notes_key():
    result = _start_prod({**GOOD, "LIEN_NOTES_KEY": "too-short"})
    assert result.returncode != 0
    assert "LIEN_NOTES_KEY is not a valid key" in result.stderr


def test_production_refuses_a_short_audit_key():
    result = _start_prod({**GOOD, "LIEN_AUDIT_KEY": "too-short"})
    assert result.returncode != 0
    assert "LIEN_AUDIT_KEY is too short" in result.stderr


def test_sqlite_is_set_up_for_a_web_server():
    config = database_from_url("sqlite:////tmp/x.sqlite3")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["timeout"] >= 5


def test_postgresql_plans_for_data_in_memory(monkeypatch):
    """A random read priced as a sequential one: the search looks up its matches by key
    instead of reading the person table (config/settings/base.py)."""
    config = database_from_url("postgres://lien@db/lien?sslmode=require")
    assert config["OPTIONS"]["options"] == "-c random_page_cost=1.1"
    assert config["OPTIONS"]["sslmode"] == "require"
    monkeypatch.setenv("LIEN_PG_RANDOM_PAGE_COST", "4")
    assert database_from_url("postgres://lien@db/lien")["OPTIONS"]["options"] == (
        "-c random_page_cost=4"
    )


@pytest.mark.django_db
def test_a_postgresql_connection_takes_it():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"


@pytest.mark.django_db
def test_the_test_database_runs_with_those_settings():
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1


def test_production_logs_every_read():
    """LIEN_AUDIT_READS exists for the load test's measure only (config/settings/bench.py)."""
    clean = {k: v for k, v in os.environ.items() if k not in GOOD}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.LIEN_AUDIT_READS)",
        ],
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings.prod", **GOOD},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
    source = (settings.BASE_DIR / "config" / "settings" / "prod.py").read_text()
    assert "if not LIEN_AUDIT_READS" in source  # and prod.py refuses to start without it


def test_the_load_test_settings_start_and_seal_notes():
    """config/settings/bench.py builds on base.py: a setting production requires must be
    given there too, or `make bench-load` fails after building its data."""
    clean = {k: v for k, v in os.environ.items() if k not in GOOD}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.core.management import call_command; "
            "call_command('check'); from lien.casefiles.notes.crypto import seal, unseal; "
            "print(unseal(seal('x'))); from lien.audit.keys import current_key_id; "
            "current_key_id()",
        ],
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings.bench"},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("x")


def test_production_refuses_a_short_metrics_token():
    result = _start_prod({**GOOD, "LIEN_METRICS_TOKEN": "short"})
    assert result.returncode != 0
    assert "LIEN_METRICS_TOKEN is too short" in result.stderr


def test_database_queries_are_counted_for_the_metrics():
    # SQLite's engine is django-prometheus's with the writers' queue (lien/base/sqlite3_writers).
    from django_prometheus.db.backends.sqlite3.base import DatabaseWrapper as Counted

    from lien.base.sqlite3_writers.base import DatabaseWrapper

    assert database_from_url("sqlite:////tmp/x.sqlite3")["ENGINE"] == "lien.base.sqlite3_writers"
    assert issubclass(DatabaseWrapper, Counted)
    assert database_from_url("postgres://lien@db/lien")["ENGINE"] == (
        "django_prometheus.db.backends.postgresql"
    )


@pytest.mark.parametrize("module", ["config.settings.dev", "config.settings.prod"])
def test_every_settings_module_reads_the_former_notes_keys(module):
    """A rotation can be rehearsed on a demo or staging copy: not only production reads
    LIEN_NOTES_OLD_KEYS."""
    code = "from django.conf import settings; print(settings.LIEN_NOTES_OLD_KEYS)"
    clean = {k: v for k, v in os.environ.items() if k not in GOOD}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={
            **clean,
            **GOOD,
            "DJANGO_SETTINGS_MODULE": module,
            "LIEN_NOTES_OLD_KEYS": "b2xkLWtleS1vbmU=, b2xkLWtleS10d28=",
        },
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['b2xkLWtleS1vbmU=', 'b2xkLWtleS10d28=']"
