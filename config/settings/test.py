"""The test suite: the same settings, with a fast password hasher."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"  # noqa: S105
# A fixed, public key: test notes are not secret. Production requires its own.
LIEN_NOTES_KEY = "dGVzdC1vbmx5LW5vdGVzLWtleS0zMi1ieXRlcy0hISE="
# A fixed, public audit key: test logs are not evidence. Production requires its own.
LIEN_AUDIT_KEY = "test-only-audit-key-never-anywhere-else-32+"
# No anchor file unless a test gives one (a demo's anchors must not be read by tests).
LIEN_AUDIT_ANCHOR_FILE = ""
# Sealed in the writer's thread: a test sees the seals as soon as the act returns (the
# background thread is tested on its own: tests/audit/test_concurrent_appends.py).
LIEN_AUDIT_SEALER = "after-commit"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# SQLite's test databases in memory, as Django's own backend gets by default: pytest-django
# recognises that backend by its name, not django-prometheus's wrapper of it.
if "sqlite3" in DATABASES["default"]["ENGINE"]:  # noqa: F405
    DATABASES["default"].setdefault("TEST", {})["NAME"] = ":memory:"  # noqa: F405
# Argon2 is deliberately slow; tests create thousands of users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A fixed, public documents key: test documents are not secret.
LIEN_DOCUMENTS_KEY = "dGVzdC1vbmx5LWRvY3VtZW50cy1rZXktMzItYnl0ZXM="
LIEN_ALLOW_DEMO = True
# Django's test flush empties tables with DELETE on SQLite, which the guard refuses; the
# audit tests install it themselves (tests/audit/test_chain.py). PostgreSQL's flush uses
# TRUNCATE, so the guard stays there.
LIEN_AUDIT_DB_GUARD = False
# Other tests log in with force_login or the e2e `login` fixture: two-factor is off
# globally and the tests of lien.accounts turn it on with the `settings` fixture.
LIEN_OTP_REQUIRED = False
# Django's test client logs in without a request, which django-axes refuses: the tests
# use a variant that lets such logins through (the lockout tests post to the login page).
AUTHENTICATION_BACKENDS = [
    "lien.accounts.backends.LockoutBackendForTests",
    *[b for b in AUTHENTICATION_BACKENDS if b != "axes.backends.AxesStandaloneBackend"],  # noqa: F405
]
# Tasks run as soon as they are queued, in the test's process and transaction; the tests of
# the worker itself run `db_worker` in a process of its own (tests/background/).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# A test that runs `db_worker` in the test's own process must not lower that process's
# priority for the rest of the run.
LIEN_TASK_NICENESS = 0
# Nor pause the imports of the tests (tests/background/test_priority.py checks the pauses).
LIEN_TASK_PACE = 0.0
