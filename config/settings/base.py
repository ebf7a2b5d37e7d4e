"""Settings shared by every environment.

Everything that differs between a laptop and production comes from the environment;
`prod.py` only refuses to start when the environment is incomplete.
"""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("LIEN_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]

# Lien's apps come first: their templates and their French translations take precedence
# over Django's own (Django translates "Log in" as "Connexion", Lien as "Se connecter").
INSTALLED_APPS = [
    "lien.base",
    "lien.web",
    "lien.offices",
    "lien.accounts",
    "lien.catalog",
    "lien.casefiles",
    "lien.casefiles.break_glass",
    "lien.audit",
    "lien.privacy",
    "lien.stats",
    "lien.demo",
    "lien.backup",
    "lien.storage",
    "lien.monitoring",
    # Before django_tasks_db, whose `db_worker` command Lien's extends.
    "lien.background",
    "lien.api",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "template_partials",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_prometheus",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    # First and last: django-prometheus times the whole request and counts it by view.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lien.audit.middleware.RequestIdMiddleware",
    # The log lines' user id and route template (lien/monitoring/logs.py).
    "lien.monitoring.logs.RequestLogContextMiddleware",
    # After the request id, so that an expiry is audited with it; before the login
    # requirement, so that an expired session is sent to the login page with a message.
    "lien.accounts.middleware.IdleTimeoutMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "lien.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes requires: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lien.web.context_processors.navigation",
                "lien.web.context_processors.choices",
                "lien.accounts.context_processors.security",
                "lien.accounts.context_processors.session",
            ],
            # "1er juillet" wherever a template writes a date (lien/base/words.py).
            "builtins": ["lien.base.templatetags.french_dates"],
        },
    },
]

# Django's form templates with a few of Lien's found first (lien/base/form_renderer.py).
FORM_RENDERER = "lien.base.form_renderer.FormRenderer"


def database_from_url(url: str) -> dj_database_url.DBConfig:
    """A database from its URL; SQLite gets the settings that make it safe for a web server.

    WAL lets readers work while one writer writes; IMMEDIATE transactions take the write
    lock at BEGIN so that two writers queue instead of failing half-way with "database is
    locked"; the busy timeout is how long a writer waits in that queue.
    """
    config = dj_database_url.parse(url, conn_max_age=0 if url.startswith("sqlite") else 60)
    is_sqlite = config["ENGINE"] == "django.db.backends.sqlite3"
    # django-prometheus's wrapper of the same backend counts the queries (/metrics).
    config["ENGINE"] = config["ENGINE"].replace(
        "django.db.backends.", "django_prometheus.db.backends."
    )
    if is_sqlite:
        # Write transactions queue on a lock file and retry when busy (its docstring).
        config["ENGINE"] = "lien.base.sqlite3_writers"
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
    else:
        # Lien's data is read from memory (its tables fit in the server's cache) or an SSD:
        # a random read costs about a sequential one, not PostgreSQL's default of four.
        # With the default, a search for "ma" read the whole person table in parallel and
        # hashed it (42 ms at 244,533 persons) rather than look up its 2,800 matches by
        # key (18 ms). Set for Lien's connections; LIEN_PG_RANDOM_PAGE_COST changes it.
        options = config.setdefault("OPTIONS", {})
        cost = os.environ.get("LIEN_PG_RANDOM_PAGE_COST", "1.1")
        options["options"] = f"{options.get('options', '')} -c random_page_cost={cost}".strip()
    return config


DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'lien.sqlite3'}")
DATABASES = {"default": database_from_url(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work (imports, retention, key rotation, statistical secrecy): Django's tasks
# framework, its tasks kept in Lien's own database and run by `manage.py db_worker`
# (docs/admin/task-worker.md). No other server, on SQLite as on PostgreSQL.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A job with no sign of progress for this long, whose worker is not known alive, is failed
# (an import's uploaded file erased); longer than the longest transaction of a job.
LIEN_TASK_STUCK_AFTER = int(os.environ.get("LIEN_TASK_STUCK_AFTER", 30 * 60))
# How often a worker looks for the jobs of dead workers and for stuck jobs.
LIEN_TASK_SWEEP_SECONDS = int(os.environ.get("LIEN_TASK_SWEEP_SECONDS", 60))
# How much the task worker lowers its processor priority (nice) when it starts, so that
# the web workers on the same machine go first (lien/background/priority.py); 0 leaves it.
LIEN_TASK_NICENESS = int(os.environ.get("LIEN_TASK_NICENESS", 10))
# On PostgreSQL, a long job (an import) pauses after each of its steps this many times
# as long as the step took, so that it never holds the database server's cores for
# minutes (lien/background/priority.py); 0: no pause (a night import, say).
LIEN_TASK_PACE = float(os.environ.get("LIEN_TASK_PACE", 1.0))
# How many times a job is started again after its worker died, before it is failed.
LIEN_TASK_MAX_ATTEMPTS = 3
# A file prepared by the worker for an agent (an export) is erased after this many hours.
LIEN_PREPARED_FILE_HOURS = int(os.environ.get("LIEN_PREPARED_FILE_HOURS", 24))
# An uploaded spreadsheet checked and never confirmed is erased after this many hours.
LIEN_IMPORT_CHECKED_HOURS = int(os.environ.get("LIEN_IMPORT_CHECKED_HOURS", 24))

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First, as django-axes requires: it refuses a locked account before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Length over complexity, as the French security agency (ANSSI) and the CNIL advise:
# about 80 bits of entropy for a password used alone (12 characters of four kinds, or a
# long passphrase), no breached or common password, no forced periodic renewal.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "lien.accounts.passwords.StrengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "lien.accounts.passwords.BreachedPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions: sent back to the login page after LIEN_IDLE_TIMEOUT seconds without a request
# (lien.accounts.middleware), and after SESSION_COOKIE_AGE whatever the activity.
LIEN_IDLE_TIMEOUT = int(os.environ.get("LIEN_IDLE_TIMEOUT", 30 * 60))
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 10 * 60 * 60))
# Sensitive acts (the audit extract, the access export, break-glass, bulk exports) ask for
# the password again when it was last given longer ago than this.
LIEN_FRESH_AUTH_SECONDS = int(os.environ.get("LIEN_FRESH_AUTH_SECONDS", 5 * 60))
# Saved when it changes only: the last activity, once a minute (lien.accounts.middleware).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy: only Lien's own files, no inline script (the one script tag
# carries the request's nonce), no inline style, no eval (htmx is configured through a
# meta tag in base.html so that it needs neither), no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Two-factor authentication (django-otp): TOTP with backup codes, required for every role
# that can read personal data (lien.accounts.policy.needs_second_factor).
LIEN_OTP_REQUIRED = os.environ.get("LIEN_OTP_REQUIRED", "1") == "1"
OTP_TOTP_ISSUER = os.environ.get("LIEN_OTP_ISSUER", "Lien")

