"""Which statements of Lien's migrations would hold a long lock on a large PostgreSQL table.

Read from the SQL that `sqlmigrate` shows (the same SQL `migrate` runs), statement by
statement. A statement is a finding when it keeps other sessions out of a table for a time
that grows with the table (a rewrite, a full scan, an index build) and the table is not
created by the same migration (a new table is empty). A finding is accepted only by
ALLOWED below, with its reason: a table known to stay small, or a migration that ran
before the table could be large. `manage.py check_migration_locks` reports them
(docs/admin/upgrade.md); a test runs it on PostgreSQL in CI.

Why our own rules rather than a library: django-migration-linter judges backward
compatibility (a column dropped, renamed) and judges every table alike;
django-pg-zero-downtime-migrations replaces the database backend. What matters here is
the lock and the table's size, which only Lien knows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import connection
from django.db.migrations.loader import MigrationLoader

# Rule → (pattern on one statement, what it does to the table).
RULES: dict[str, tuple[re.Pattern[str], str]] = {
    "index_without_concurrently": (
        re.compile(r"^CREATE (UNIQUE )?INDEX (?!CONCURRENTLY)", re.I),
        "builds an index while writes to the table wait (use AddIndexConcurrently)",
    ),
    "column_type_change": (
        re.compile(r"^ALTER TABLE .* ALTER COLUMN \S+ TYPE ", re.I | re.S),
        "may rewrite the whole table under an exclusive lock",
    ),
    "set_not_null": (
        re.compile(r"^ALTER TABLE .* ALTER COLUMN \S+ SET NOT NULL", re.I | re.S),
        "scans the whole table under an exclusive lock",
    ),
    "volatile_default": (
        re.compile(
            r"^ALTER TABLE .* ADD COLUMN .* DEFAULT .*\b(random|clock_timestamp|gen_random_uuid|uuid_generate_v4|nextval)\s*\(",
            re.I | re.S,
        ),
        "rewrites the whole table under an exclusive lock (a volatile default)",
    ),
    "validated_constraint": (
        re.compile(
            r"^ALTER TABLE .* ADD CONSTRAINT \S+ (CHECK|FOREIGN KEY)(?!.*NOT VALID)", re.I | re.S
        ),
        "checks every row while the table is locked (add it NOT VALID, validate apart)",
    ),
    "unique_constraint": (
        re.compile(r"^ALTER TABLE .* ADD CONSTRAINT \S+ UNIQUE", re.I | re.S),
        "builds a unique index while writes to the table wait",
    ),
}

_TABLE_OF_ALTER = re.compile(r'^ALTER TABLE (?:ONLY )?(?:IF EXISTS )?"?([\w.]+)"?', re.I)
_TABLE_OF_INDEX = re.compile(
    r'^CREATE (?:UNIQUE )?INDEX (?:CONCURRENTLY )?(?:IF NOT EXISTS )?"?\w+"? ON (?:ONLY )?"?([\w.]+)"?',
    re.I,
)
_CREATED_TABLE = re.compile(r'^CREATE TABLE (?:IF NOT EXISTS )?"?([\w.]+)"?', re.I)
_RENAMED_TABLE = re.compile(r'^ALTER TABLE "?[\w.]+"? RENAME TO "?([\w.]+)"?', re.I)

# Tables that stay small whatever the size of the département: a few rows per office,
# per agent or per catalogue item. A long lock on them lasts milliseconds.
SMALL_TABLES: dict[str, str] = {
    "offices_office": "one row per office (a few dozen)",
    "offices_organisation": "one row",
    "catalog_item": "the catalogue: a few hundred items",
    "accounts_user": "one row per agent: a few thousand at most",
    "casefiles_householdimport": "one row per spreadsheet imported: a few dozen a year",
    "casefiles_paymentorder": (
        "one row per payment of a granted aid: a few tens of thousands a year, an index "
        "built in well under a second"
    ),
}

# Written before Lien's first production release (docs/admin/upgrade.md): no installation
# had these tables filled when they ran. Their sizes say what the same lock would cost
# today, on the largest département foreseen (bench/README.md: 100,000 households).
_BEFORE_RELEASE = "ran before the first production release, on empty or demo tables"

# (app, migration, rule, table) → why the lock is acceptable there. Only migrations that
# exist today are listed: a new migration is written so that it needs no entry (an index
# with AddIndexConcurrently in a non-atomic migration, a constraint added NOT VALID and
# validated in a second migration, a column added nullable).
ALLOWED: dict[tuple[str, str, str, str], str] = {
    ("audit", "0005_object_index", "index_without_concurrently", "audit_auditevent"): (
        f"{_BEFORE_RELEASE}. The audit log is the largest table (millions of events): "
        "an index added to it now must be built concurrently."
    ),
    (
        "casefiles",
        "0007_caseload_order_index",
        "index_without_concurrently",
        "casefiles_casefile",
    ): (
        f"{_BEFORE_RELEASE}. One row per file, 100,000 at most: the build holds writes "
        "to files for about a second."
    ),
    (
        "casefiles",
        "0009_retention_candidates_index",
        "index_without_concurrently",
        "casefiles_casefile",
    ): (
        f"{_BEFORE_RELEASE}. A partial index of the closed files not yet anonymised, over "
        "100,000 rows at most: about a second."
    ),
    (
        "casefiles",
        "0013_household_life",
        "index_without_concurrently",
        "casefiles_householdmember",
    ): (
        f"{_BEFORE_RELEASE}. The index of the household a member left for, over one row "
        "per membership (about 250,000 at 100,000 households): a second or two."
    ),
}


@dataclass(frozen=True)
class Finding:
    app: str
    migration: str
    rule: str
    table: str
    statement: str

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.app, self.migration, self.rule, self.table)

    def __str__(self) -> str:
        what = RULES[self.rule][1]
        return f"{self.app}.{self.migration}: {self.table} {what}\n    {self.statement[:200]}"


def table_of(statement: str) -> str | None:
    for pattern in (_TABLE_OF_ALTER, _TABLE_OF_INDEX):
        found = pattern.match(statement)
        if found:
            return found.group(1)
    return None


def findings_in(app: str, migration: str, statements: Iterable[str]) -> Iterator[Finding]:
    """The statements of one migration that lock an existing table for long."""
    created: set[str] = set()
    for raw in statements:
        statement = " ".join(raw.split())
        if not statement or statement.startswith("--"):
            continue
        for pattern in (_CREATED_TABLE, _RENAMED_TABLE):
            new = pattern.match(statement)
            if new:
                created.add(new.group(1))
        table = table_of(statement)
        if table is None or table in created or table in SMALL_TABLES:
            continue
        for rule, (pattern, _what) in RULES.items():
            if pattern.search(statement):
                yield Finding(app, migration, rule, table, statement)


def lien_migrations(loader: MigrationLoader) -> list[tuple[str, str]]:
    """Every migration of Lien's own apps, in the order they apply."""
    lien_apps = {
        key[0]
        for key, migration in loader.disk_migrations.items()
        if type(migration).__module__.startswith("lien.")
    }
    plan = loader.graph.leaf_nodes()
    ordered: list[tuple[str, str]] = []
    for leaf in plan:
        for node in loader.graph.forwards_plan(leaf):
            if node[0] in lien_apps and node not in ordered:
                ordered.append(node)
    return ordered


def sql_of(loader: MigrationLoader, node: tuple[str, str]) -> list[str]:
    """What `sqlmigrate APP NAME` prints, as a list of statements."""
    # MigrationLoader.collect_sql is what sqlmigrate calls; django-stubs omit it.
    statements: list[str] = loader.collect_sql(  # type: ignore[attr-defined]
        [(loader.graph.nodes[node], False)]
    )
    return statements


def all_findings() -> tuple[list[Finding], list[str]]:
    """Every finding of every migration of Lien on this database (PostgreSQL), and the
    migrations whose SQL could not be produced (named, never skipped silently)."""
    loader = MigrationLoader(connection, replace_migrations=True)
    findings: list[Finding] = []
    unreadable: list[str] = []
    for node in lien_migrations(loader):
        try:
            statements = sql_of(loader, node)
        except Exception as error:  # an operation that cannot say its SQL offline
            unreadable.append(f"{node[0]}.{node[1]}: {type(error).__name__}: {error}")
            continue
        findings.extend(findings_in(node[0], node[1], statements))
    return findings, unreadable


def unallowed(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.key not in ALLOWED]
