"""Person search limited to the searcher's offices inside the index lookup.

Before, the index (FTS5 on SQLite, trigram GIN on PostgreSQL) answered "whose name has a
word starting with 'ma'" over the whole département, and the office scope was checked on
the matches afterwards: "ma" read the 47,000 matches of the département at 100,000
households to keep a few hundred. Here each person's words are indexed once per office
where their household has a file, each word prefixed by the office id on 6 digits
("o000012martin o000012jean"): a prefix query "o000012ma"* reads the index's terms of office
12 starting with "ma" only, so its cost grows with the matches in one's own offices.

SQLite: an FTS5 table `casefiles_person_office_fts` (rowid = person id). PostgreSQL: a
table `casefiles_person_office_key` (person id, tsvector) with a GIN index, whose prefix
query `'o000012ma':*` scans the range of lexemes of office 12 beginning with "ma". Both
kept by triggers on persons (search key), household members and files (office,
household), so that services, bulk inserts, imports and the retention engine keep them
exact without code of their own; the migration fills them for existing persons.

Caution on SQLite (as for 0005): a later migration that rebuilds one of the three tables
drops its triggers; it must install them again, as they stand since migration 0019 (only
the current memberships count): `install_sqlite_office_index` there.
"""

from django.db import migrations

OFFICE_SQLITE = "'o' || printf('%06d', f.office_id)"
OFFICE_POSTGRES = "'o' || lpad(f.office_id::text, 6, '0')"


# Which memberships put a person in an office's index, and which of their columns the
# member trigger watches. Here every membership ever held; migration 0019 narrows it to
# the current ones (`left_on` empty) with these same builders.
EVERY_MEMBERSHIP = ""
MEMBER_COLUMNS = "person_id, household_id"


def _sqlite_keys(person: str, members: str = EVERY_MEMBERSHIP) -> str:
    """The office-prefixed words of one person, in SQL (NULL when no file)."""
    return (
        "(SELECT group_concat(k, ' ') FROM (SELECT DISTINCT "
        f"{OFFICE_SQLITE} || replace(p.search_key, ' ', ' ' || {OFFICE_SQLITE}) AS k "
        "FROM casefiles_householdmember m "
        "JOIN casefiles_casefile f ON f.household_id = m.household_id "
        "JOIN casefiles_person p ON p.id = m.person_id "
        f"WHERE m.person_id = {person}{members}))"
    )


def sqlite_delete(persons: str) -> str:
    return f"DELETE FROM casefiles_person_office_fts WHERE rowid IN (SELECT pid FROM ({persons}))"


def sqlite_insert(persons: str, members: str = EVERY_MEMBERSHIP) -> str:
    return (
        "INSERT INTO casefiles_person_office_fts(rowid, keys) "
        f"SELECT pid, keys FROM (SELECT x.pid AS pid, {_sqlite_keys('x.pid', members)} AS keys "
        f"FROM ({persons}) x) WHERE keys IS NOT NULL"
    )


def _sqlite_refresh(persons: str, members: str = EVERY_MEMBERSHIP) -> str:
    """Statements re-indexing the persons of a subquery (column `pid`)."""
    return f"{sqlite_delete(persons)}; {sqlite_insert(persons, members)};"


_MEMBERS_OF = "SELECT person_id AS pid FROM casefiles_householdmember WHERE household_id = {}"