# Lockout after repeated failed logins (django-axes), by account *and* address together:
# failures typed from one workstation lock that account from that workstation only, so
# that nobody can lock a colleague out of their own (lien/accounts/lockout.py). The
# owner is told by e-mail and at their next login.
AXES_FAILURE_LIMIT = int(os.environ.get("LIEN_LOCKOUT_FAILURES", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LIEN_LOCKOUT_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "lien.accounts.lockout.client_address"
# Behind a reverse proxy (nginx), how many trusted proxies add themselves to
# X-Forwarded-For: the lockout then reads the client's address, not the proxy's.
LIEN_PROXY_COUNT = int(os.environ.get("LIEN_PROXY_COUNT", 0))
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "lien.accounts.views.locked_out"
# Lien's own audit log records logins; axes keeps only the failed attempts it counts.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_SENSITIVE_PARAMETERS = ["password", "token"]

# E-mail: the password links and the lockout notices. The demo prints them on the
# console (dev.py); production sends them through the organisation's mail server.
EMAIL_BACKEND = os.environ.get("LIEN_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("LIEN_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("LIEN_EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("LIEN_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("LIEN_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("LIEN_EMAIL_TLS", "0") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("LIEN_EMAIL_FROM", "lien@localhost")
# Appointment reminders to the persons who consented (lien/casefiles/reminders): sent this
# many hours before the appointment, tried again after a failure with a doubling wait
# (LIEN_REMINDER_RETRY_MINUTES, then twice that...) up to LIEN_REMINDER_MAX_ATTEMPTS tries.
# SMS through LIEN_SMS_BACKEND: the console by default; a provider's JSON API with
# lien.casefiles.reminders.sms.HttpJsonSmsBackend and the three settings below.
LIEN_REMINDER_HOURS_BEFORE = int(os.environ.get("LIEN_REMINDER_HOURS_BEFORE", 24))
LIEN_REMINDER_RETRY_MINUTES = int(os.environ.get("LIEN_REMINDER_RETRY_MINUTES", 10))
LIEN_REMINDER_MAX_ATTEMPTS = int(os.environ.get("LIEN_REMINDER_MAX_ATTEMPTS", 5))
LIEN_SMS_BACKEND = os.environ.get(
    "LIEN_SMS_BACKEND", "lien.casefiles.reminders.sms.ConsoleSmsBackend"
)
LIEN_SMS_API_URL = os.environ.get(
    "LIEN_SMS_API_URL", "https://api.brevo.com/v3/transactionalSMS/sms"
)
LIEN_SMS_API_KEY = os.environ.get("LIEN_SMS_API_KEY", "")
LIEN_SMS_SENDER = os.environ.get("LIEN_SMS_SENDER", "Lien")
# A password link is valid this long (Django's default is 3 days).
PASSWORD_RESET_TIMEOUT = int(os.environ.get("LIEN_PASSWORD_LINK_SECONDS", 24 * 60 * 60))
# The address of Lien, for the links sent from a command (no request to read it from).
LIEN_BASE_URL = os.environ.get("LIEN_BASE_URL", "http://127.0.0.1:8000")

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
# Dates, times and amounts the French way in every language (lien/base/formats).
FORMAT_MODULE_PATH = ["lien.base.formats"]

# JSON dumps (backups, fixtures) keep times to the microsecond: lien/backup/exact_json.py.
SERIALIZATION_MODULES = {"json": "lien.backup.exact_json"}

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"

# Household life (lien/casefiles/merges, lien/casefiles/dormant): a merge of duplicates
# can be undone for LIEN_MERGE_UNDO_DAYS; an open file without contact for
# LIEN_DORMANT_MONTHS (the active retention period by default) is proposed for closing to
# its referent, and LIEN_DORMANT_GRACE_DAYS later to the office's manager.
LIEN_MERGE_UNDO_DAYS = int(os.environ.get("LIEN_MERGE_UNDO_DAYS", 30))
LIEN_DORMANT_MONTHS = int(os.environ.get("LIEN_DORMANT_MONTHS", 24))
LIEN_DORMANT_GRACE_DAYS = int(os.environ.get("LIEN_DORMANT_GRACE_DAYS", 60))

# Statistics: a published cell counting fewer than this many households (or events) is
# suppressed, and enough others with it that it cannot be recomputed. Tables declared
# sensitive in their grid use the stricter threshold (docs/domain.md, "Statistics in two
# layers": secret statistique).
LIEN_STATS_THRESHOLD = int(os.environ.get("LIEN_STATS_THRESHOLD", 5))
LIEN_STATS_SENSITIVE_THRESHOLD = int(os.environ.get("LIEN_STATS_SENSITIVE_THRESHOLD", 11))

# The free-text guard: a YAML file of the administrator's own entries, added to the
# lexicon shipped with Lien (lien/privacy/data/lexicon_fr.yaml, same shape).
LIEN_GUARD_EXTRA_LEXICON = os.environ.get("LIEN_GUARD_EXTRA_LEXICON", "")

# One JSON object per line on the standard error, never a name, a query string or a
# form's value (lien/monitoring/logs.py, docs/admin/monitoring.md).
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "lien.monitoring.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # Django logs each SQL statement with its parameters (names) at DEBUG: never kept.
        "django.db.backends": {"level": "INFO"},
        # ...and each missing template variable with the whole context (a search's terms).
        "django.template": {"level": "INFO"},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# /healthz (lien/monitoring/health.py) answers 503 when this many audit events wait to
# be sealed (the sealer has stopped), or when the oldest task ready to run has waited
# this long (the task worker has stopped or cannot keep up).
LIEN_HEALTH_MAX_WAITING_SEALS = int(os.environ.get("LIEN_HEALTH_MAX_WAITING_SEALS", 10000))
LIEN_HEALTH_MAX_TASK_LAG_SECONDS = int(os.environ.get("LIEN_HEALTH_MAX_TASK_LAG_SECONDS", 600))
# /metrics is served only to a bearer token or to these addresses or networks
# (comma-separated); with neither set it answers 404.
LIEN_METRICS_TOKEN = os.environ.get("LIEN_METRICS_TOKEN", "")
LIEN_METRICS_ALLOWED_ADDRESSES = [
    a.strip() for a in os.environ.get("LIEN_METRICS_ALLOWED_ADDRESSES", "").split(",") if a.strip()
]

# The audit log (lien.audit): access logs are kept 6 months on a rolling basis (CNIL).
LIEN_AUDIT_RETENTION_DAYS = int(os.environ.get("LIEN_AUDIT_RETENTION_DAYS", 183))
# Triggers that make the database itself refuse UPDATE and DELETE on the audit table.
LIEN_AUDIT_DB_GUARD = True
# Every read of personal data is logged (lien.audit.services.record). Only the load test's
# settings (config/settings/bench.py) switch it off, to measure what the logging costs;
# production refuses to start without it (prod.py).
LIEN_AUDIT_READS = True
# On PostgreSQL, the role the application connects with when it is not the owner that
# runs the migrations: after every migration it gets the rights it needs, and on the audit
# log only those of reading and appending (lien/audit/database_guard.py).
LIEN_DB_APP_ROLE = os.environ.get("LIEN_DB_APP_ROLE", "")
# The key that seals the audit log (lien/audit/keys.py), never stored in the database, and
# the former keys that still verify what they sealed. Production requires the key.
LIEN_AUDIT_KEY = os.environ.get("LIEN_AUDIT_KEY", "")
LIEN_AUDIT_OLD_KEYS = [
    k.strip() for k in os.environ.get("LIEN_AUDIT_OLD_KEYS", "").split(",") if k.strip()
]
# Anchors of the chain's head outside the database (lien/audit/anchors.py): an append-only
# file, and the system log if asked. Empty: no file.
LIEN_AUDIT_ANCHOR_FILE = os.environ.get(
    "LIEN_AUDIT_ANCHOR_FILE", str(VAR_DIR / "audit-anchors.jsonl")
)
LIEN_AUDIT_ANCHOR_SYSLOG = os.environ.get("LIEN_AUDIT_ANCHOR_SYSLOG", "0") == "1"
# Where events are sealed once their transaction commits (lien/audit/sealer.py):
# "worker" (the task worker, every LIEN_AUDIT_SEAL_EVERY seconds: no request seals),
# "background" (a thread of each process), "after-commit" (in the writer's thread) or
# "periodic" (only `manage.py seal_audit`, which also catches up with anything left).
LIEN_AUDIT_SEALER = os.environ.get("LIEN_AUDIT_SEALER", "worker")
if LIEN_AUDIT_SEALER not in ("worker", "background", "after-commit", "periodic"):
    raise ValueError("LIEN_AUDIT_SEALER must be worker, background, after-commit or periodic")
LIEN_AUDIT_SEAL_EVERY = float(os.environ.get("LIEN_AUDIT_SEAL_EVERY", 1.0))
# The longest transaction that writes audit events, in seconds: an event dated earlier than
# the events sealed before it by more than this was written after the fact.
LIEN_AUDIT_SEAL_GRACE_SECONDS = int(os.environ.get("LIEN_AUDIT_SEAL_GRACE_SECONDS", 3600))
# The DPO's anomalies (lien.web.audit.dashboard): leads to look at, never a staff measure.
LIEN_ANOMALY_FILES_OUTSIDE_CASELOAD = int(os.environ.get("LIEN_ANOMALY_OUTSIDE_CASELOAD", 10))
LIEN_ANOMALY_BULK_EXPORT = int(os.environ.get("LIEN_ANOMALY_BULK_EXPORT", 50))
LIEN_WORKING_HOURS = (7, 20)  # local time; reads outside are listed

# Optional single sign-on through OpenID Connect (lien/accounts/oidc.py): active only when
# every LIEN_OIDC_* variable below is set. Accounts are linked by the provider's `sub`.
_OIDC_ENV = {
    "OIDC_RP_CLIENT_ID": "LIEN_OIDC_CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET": "LIEN_OIDC_CLIENT_SECRET",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "LIEN_OIDC_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT": "LIEN_OIDC_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT": "LIEN_OIDC_USERINFO_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT": "LIEN_OIDC_JWKS_ENDPOINT",
}
LIEN_OIDC_ENABLED = all(os.environ.get(variable) for variable in _OIDC_ENV.values())
# The `acr` values that mean "two factors" at the provider (e.g. ProConnect's eidas2).
LIEN_OIDC_MFA_ACR_VALUES = [
    v.strip() for v in os.environ.get("LIEN_OIDC_MFA_ACR_VALUES", "eidas2,eidas3").split(",") if v
]
if LIEN_OIDC_ENABLED:
    for _setting, _variable in _OIDC_ENV.items():
        globals()[_setting] = os.environ[_variable]
    AUTHENTICATION_BACKENDS.insert(1, "lien.accounts.oidc.LienOIDCBackend")
    OIDC_RP_SIGN_ALGO = os.environ.get("LIEN_OIDC_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = "openid"
    OIDC_CREATE_USER = False
    OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"acr_values": " ".join(LIEN_OIDC_MFA_ACR_VALUES)}
    LOGIN_REDIRECT_URL_FAILURE = "/login/"
# The key that encrypts the notes' text at rest (lien/casefiles/notes/crypto.py), and the
# former keys still accepted for reading during a rotation. Production requires the key.
LIEN_NOTES_KEY = os.environ.get("LIEN_NOTES_KEY", "")
# Comma-separated; read by every settings module (dev too), so that a rotation can be
# tried on a copy before production.
LIEN_NOTES_OLD_KEYS: list[str] = [
    k.strip() for k in os.environ.get("LIEN_NOTES_OLD_KEYS", "").split(",") if k.strip()
]

# The key that encrypts the documents' bytes in the database (lien/storage/), and the
# former keys still read during a rotation. Production requires the key.
LIEN_DOCUMENTS_KEY = os.environ.get("LIEN_DOCUMENTS_KEY", "")
LIEN_DOCUMENTS_OLD_KEYS: list[str] = [
    k.strip() for k in os.environ.get("LIEN_DOCUMENTS_OLD_KEYS", "").split(",") if k.strip()
]
# Uploaded files (the documents of the case files) are kept encrypted in the database,
# shared by every application server: lien/storage/backends.py says why.
STORAGES = {
    "default": {"BACKEND": "lien.storage.backends.EncryptedDatabaseStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Break-glass: how long a social worker's emergency access to a file of another office
# lasts, and the shortest reason accepted for it.
LIEN_BREAK_GLASS_HOURS = int(os.environ.get("LIEN_BREAK_GLASS_HOURS", 24))
LIEN_BREAK_GLASS_MIN_REASON = 20
# Refused attempts (no exact match) a worker may make in 24 hours before every further
# one is refused too: the page cannot be used to try identities one after another.
LIEN_BREAK_GLASS_MAX_REFUSED_PER_DAY = 5

# The REST API (lien/api/, docs/admin/api.md): tokens only (no session, so no CSRF
# question), JSON only (DRF's browsable pages carry inline script the CSP refuses), every
# view behind a token scope unless it says otherwise, throttled per token.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["lien.api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["lien.api.permissions.TokenScope"],
    "DEFAULT_THROTTLE_CLASSES": ["lien.api.throttling.PerTokenThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "lien.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# Requests a token may make, and refused tokens an address may present.
LIEN_API_RATE = os.environ.get("LIEN_API_RATE", "600/minute")
LIEN_API_FAILED_TOKEN_RATE = os.environ.get("LIEN_API_FAILED_TOKEN_RATE", "30/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "Lien",
    "DESCRIPTION": (
        "L'API de Lien pour les autres systèmes de la collectivité : statistiques publiées, "
        "catalogue, comptes des agents, aides accordées. Jetons à portée limitée, sous deux "
        "clés (docs/admin/api.md)."
    ),
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
}
