"""What a backup holds: every row of the database, except what is rebuilt or transient."""

from django.apps import apps
from django.db.migrations.recorder import MigrationRecorder

# Rebuilt by `migrate` (content types, permissions), or transient (sessions, lockout
# counters): restoring them would clash with the fresh database or revive stale state.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes"]


def backed_up_models() -> list:
    excluded_apps = {e for e in EXCLUDED if "." not in e}
    excluded_models = {e.lower() for e in EXCLUDED if "." in e}
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label not in excluded_apps
        and m._meta.label_lower not in excluded_models
        and m._meta.managed
        and not m._meta.proxy
    ]


def applied_migrations() -> list[str]:
    return sorted(
        f"{app}.{name}"
        for app, name in MigrationRecorder.Migration.objects.values_list("app", "name")
    )


def non_empty_tables() -> list[str]:
    return [m._meta.label for m in backed_up_models() if m._default_manager.exists()]