def sqlite_triggers(members: str = EVERY_MEMBERSHIP, columns: str = MEMBER_COLUMNS) -> list[str]:
    """The triggers keeping the FTS5 table exact."""
    return [
        "CREATE TRIGGER IF NOT EXISTS casefiles_person_office_person_update "
        "AFTER UPDATE OF search_key ON casefiles_person BEGIN "
        + _sqlite_refresh("SELECT new.id AS pid", members)
        + " END",
        "CREATE TRIGGER IF NOT EXISTS casefiles_person_office_person_delete "
        "AFTER DELETE ON casefiles_person BEGIN "
        "DELETE FROM casefiles_person_office_fts WHERE rowid = old.id; END",
        "CREATE TRIGGER IF NOT EXISTS casefiles_person_office_member_insert "
        "AFTER INSERT ON casefiles_householdmember BEGIN "
        + _sqlite_refresh("SELECT new.person_id AS pid", members)
        + " END",
        "CREATE TRIGGER IF NOT EXISTS casefiles_person_office_member_update "
        f"AFTER UPDATE OF {columns} ON casefiles_householdmember BEGIN "
        + _sqlite_refresh("SELECT new.person_id AS pid UNION SELECT old.person_id", members)
        + " END",
        "CREATE TRIGGER IF NOT EXISTS casefiles_person_office_member_delete "
        "AFTER DELETE ON casefiles_householdmember BEGIN "
        + _sqlite_refresh("SELECT old.person_id AS pid", members)
        + " END",
        "CREATE TRIGGER IF NOT EXISTS casefiles_person_office_file_insert "
        "AFTER INSERT ON casefiles_casefile BEGIN "
        + _sqlite_refresh(_MEMBERS_OF.format("new.household_id"), members)
        + " END",
        "CREATE TRIGGER IF NOT EXISTS casefiles_person_office_file_update "
        "AFTER UPDATE OF office_id, household_id ON casefiles_casefile BEGIN "
        + _sqlite_refresh(
            _MEMBERS_OF.format("new.household_id")
            + " UNION "
            + _MEMBERS_OF.format("old.household_id"),
            members,
        )
        + " END",
        "CREATE TRIGGER IF NOT EXISTS casefiles_person_office_file_delete "
        "AFTER DELETE ON casefiles_casefile BEGIN "
        + _sqlite_refresh(_MEMBERS_OF.format("old.household_id"), members)
        + " END",
    ]


SQLITE_INDEX = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS casefiles_person_office_fts USING fts5("
    "keys, tokenize='unicode61 remove_diacritics 2')",
    *sqlite_triggers(),
    # Fills it for the persons already there (a rebuild from scratch: idempotent).
    "DELETE FROM casefiles_person_office_fts",
    "INSERT INTO casefiles_person_office_fts(rowid, keys) SELECT pid, keys FROM "
    f"(SELECT x.id AS pid, {_sqlite_keys('x.id')} AS keys FROM casefiles_person x) "
    "WHERE keys IS NOT NULL",
]

SQLITE_DROP = [
    *(
        f"DROP TRIGGER IF EXISTS casefiles_person_office_{name}"
        for name in (
            "person_update",
            "person_delete",
            "member_insert",
            "member_update",
            "member_delete",
            "file_insert",
            "file_update",
            "file_delete",
        )
    ),
    "DROP TABLE IF EXISTS casefiles_person_office_fts",
]


def postgres_refresh(members: str = EVERY_MEMBERSHIP) -> str:
    """The function re-indexing the persons of an array of ids."""
    return (
        "CREATE OR REPLACE FUNCTION casefiles_person_office_refresh(ids bigint[]) "
        "RETURNS void LANGUAGE plpgsql AS $$ BEGIN "
        "DELETE FROM casefiles_person_office_key WHERE person_id = ANY(ids); "
        "INSERT INTO casefiles_person_office_key(person_id, keys) "
        "SELECT m.person_id, to_tsvector('simple', string_agg(DISTINCT "
        f"{OFFICE_POSTGRES} || replace(p.search_key, ' ', ' ' || {OFFICE_POSTGRES}), ' ')) "
        "FROM casefiles_householdmember m "
        "JOIN casefiles_casefile f ON f.household_id = m.household_id "
        "JOIN casefiles_person p ON p.id = m.person_id "
        f"WHERE m.person_id = ANY(ids){members} GROUP BY m.person_id "
        "ON CONFLICT (person_id) DO UPDATE SET keys = EXCLUDED.keys; END $$"
    )


