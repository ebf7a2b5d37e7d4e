"""The index behind person search at the size of a département.

SQLite: an FTS5 table of the words of each person's search key (`casefiles_person_fts`,
rowid = the person's id), kept by triggers on `casefiles_person`, so that every way a
person is written (services, bulk inserts of the synthetic département, imports, raw
updates, deletions by the retention engine) keeps it exact; "every word of the query
starts a word of the name" is the FTS5 prefix query `"w1"* AND "w2"*`, answered from the
index instead of a scan of every key.

PostgreSQL: a trigram GIN index on the search key (pg_trgm comes from 0002), which
answers the same condition written with LIKE (`key LIKE 'w%' OR key LIKE '% w%'`).

Caution for later migrations on SQLite: Django alters a table there by rebuilding it,
which drops its triggers. A migration that alters `casefiles_person` must run
`install_sqlite_index` again (tests/casefiles/test_search_index.py fails otherwise).
"""

from django.db import migrations

SQLITE_INDEX = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS casefiles_person_fts USING fts5("
    "search_key, prefix='2 3', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS casefiles_person_fts_insert AFTER INSERT ON casefiles_person "
    "BEGIN INSERT INTO casefiles_person_fts(rowid, search_key) VALUES (new.id, new.search_key); END",
    "CREATE TRIGGER IF NOT EXISTS casefiles_person_fts_update AFTER UPDATE OF id, search_key "
    "ON casefiles_person BEGIN "
    "DELETE FROM casefiles_person_fts WHERE rowid = old.id; "
    "INSERT INTO casefiles_person_fts(rowid, search_key) VALUES (new.id, new.search_key); END",
    "CREATE TRIGGER IF NOT EXISTS casefiles_person_fts_delete AFTER DELETE ON casefiles_person "
    "BEGIN DELETE FROM casefiles_person_fts WHERE rowid = old.id; END",
    # Fills it for the persons already there (a rebuild from scratch: idempotent).
    "DELETE FROM casefiles_person_fts",
    "INSERT INTO casefiles_person_fts(rowid, search_key) SELECT id, search_key FROM casefiles_person",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS casefiles_person_fts_insert",
    "DROP TRIGGER IF EXISTS casefiles_person_fts_update",
    "DROP TRIGGER IF EXISTS casefiles_person_fts_delete",
    "DROP TABLE IF EXISTS casefiles_person_fts",
]
POSTGRES_INDEX = [
    "CREATE INDEX IF NOT EXISTS casefiles_person_search_key_trgm "
    "ON casefiles_person USING gin (search_key gin_trgm_ops)",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS casefiles_person_search_key_trgm"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


install_sqlite_index = _run({"sqlite": SQLITE_INDEX})


class Migration(migrations.Migration):
    dependencies = [("casefiles", "0004_casefile_retention")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_INDEX, "postgresql": POSTGRES_INDEX}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
