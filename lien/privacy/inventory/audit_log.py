"""The inventory of the audit log: its events, and the chain that keeps them
tamper-evident."""

from .vocabulary import ACCESS_LOG_ENTRY, Category, FieldClass, Retention, Sensitivity, classify

AUDIT_EVENTS: dict[str, dict[str, FieldClass]] = {
    "audit.AuditEvent": classify(
        Category.ACCESS_LOG,
        Sensitivity.ORDINARY,
        Retention.ACCESS_LOG,
        True,
        ["at", "actor", "actor_roles", "action", "object_kind", "office_id", "household_id"],
        object_id=ACCESS_LOG_ENTRY,
        # Reasons are shown in the export; the request id is only for support.
        reason=ACCESS_LOG_ENTRY,
        result_count=FieldClass(
            Category.ACCESS_LOG,
            Sensitivity.NONE,
            Retention.ACCESS_LOG,
            False,
        ),
        request_id=FieldClass(Category.TECHNICAL, Sensitivity.NONE, Retention.ACCESS_LOG, False),
        id=FieldClass(Category.TECHNICAL, Sensitivity.NONE, Retention.ACCESS_LOG, False),
        # The hash chain that makes the log tamper-evident: derived, shown to nobody.
        previous_hash=FieldClass(Category.TECHNICAL, Sensitivity.NONE, Retention.ACCESS_LOG, False),
        hash=FieldClass(Category.TECHNICAL, Sensitivity.NONE, Retention.ACCESS_LOG, False),
    ),
}

AUDIT_CHAIN: dict[str, dict[str, FieldClass]] = {
    # Traces of pruning and controlled rewrites of the log: no personal data.
    "audit.AuditCheckpoint": classify(
        Category.TECHNICAL,
        Sensitivity.NONE,
        Retention.CONFIGURATION,
        False,
        [
            "id",
            "kind",
            "created_at",
            "reason",
            "last_pruned_id",
            "pruned_count",
            "pruned_before",
            "anchor_hash",
            "rewritten_from_id",
            "previous_head",
            "new_head",
            "last_pruned_seq",
            "event_count",
            "key_id",
            "mac",
        ],
    ),
    # The keyed chain of the log (lien/audit/chain.py): positions, MACs and key ids, kept
    # and pruned with the events they seal; no personal data, shown to nobody.
    "audit.AuditSeal": classify(
        Category.TECHNICAL,
        Sensitivity.NONE,
        Retention.ACCESS_LOG,
        False,
        ["seq", "event_id", "previous", "digest", "key_id", "sealed_at", "mac"],
    ),
    "audit.PendingSeal": classify(
        Category.TECHNICAL, Sensitivity.NONE, Retention.ACCESS_LOG, False, ["event_id"]
    ),
    "audit.AuditRedaction": classify(
        Category.TECHNICAL,
        Sensitivity.NONE,
        Retention.ACCESS_LOG,
        False,
        [
            "id",
            "event_id",
            "seal_seq",
            "digest_before",
            "digest_after",
            "checkpoint_id",
            "key_id",
            "mac",
        ],
    ),
}
