"""The inventory of the case files: the households and persons, every part of a file, and
the emergency accesses to a file of another office."""

from .vocabulary import (
    AGENT_IN_FILE,
    DATE_IN_FILE,
    ROW_FIELDS,
    TECH_FILE,
    Category,
    FieldClass,
    Retention,
    Sensitivity,
    classify,
)

CASE_FILES: dict[str, dict[str, FieldClass]] = {
    "casefiles.Household": classify(
        Category.HOUSEHOLD,
        Sensitivity.ORDINARY,
        Retention.ACTIVE_FILE,
        True,
        [],
        **ROW_FIELDS,
    ),
    "casefiles.Person": classify(
        Category.IDENTITY,
        Sensitivity.ORDINARY,
        Retention.ACTIVE_FILE,
        True,
        ["birth_name", "usage_name", "first_names", "birth_date", "sex"],
        phone=FieldClass(Category.CONTACT, Sensitivity.ORDINARY, Retention.ACTIVE_FILE, True),
        email=FieldClass(Category.CONTACT, Sensitivity.ORDINARY, Retention.ACTIVE_FILE, True),
        address=FieldClass(Category.CONTACT, Sensitivity.ORDINARY, Retention.ACTIVE_FILE, True),
        postal_code=FieldClass(Category.CONTACT, Sensitivity.ORDINARY, Retention.ACTIVE_FILE, True),
        town=FieldClass(Category.CONTACT, Sensitivity.ORDINARY, Retention.ACTIVE_FILE, True),
        died_on=FieldClass(Category.IDENTITY, Sensitivity.ORDINARY, Retention.ACTIVE_FILE, True),
        # Derived from the names, shown nowhere.
        search_key=FieldClass(
            Category.TECHNICAL, Sensitivity.ORDINARY, Retention.ACTIVE_FILE, False
        ),
        **ROW_FIELDS,
    ),
    "casefiles.HouseholdMember": classify(
        Category.HOUSEHOLD,
        Sensitivity.ORDINARY,
        Retention.ACTIVE_FILE,
        True,
        ["household", "person", "relationship", "joined_on", "left_on", "end_reason", "moved_to"],
        id=TECH_FILE,
    ),
    # A merge of duplicates and its journal: keys of rows and their former values (which
    # may be a name or an address), kept for the undo period only.
    "casefiles.Merge": classify(
        Category.FILE,
        Sensitivity.ORDINARY,
        Retention.MERGE_UNDO,
        False,
        ["id", "kind", "office", "kept_id", "absorbed_id", "merged_at", "undone_at"],
        merged_by=FieldClass(Category.STAFF, Sensitivity.ORDINARY, Retention.MERGE_UNDO, False),
        undone_by=FieldClass(Category.STAFF, Sensitivity.ORDINARY, Retention.MERGE_UNDO, False),
        statistics_handle=FieldClass(
            Category.TECHNICAL, Sensitivity.NONE, Retention.MERGE_UNDO, False
        ),
    ),
    "casefiles.JournalEntry": classify(
        Category.FILE,
        Sensitivity.HIGH,
        Retention.MERGE_UNDO,
        False,
        ["id", "merge", "model", "object_pk", "field", "former_value", "snapshot"],
    ),
    # An import's upload waits for the manager's confirmation, then its content is
    # emptied; the row stays as the trace of what was imported, by whom and when.
    "casefiles.HouseholdImport": classify(
        Category.FILE,
        Sensitivity.NONE,
        Retention.CONFIGURATION,
        False,
        [
            "id",
            "office",
            "rows",
            "households",
            "persons",
            "status",
            "valid_only",
            "imported",
            "finished_at",
            "digest",  # a file's SHA-256: tells the same file again, reveals nothing
            "job",
        ],
        created_by=FieldClass(Category.STAFF, Sensitivity.ORDINARY, Retention.STAFF_ACCOUNT, False),
        created_at=TECH_FILE,
        content=FieldClass(Category.IDENTITY, Sensitivity.ORDINARY, Retention.ACTIVE_FILE, False),
        # A file name or a household label may hold a name.
        file_name=FieldClass(Category.FILE, Sensitivity.ORDINARY, Retention.CONFIGURATION, False),
        errors=FieldClass(Category.FILE, Sensitivity.ORDINARY, Retention.CONFIGURATION, False),
    ),
    "casefiles.CaseFile": classify(
        Category.FILE,
        Sensitivity.ORDINARY,
        Retention.ACTIVE_FILE,
        True,
        [
            "household",
            "office",
            "status",
            "opened_on",
            "closed_on",
            "close_reason",
            "last_contact_on",
            "archived_on",
            "anonymised_on",
            "legal_hold",
            "legal_hold_reason",
        ],
        referent=AGENT_IN_FILE,
        **ROW_FIELDS,
    ),
    "casefiles.SituationValue": classify(
        Category.SITUATION,
        Sensitivity.HIGH,
        Retention.ACTIVE_FILE,
        True,
        ["casefile", "item", "value", "recorded_at", "superseded_at"],
        recorded_by=AGENT_IN_FILE,
        id=TECH_FILE,
    ),
    "casefiles.Visit": classify(
        Category.RECEPTION,
        Sensitivity.ORDINARY,
        Retention.ACTIVE_FILE,
        True,
        ["casefile", "person", "occurred_at", "reason"],
        logged_by=AGENT_IN_FILE,
        id=TECH_FILE,
    ),
    "casefiles.Appointment": classify(
        Category.RECEPTION,
        Sensitivity.ORDINARY,
        Retention.ACTIVE_FILE,
        True,
        ["casefile", "person", "starts_at", "ends_at", "kind", "status", "arrived_at"],
        worker=AGENT_IN_FILE,
        booked_by=AGENT_IN_FILE,
        **ROW_FIELDS,
    ),
    "casefiles.Problem": classify(
        Category.SOCIAL_SUPPORT,
        Sensitivity.HIGH,
        Retention.ACTIVE_FILE,
        True,
        ["casefile", "item", "opened_on", "closed_on"],
        recorded_by=AGENT_IN_FILE,
        **ROW_FIELDS,
    ),
    "casefiles.Intervention": classify(
        Category.SOCIAL_SUPPORT,
        Sensitivity.HIGH,
        Retention.ACTIVE_FILE,
        True,
        ["casefile", "item", "problems", "occurred_on"],
        worker=AGENT_IN_FILE,
        id=TECH_FILE,
        created_at=DATE_IN_FILE,
    ),
    "casefiles.Note": classify(
        Category.NOTES,
        Sensitivity.HIGH,
        Retention.ACTIVE_FILE,
        True,
        ["casefile", "visibility", "text"],
        author=AGENT_IN_FILE,
        **ROW_FIELDS,
    ),
    # Who else may read a note (a share by its author, or an inheritance after the author
    # left): internal to the service, like the audit of who read what; deleted with the
    # note. Not in the access export: the person gets the notes themselves.
    "casefiles.NoteAccess": classify(
        Category.NOTES,
        Sensitivity.HIGH,
        Retention.ACTIVE_FILE,
        False,
        ["note", "kind", "reason", "expires_on", "granted_at", "revoked_at"],
        id=TECH_FILE,
        grantee=FieldClass(Category.STAFF, Sensitivity.ORDINARY, Retention.ACTIVE_FILE, False),
        granted_by=FieldClass(Category.STAFF, Sensitivity.ORDINARY, Retention.ACTIVE_FILE, False),
    ),
    "casefiles.AidRequest": classify(
        Category.FINANCIAL_AID,
        Sensitivity.HIGH,
        Retention.AID_DECISION,
        True,
        [
            "casefile",
            "aid_type",
            "amount_requested",
            "status",
            "submitted_on",
            "decided_on",
            "amount_granted",
            "refusal_reason",
            "earlier_decisions",
        ],
        created_by=AGENT_IN_FILE,
        **ROW_FIELDS,
    ),
    # The household budget: each member's income and the household's charges, a month.
    # Financial difficulty, under professional secrecy: kept with the file.
    "casefiles.BudgetSheet": classify(
        Category.FINANCIAL_AID,
        Sensitivity.HIGH,
        Retention.ACTIVE_FILE,
        True,
        ["casefile", "dated_on"],
        created_by=AGENT_IN_FILE,
        **ROW_FIELDS,
    ),
    "casefiles.BudgetLine": classify(
        Category.FINANCIAL_AID,
        Sensitivity.HIGH,
        Retention.ACTIVE_FILE,
        True,
        ["sheet", "direction", "category", "person", "monthly_amount", "detail"],
        id=TECH_FILE,
    ),
    # The social report goes with its aid request: evidence of the decision, archived
    # with it 5 years.
    "casefiles.SocialReport": classify(
        Category.FINANCIAL_AID,
        Sensitivity.HIGH,
        Retention.AID_DECISION,
        True,
        [
            "aid_request",
            "situation",
            "budget_sheet",
            "tried",
            "request_text",
            "assessment",
            "agreed_on",
        ],
        agreement_recorded_by=AGENT_IN_FILE,
        written_by=AGENT_IN_FILE,
        **ROW_FIELDS,
    ),
    # A letter produced: which template, when, by whom (not its text).
    "casefiles.Letter": classify(
        Category.FILE,
        Sensitivity.ORDINARY,
        Retention.ACTIVE_FILE,
        True,
        ["casefile", "template", "aid_request", "format", "produced_at"],
        produced_by=AGENT_IN_FILE,
        id=TECH_FILE,
    ),
    "casefiles.Document": classify(
        Category.IDENTITY,
        Sensitivity.ORDINARY,
        Retention.ACTIVE_FILE,
        True,
        ["casefile", "person", "kind", "file", "uploaded_at"],
        content_type=TECH_FILE,
        size=TECH_FILE,
        uploaded_by=AGENT_IN_FILE,
        id=TECH_FILE,
    ),
    # The bytes of the documents, encrypted (lien/storage): they go with their document,
    # which the access export names (the person receives the document itself apart).
    "storage.StoredFile": classify(
        Category.IDENTITY,
        Sensitivity.ORDINARY,
        Retention.ACTIVE_FILE,
        False,
        ["sealed"],
        name=TECH_FILE,
        key_id=TECH_FILE,
        size=TECH_FILE,
        stored_at=TECH_FILE,
        id=TECH_FILE,
    ),
}

EMERGENCY_ACCESS: dict[str, dict[str, FieldClass]] = {
    # Emergency accesses: access records. Not in the access export themselves: the audit
    # events of the same accesses are (by role and office, never by agent's name).
    "break_glass.BreakGlassGrant": classify(
        Category.ACCESS_LOG,
        Sensitivity.ORDINARY,
        Retention.ACCESS_LOG,
        False,
        ["actor", "casefile", "reason", "granted_at", "expires_at"],
        id=FieldClass(Category.TECHNICAL, Sensitivity.NONE, Retention.ACCESS_LOG, False),
    ),
}
