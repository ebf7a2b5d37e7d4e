"""The attacker's tools for the audit tests: plain SQL as someone with write access to
the database would type it, past the triggers (SQLite's test settings leave them out;
on PostgreSQL the test plays the owner, who can open the maintenance window)."""

import pytest
from django.db import connection, transaction

from lien.audit.database_guard import WINDOW_TABLE
from lien.audit.models import Action
from lien.audit.sealer import seal_pending
from lien.audit.services import record


def tamper(sql: str, params=()) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {WINDOW_TABLE} (purpose) VALUES ('attack')")
        cursor.execute(sql, params)
        cursor.execute(f"DELETE FROM {WINDOW_TABLE}")


def logins(world, n=5, *, sealed=True) -> list:
    """`n` events, sealed as the sealer would have done after their commit."""
    events = [
        record(actor=world.users["dpo"], action=Action.LOGIN, reason=f"event {i}") for i in range(n)
    ]
    if sealed:
        seal_pending()
    return events


@pytest.fixture
def anchor_file(settings, tmp_path):
    settings.LIEN_AUDIT_ANCHOR_FILE = str(tmp_path / "anchors.jsonl")
    return tmp_path / "anchors.jsonl"