def postgres_member_trigger(columns: str = MEMBER_COLUMNS) -> list[str]:
    return [
        "DROP TRIGGER IF EXISTS casefiles_person_office_member ON casefiles_householdmember",
        f"CREATE TRIGGER casefiles_person_office_member AFTER INSERT OR UPDATE OF {columns} "
        "OR DELETE ON casefiles_householdmember FOR EACH ROW "
        "EXECUTE FUNCTION casefiles_person_office_on_member()",
    ]


POSTGRES_INDEX = [
    "CREATE TABLE IF NOT EXISTS casefiles_person_office_key ("
    "person_id bigint PRIMARY KEY, keys tsvector NOT NULL)",
    "CREATE INDEX IF NOT EXISTS casefiles_person_office_key_gin "
    "ON casefiles_person_office_key USING gin (keys)",
    postgres_refresh(),
    "CREATE OR REPLACE FUNCTION casefiles_person_office_on_person() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_OP = 'DELETE' THEN "
    "DELETE FROM casefiles_person_office_key WHERE person_id = OLD.id; RETURN OLD; END IF; "
    "PERFORM casefiles_person_office_refresh(ARRAY[NEW.id]::bigint[]); RETURN NEW; END $$",
    "CREATE OR REPLACE FUNCTION casefiles_person_office_on_member() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_OP IN ('UPDATE', 'DELETE') THEN "
    "PERFORM casefiles_person_office_refresh(ARRAY[OLD.person_id]::bigint[]); END IF; "
    "IF TG_OP IN ('INSERT', 'UPDATE') THEN "
    "PERFORM casefiles_person_office_refresh(ARRAY[NEW.person_id]::bigint[]); END IF; "
    "RETURN NULL; END $$",
    "CREATE OR REPLACE FUNCTION casefiles_person_office_on_file() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ DECLARE households bigint[]; BEGIN "
    "IF TG_OP = 'INSERT' THEN households := ARRAY[NEW.household_id]; "
    "ELSIF TG_OP = 'DELETE' THEN households := ARRAY[OLD.household_id]; "
    "ELSE households := ARRAY[NEW.household_id, OLD.household_id]; END IF; "
    "PERFORM casefiles_person_office_refresh(ARRAY(SELECT person_id FROM "
    "casefiles_householdmember WHERE household_id = ANY(households))::bigint[]); "
    "RETURN NULL; END $$",
    "DROP TRIGGER IF EXISTS casefiles_person_office_person ON casefiles_person",
    "CREATE TRIGGER casefiles_person_office_person AFTER UPDATE OF search_key OR DELETE "
    "ON casefiles_person FOR EACH ROW EXECUTE FUNCTION casefiles_person_office_on_person()",
    *postgres_member_trigger(),
    "DROP TRIGGER IF EXISTS casefiles_person_office_file ON casefiles_casefile",
    "CREATE TRIGGER casefiles_person_office_file AFTER INSERT OR UPDATE OF office_id, "
    "household_id OR DELETE ON casefiles_casefile FOR EACH ROW "
    "EXECUTE FUNCTION casefiles_person_office_on_file()",
    "SELECT casefiles_person_office_refresh(ARRAY(SELECT id FROM casefiles_person)::bigint[])",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS casefiles_person_office_person ON casefiles_person",
    "DROP TRIGGER IF EXISTS casefiles_person_office_member ON casefiles_householdmember",
    "DROP TRIGGER IF EXISTS casefiles_person_office_file ON casefiles_casefile",
    "DROP FUNCTION IF EXISTS casefiles_person_office_on_person()",
    "DROP FUNCTION IF EXISTS casefiles_person_office_on_member()",
    "DROP FUNCTION IF EXISTS casefiles_person_office_on_file()",
    "DROP FUNCTION IF EXISTS casefiles_person_office_refresh(bigint[])",
    "DROP TABLE IF EXISTS casefiles_person_office_key",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


install_sqlite_office_index = _run({"sqlite": SQLITE_INDEX})


class Migration(migrations.Migration):
    dependencies = [("casefiles", "0013_household_life")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_INDEX, "postgresql": POSTGRES_INDEX}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
