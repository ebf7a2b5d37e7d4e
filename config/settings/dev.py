"""A laptop or the demo: debug on, a throwaway secret, loopback only."""

import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY") or "insecure-dev-only-key-never-use-in-production"
# The demo's notes key is public: a laptop's notes are not secret. Production requires one.
LIEN_NOTES_KEY = os.environ.get("LIEN_NOTES_KEY") or "ZGV2LW9ubHktbm90ZXMta2V5LW5ldmVyLWluLXByb2Q="
LIEN_DOCUMENTS_KEY = (
    os.environ.get("LIEN_DOCUMENTS_KEY") or "ZGV2LW9ubHktZG9jdW1lbnRzLWtleS1uZXZlci1wcmQ="
)
# The demo's audit key is public too: a laptop's log is not evidence.
LIEN_AUDIT_KEY = os.environ.get("LIEN_AUDIT_KEY") or "dev-only-audit-key-never-use-in-production"
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost"]  # noqa: F405
# The demo runs without the second factor unless asked (LIEN_OTP_REQUIRED=1); every page
# then says so in a banner.
LIEN_OTP_REQUIRED = os.environ.get("LIEN_OTP_REQUIRED", "0") == "1"
# Password links and lockout notices are printed on the console, not sent.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
