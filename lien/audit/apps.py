import threading
from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _grant_application_role(using: str, **kwargs: Any) -> None:
    """After every migration, on PostgreSQL with LIEN_DB_APP_ROLE set: the application
    role's rights on the (possibly new) tables, the audit log's narrowed to appending."""
    from django.conf import settings
    from django.db import connections

    from .database_guard import grant_application_role

    role = settings.LIEN_DB_APP_ROLE
    if role and connections[using].vendor == "postgresql":
        grant_application_role(role)


def _seal_in_the_worker(stop: threading.Event) -> None:
    """The task worker's companion: the sealer, with LIEN_AUDIT_SEALER=worker (the other
    modes seal elsewhere: it returns at once)."""
    from django.conf import settings

    from .sealer import seal_every

    if settings.LIEN_AUDIT_SEALER == "worker":
        seal_every(float(settings.LIEN_AUDIT_SEAL_EVERY), stop)


class AuditConfig(AppConfig):
    name = "lien.audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from . import signals  # noqa: F401

        post_migrate.connect(_grant_application_role, sender=self)
        from lien.background.companions import beside_the_tasks

        beside_the_tasks("audit-sealer", _seal_in_the_worker)
