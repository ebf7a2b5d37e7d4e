"""The inventory of the persons' rights: notices, oppositions, rights requests, corrections,
limitations, released notes, and the free-text guard's counters."""

from .vocabulary import (
    AGENT_IN_FILE,
    TECH_FILE,
    Category,
    FieldClass,
    Retention,
    Sensitivity,
    classify,
)

PERSONS_RIGHTS: dict[str, dict[str, FieldClass]] = {
    # The texts of the information notice: configuration, about nobody.
    "privacy.NoticeText": classify(
        Category.ORGANISATION,
        Sensitivity.NONE,
        Retention.CONFIGURATION,
        False,
        ["id", "version", "title_fr", "title_en", "text_fr", "text_en", "published_on"],
        created_at=FieldClass(Category.TECHNICAL, Sensitivity.NONE, Retention.CONFIGURATION, False),
    ),
    # That a person was informed (GDPR art. 13): shown in their access export.
    "privacy.NoticeGiven": classify(
        Category.FILE,
        Sensitivity.ORDINARY,
        Retention.ACTIVE_FILE,
        True,
        ["casefile", "person", "notice", "given_on", "method", "created_at"],
        given_by=AGENT_IN_FILE,
        id=TECH_FILE,
    ),
    # The person's opposition to statistics (GDPR art. 21): shown in their access export.
    "privacy.StatisticsOpposition": classify(
        Category.FILE,
        Sensitivity.ORDINARY,
        Retention.ACTIVE_FILE,
        True,
        ["person", "casefile", "opposed_on", "created_at"],
        recorded_by=AGENT_IN_FILE,
        id=TECH_FILE,
    ),
    # The person's requests to exercise their rights: shown in their access export.
    "privacy.RightsRequest": classify(
        Category.FILE,
        Sensitivity.ORDINARY,
        Retention.ACTIVE_FILE,
        True,
        [
            "casefile",
            "person",
            "kind",
            "received_on",
            "due_on",
            "extension_reason",
            "status",
            "closed_on",
            "outcome",
            "created_at",
        ],
        registered_by=AGENT_IN_FILE,
        id=TECH_FILE,
    ),
    # The history of corrections: former and new values of the person's identity,
    # erased with the identity itself when the retention engine anonymises the person.
    "privacy.Rectification": classify(
        Category.IDENTITY,
        Sensitivity.ORDINARY,
        Retention.ACTIVE_FILE,
        True,
        [
            "casefile",
            "person",
            "field_name",
            "old_value",
            "new_value",
            "reason",
            "rights_request",
            "changed_at",
        ],
        changed_by=AGENT_IN_FILE,
        id=TECH_FILE,
    ),
    "privacy.Limitation": classify(
        Category.FILE,
        Sensitivity.ORDINARY,
        Retention.ACTIVE_FILE,
        True,
        ["casefile", "rights_request", "reason", "since", "lifted_at", "lift_reason"],
        applied_by=AGENT_IN_FILE,
        lifted_by=AGENT_IN_FILE,
        id=TECH_FILE,
    ),
    # A note's author's decision on it for one access request: released (a copy of its
    # text as released, third parties blacked out, sealed like the note) or withheld on a
    # legal ground. Deleted with the note or the request. Not in the export as such: the
    # export's notes section is made of these decisions.
    "privacy.NoteRelease": classify(
        Category.NOTES,
        Sensitivity.HIGH,
        Retention.ACTIVE_FILE,
        False,
        ["rights_request", "note", "decision", "released_text", "masked_passages", "ground"],
        id=TECH_FILE,
        decided_at=FieldClass(Category.FILE, Sensitivity.ORDINARY, Retention.ACTIVE_FILE, False),
        decided_by=FieldClass(Category.STAFF, Sensitivity.ORDINARY, Retention.ACTIVE_FILE, False),
    ),
}

FREE_TEXT_COUNTS: dict[str, dict[str, FieldClass]] = {
    # The free-text guard's monthly counters per category: no text, no author, no file.
    "privacy.FreeTextFlagCount": classify(
        Category.STATISTICS,
        Sensitivity.NONE,
        Retention.STATISTICS,
        False,
        ["id", "category", "month", "count"],
    ),
}
