"""The inventory of the statistical layer."""

from .vocabulary import CATALOG_AGENT, Category, FieldClass, Retention, Sensitivity, classify

STATISTICS: dict[str, dict[str, FieldClass]] = {
    # The statistical layer: coarse categories only, never in the person's access export
    # (nothing in it can be found from the person once the year's key is destroyed; before
    # that, the pseudonym is personal data and is classified as such).
    "stats.StatEvent": classify(
        Category.STATISTICS,
        Sensitivity.ORDINARY,
        Retention.STATISTICS,
        False,
        [
            "kind",
            "year",
            "month",
            "office",
            "household_status",
            "household_type",
            "age_band",
            "reference_sex",
            "housing",
            "resources",
            "dependent_children",
            "rent_arrears",
            "eviction_procedure",
            "monthly_resources",
            "employment_status",
            "health_coverage",
            "complementary_coverage",
            "ps_first_contact_reason",
            "ps_household_size",
            "ps_age_of_reference",
            "intervention_type",
            "aid_type",
            "amount_band",
            "decision",
            # The visits without a file: their reason, channel and town (INSEE code).
            "visit_reason",
            "channel",
            "town",
            "delay_band",
            "payment_delay_band",
            # The family of a refusal's reason (a département-wide list, never its text).
            "refusal_reason",
        ],
        # A band of the household budget's reste à vivre: financial difficulty, coarse.
        remaining_band=FieldClass(
            Category.STATISTICS, Sensitivity.HIGH, Retention.STATISTICS, False
        ),
        # A problem family is a social difficulty, even when coarse.
        problem_family=FieldClass(
            Category.STATISTICS, Sensitivity.HIGH, Retention.STATISTICS, False
        ),
        household_token=FieldClass(
            Category.STATISTICS, Sensitivity.ORDINARY, Retention.STATISTICS, False
        ),
        id=FieldClass(Category.TECHNICAL, Sensitivity.NONE, Retention.STATISTICS, False),
    ),
    "stats.YearKey": classify(
        Category.TECHNICAL,
        Sensitivity.ORDINARY,
        Retention.STATISTICS,
        False,
        ["year", "key", "closed"],
    ),
    # Households merged as duplicates: keys of statistical rows, no pseudonym, no household.
    "stats.MergedTokens": classify(
        Category.STATISTICS,
        Sensitivity.NONE,
        Retention.MERGE_UNDO,
        False,
        ["id", "handle", "year", "moved", "removed"],
    ),
    # Kept counts of the grids: no pseudonym, nothing about a household.
    "stats.GridTally": classify(
        Category.STATISTICS,
        Sensitivity.NONE,
        Retention.STATISTICS,
        False,
        ["id", "grid", "definition", "year"],
    ),
    "stats.GridCell": classify(
        Category.STATISTICS,
        Sensitivity.NONE,
        Retention.STATISTICS,
        False,
        ["id", "tally", "table", "office", "row", "column", "n"],
    ),
    # Changes of kept cells appended by writers, folded into the cells by the task.
    "stats.GridCellDelta": classify(
        Category.STATISTICS,
        Sensitivity.NONE,
        Retention.STATISTICS,
        False,
        ["id", "tally", "table", "office", "row", "column", "n"],
    ),
    # That an office has events in a year: the years a statistics page offers.
    "stats.StatYear": classify(
        Category.STATISTICS,
        Sensitivity.NONE,
        Retention.STATISTICS,
        False,
        ["id", "year", "office"],
    ),
    # A grid as published for a scope and year: counts after disclosure control only.
    "stats.Publication": classify(
        Category.STATISTICS,
        Sensitivity.NONE,
        Retention.STATISTICS,
        False,
        ["id", "grid", "scope", "year", "tables", "typed_offices", "published_at"],
    ),
    # The author's commentary of an annual report: words about published figures, read
    # by the free-text guard when saved; no person is named in it.
    "stats.ReportCommentary": classify(
        Category.STATISTICS,
        Sensitivity.NONE,
        Retention.STATISTICS,
        False,
        [
            "id",
            "scope",
            "year",
            "introduction",
            "activity",
            "population",
            "aid",
            "trends",
            "updated_at",
        ],
    ),
    "stats.PaperGrid": classify(
        Category.STATISTICS,
        Sensitivity.NONE,
        Retention.CONFIGURATION,
        False,
        ["id", "grid", "year", "office"],
    ),
    # A version of a typed grid: counts of an office, and the agent who typed them.
    "stats.PaperGridVersion": classify(
        Category.STATISTICS,
        Sensitivity.NONE,
        Retention.CONFIGURATION,
        False,
        ["id", "paper_grid", "number", "kind", "values", "reason", "typed_at"],
        typed_by=CATALOG_AGENT,
    ),
    # A grid's definition saved by a statistician, and who saved it: no count at all.
    "stats.GridVersion": classify(
        Category.STATISTICS,
        Sensitivity.NONE,
        Retention.CONFIGURATION,
        False,
        ["id", "grid", "number", "valid_from", "definition", "saved_at"],
        saved_by=CATALOG_AGENT,
    ),
    # The cells a year's joint statistical secrecy withholds, and the fingerprint of the
    # counts it was decided on: addresses of cells, no count of a person.
    "stats.ProtectedYear": classify(
        Category.STATISTICS,
        Sensitivity.NONE,
        Retention.STATISTICS,
        False,
        ["year", "fingerprint", "withheld", "figures", "decided_at"],
    ),
    # The task worker's jobs: what kind of work, on what (an import's id, a year), how far.
    # No personal data.
    "background.Job": classify(
        Category.TECHNICAL,
        Sensitivity.NONE,
        Retention.CONFIGURATION,
        False,
        [
            "id",
            "kind",
            "subject",
            "status",
            "task_id",
            "created_at",
            "started_at",
            "finished_at",
            "heartbeat_at",
            "worker",
            "stage",
            "attempts",
            "done",
            "total",
            "counts",
            "failure",
        ],
    ),
    # Files the task worker prepares for one agent (lien/storage/prepared.py): today the
    # statistics exports, published figures only; encrypted, erased a day after they were
    # asked for, never in a backup. Who asked is an agent's account id.
    "storage.PreparedFile": classify(
        Category.TECHNICAL,
        Sensitivity.NONE,
        Retention.CONFIGURATION,
        False,
        [
            "id",
            "kind",
            "parameters",
            "job",
            "file_name",
            "content_type",
            "key_id",
            "sealed",
            "size",
            "created_at",
            "ready_at",
            "expires_at",
        ],
        requested_by_id=CATALOG_AGENT,
    ),
}
