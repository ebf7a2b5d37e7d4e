"""Production: the same code, configured only through the environment.

It refuses to start rather than run with a guessable secret, an open host list or a
file database that a multi-process server would corrupt under load.
"""

import os

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def _required(name: str, hint: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"Lien refuses to start: the environment variable {name} is not set. {hint}"
        )
    return value


SECRET_KEY = _required(
    "SECRET_KEY",
    "Set a long random value, e.g. `python -c 'import secrets; print(secrets.token_urlsafe(50))'`.",
)
LIEN_NOTES_KEY = _required(
    "LIEN_NOTES_KEY",
    "Set the key that encrypts the notes, e.g. `python -c 'from cryptography.fernet import Fernet; "
    "print(Fernet.generate_key().decode())'`, and keep it apart from the database backups.",
)
LIEN_DOCUMENTS_KEY = _required(
    "LIEN_DOCUMENTS_KEY",
    "Set the key that encrypts the documents, made like LIEN_NOTES_KEY and different from "
    "it, and keep it apart from the database backups.",
)
for _name, _key in (("LIEN_NOTES_KEY", LIEN_NOTES_KEY), ("LIEN_DOCUMENTS_KEY", LIEN_DOCUMENTS_KEY)):
    try:
        Fernet(_key.encode())
    except ValueError:
        raise ImproperlyConfigured(
            f"Lien refuses to start: {_name} is not a valid key (32 url-safe base64 bytes)."
        ) from None
LIEN_AUDIT_KEY = _required(
    "LIEN_AUDIT_KEY",
    "Set the key that seals the audit log, e.g. `python -c 'import secrets; "
    "print(secrets.token_urlsafe(32))'`, and keep it outside the database and its backups.",
)
if len(LIEN_AUDIT_KEY) < 32:
    raise ImproperlyConfigured(
        "Lien refuses to start: LIEN_AUDIT_KEY is too short (at least 32 characters)."
    )
ALLOWED_HOSTS = [
    h.strip()
    for h in _required(
        "ALLOWED_HOSTS",
        "Set the comma-separated host names Lien answers to, e.g. lien.departement.fr.",
    ).split(",")
    if h.strip()
]
_url = _required(
    "DATABASE_URL", "Set a PostgreSQL URL, e.g. postgres://lien:password@db.internal:5432/lien."
)
if not _url.startswith(("postgres://", "postgresql://")):
    raise ImproperlyConfigured(
        "Lien refuses to start: in production DATABASE_URL must name a PostgreSQL database (postgres://…); SQLite is for the demo and tests."
    )

if not LIEN_AUDIT_READS:  # noqa: F405
    raise ImproperlyConfigured(
        "Lien refuses to start: LIEN_AUDIT_READS is off, and every read of personal data must be logged in production."
    )

DEBUG = False
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
# A load balancer may ask for the health check over plain HTTP on the internal network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# The "preload" directive only allows the host to be submitted to browsers' preload list.
SECURE_HSTS_PRELOAD = os.environ.get("LIEN_HSTS_PRELOAD", "1") == "1"
# `migrate` gives up on a lock it cannot get within this delay rather than let every
# request queue behind it (lien/base/management/commands/migrate.py, docs/admin/upgrade.md).
LIEN_MIGRATE_LOCK_TIMEOUT = os.environ.get("LIEN_MIGRATE_LOCK_TIMEOUT", "5s")
LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "INFO")  # noqa: F405
if LIEN_METRICS_TOKEN and len(LIEN_METRICS_TOKEN) < 32:  # noqa: F405
    raise ImproperlyConfigured(
        "Lien refuses to start: LIEN_METRICS_TOKEN is too short (at least 32 characters)."
    )
