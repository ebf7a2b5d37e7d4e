"""Person search by office counts the current memberships only.

Migration 0014 indexed a person under the office of every household they had ever been a
member of: someone who left a household (`left_on` set, since migration 0013 a member is
ended, never deleted) was still found by the former household's office, which has no
business with them any more. Here the index keeps the memberships whose `left_on` is
empty, and the member trigger also fires when `left_on` changes, so a departure (or its
correction) re-indexes the person at once. A person still a member of another household
with a file in that office stays found there.

Same builders as 0014, with the narrower condition; only the persons with an ended
membership are re-indexed (the others' keys do not change).
"""

import importlib

from django.db import migrations

search_0014 = importlib.import_module("lien.casefiles.migrations.0014_person_office_search")

CURRENT_MEMBERSHIPS = " AND m.left_on IS NULL"
MEMBER_COLUMNS = "person_id, household_id, left_on"
_LEFT_SOMEWHERE = (
    "SELECT DISTINCT person_id AS pid FROM casefiles_householdmember WHERE left_on IS NOT NULL"
)
_TRIGGERS_0014 = [s for s in search_0014.SQLITE_DROP if s.startswith("DROP TRIGGER")]


def _sqlite(members: str, columns: str) -> list[str]:
    return [
        *_TRIGGERS_0014,
        *search_0014.sqlite_triggers(members, columns),
        search_0014.sqlite_delete(_LEFT_SOMEWHERE),
        search_0014.sqlite_insert(_LEFT_SOMEWHERE, members),
    ]


def _postgres(members: str, columns: str) -> list[str]:
    return [
        search_0014.postgres_refresh(members),
        *search_0014.postgres_member_trigger(columns),
        "SELECT casefiles_person_office_refresh(ARRAY(SELECT DISTINCT person_id FROM "
        "casefiles_householdmember WHERE left_on IS NOT NULL)::bigint[])",
    ]


FORWARD = {
    "sqlite": _sqlite(CURRENT_MEMBERSHIPS, MEMBER_COLUMNS),
    "postgresql": _postgres(CURRENT_MEMBERSHIPS, MEMBER_COLUMNS),
}
BACKWARD = {
    "sqlite": _sqlite(search_0014.EVERY_MEMBERSHIP, search_0014.MEMBER_COLUMNS),
    "postgresql": _postgres(search_0014.EVERY_MEMBERSHIP, search_0014.MEMBER_COLUMNS),
}

# For a later migration that rebuilds persons, members or files on SQLite (which drops
# their triggers): the triggers as they stand from here on.
install_sqlite_office_index = search_0014._run(
    {"sqlite": search_0014.sqlite_triggers(CURRENT_MEMBERSHIPS, MEMBER_COLUMNS)}
)


class Migration(migrations.Migration):
    dependencies = [("casefiles", "0018_aid_schemes_committees_payments")]

    operations = [migrations.RunPython(search_0014._run(FORWARD), search_0014._run(BACKWARD))]
