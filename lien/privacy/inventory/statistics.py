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
            "housing",
            "resources",
            "intervention_type",
            "aid_type",
            "amount_band",
            "decision",
            "delay_band",
        ],
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
}
