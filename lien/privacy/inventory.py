"""The data inventory: every field of every model, classified.

For each field: what category of data it is, how sensitive, which retention family
governs it, and whether the person's access export must show it. The register of
processing, the retention engine and the access export read this table; a test fails
when a model gains a field that is not classified here, so that nothing is collected
without being declared.
"""

from dataclasses import dataclass
from enum import StrEnum


class Category(StrEnum):
    IDENTITY = "identity"
    CONTACT = "contact"
    HOUSEHOLD = "household"
    SITUATION = "situation"
    SOCIAL_SUPPORT = "social_support"  # problems and interventions
    NOTES = "notes"
    FINANCIAL_AID = "financial_aid"
    RECEPTION = "reception"  # visits and appointments
    FILE = "file"  # the file's own metadata
    STAFF = "staff"  # agents' accounts and roles
    ACCESS_LOG = "access_log"
    ORGANISATION = "organisation"  # not personal data
    CATALOG = "catalogue"  # not personal data
    TECHNICAL = "technical"  # ids, versions, timestamps of rows
    STATISTICS = "statistics"  # the coarse statistical record and its published tables


class Sensitivity(StrEnum):
    NONE = "none"  # not about a person
    ORDINARY = "ordinary"
    HIGH = "high"  # social difficulties, narrative notes: covered by professional secrecy
    SPECIAL = "special"  # GDPR art. 9 or 10; none is collected by default


class Retention(StrEnum):
    ACTIVE_FILE = "active_file"  # 2 years after the last contact, then anonymised
    AID_DECISION = "aid_decision"  # archived 5 years, then deleted
    ACCESS_LOG = "access_log"  # 6 months rolling
    STAFF_ACCOUNT = "staff_account"  # while the agent works here
    CONFIGURATION = "configuration"  # kept while in use
    STATISTICS = "statistics"  # pseudonymous until the year closes, then anonymous


@dataclass(frozen=True)
class FieldClass:
    category: Category
    sensitivity: Sensitivity
    retention: Retention
    in_access_export: bool


def _model(
    category: Category,
    sensitivity: Sensitivity,
    retention: Retention,
    in_export: bool,
    fields: list[str],
    **overrides: FieldClass,
) -> dict[str, FieldClass]:
    default = FieldClass(category, sensitivity, retention, in_export)
    classified = dict.fromkeys(fields, default)
    classified.update(overrides)
    return classified


_TECH_FILE = FieldClass(Category.TECHNICAL, Sensitivity.NONE, Retention.ACTIVE_FILE, False)
_DATE_IN_FILE = FieldClass(Category.FILE, Sensitivity.ORDINARY, Retention.ACTIVE_FILE, True)
_AGENT_IN_FILE = FieldClass(Category.STAFF, Sensitivity.ORDINARY, Retention.ACTIVE_FILE, True)
_CATALOG_AGENT = FieldClass(Category.STAFF, Sensitivity.ORDINARY, Retention.CONFIGURATION, False)
_LOG = FieldClass(Category.ACCESS_LOG, Sensitivity.ORDINARY, Retention.ACCESS_LOG, True)
_ROW = {
    "id": _TECH_FILE,
    "version": _TECH_FILE,
    "created_at": _DATE_IN_FILE,
    "updated_at": _TECH_FILE,
}

INVENTORY: dict[str, dict[str, FieldClass]] = {
    "offices.Organisation": _model(
        Category.ORGANISATION,
        Sensitivity.NONE,
        Retention.CONFIGURATION,
        False,
        ["id", "name", "address", "dpo_name", "dpo_email"],
    ),
    "offices.Town": _model(
        Category.ORGANISATION,
        Sensitivity.NONE,
        Retention.CONFIGURATION,
        False,
        ["id", "insee_code", "name", "postal_code"],
    ),
    "offices.Office": _model(
        Category.ORGANISATION,
        Sensitivity.NONE,
        Retention.CONFIGURATION,
        False,
        ["id", "organisation", "code", "name", "address", "phone", "towns"],
    ),
    "offices.RecordKeepingChange": _model(
        Category.ORGANISATION,
        Sensitivity.NONE,
        Retention.CONFIGURATION,
        False,
        ["id", "office", "since", "mode"],
    ),
    "accounts.User": _model(
        Category.STAFF,
        Sensitivity.ORDINARY,
        Retention.STAFF_ACCOUNT,
        False,
        [
            "id",
            "password",
            "last_login",
            "is_superuser",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_active",
            "date_joined",
            "groups",
            "user_permissions",
            "oidc_sub",
        ],
    ),
    "accounts.OfficeMembership": _model(
        Category.STAFF,
        Sensitivity.ORDINARY,
        Retention.STAFF_ACCOUNT,
        False,
        ["id", "user", "office", "role", "is_active", "created_at"],
    ),
    "accounts.RoleChange": _model(
        Category.STAFF,
        Sensitivity.ORDINARY,
        Retention.STAFF_ACCOUNT,
        False,
        [
            "id",
            "kind",
            "user",
            "office",
            "role",
            "reason",
            "requested_by",
            "requested_at",
            "combination",
            "status",
            "decided_by",
            "decided_at",
            "decision_reason",
            "combination_approved",
        ],
    ),
    "accounts.FailedLogin": _model(
        Category.ACCESS_LOG,
        Sensitivity.ORDINARY,
        Retention.ACCESS_LOG,
        False,
        ["id", "user", "at"],
    ),
    "catalog.Item": _model(
        Category.CATALOG,
        Sensitivity.NONE,
        Retention.CONFIGURATION,
        False,
        [
            "id",
            "code",
            "family",
            "label_fr",
            "label_en",
            "help_fr",
            "help_en",
            "value_type",
            "choices",
            "sensitivity",
            "purposes",
            "legal_basis",
            "retention_family",
            "visible_to_roles",
            "feeds_statistics",
            "coarsening",
            "owner",
            "justification",
            "status",
            "approval_requested_at",
            "approved_at",
            "position",
            "counts_as_contact",
            "updated_at",
        ],
        # Who proposed and approved an item: agents, kept as long as the catalogue.
        approval_requested_by=_CATALOG_AGENT,
        approved_by=_CATALOG_AGENT,
    ),
    "catalog.ItemChange": _model(
        Category.CATALOG,
        Sensitivity.NONE,
        Retention.CONFIGURATION,
        False,
        ["id", "item", "at", "kind", "changes", "reason"],
        actor=_CATALOG_AGENT,
    ),
    "catalog.CatalogueVersion": _model(
        Category.CATALOG,
        Sensitivity.NONE,
        Retention.CONFIGURATION,
        False,
        ["id", "number", "created_at", "note", "snapshot"],
        created_by=_CATALOG_AGENT,
    ),
    "casefiles.Household": _model(
        Category.HOUSEHOLD,
        Sensitivity.ORDINARY,
        Retention.ACTIVE_FILE,
        True,
        [],
        **_ROW,
    ),
    "casefiles.Person": _model(
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
        # Derived from the names, shown nowhere.
        search_key=FieldClass(
            Category.TECHNICAL, Sensitivity.ORDINARY, Retention.ACTIVE_FILE, False
        ),
        **_ROW,
    ),
    "casefiles.HouseholdMember": _model(
        Category.HOUSEHOLD,
        Sensitivity.ORDINARY,
        Retention.ACTIVE_FILE,
        True,
        ["household", "person", "relationship", "joined_on", "left_on"],
        id=_TECH_FILE,
    ),
    # An import's upload waits for the manager's confirmation, then its content is
    # emptied; the row stays as the trace of what was imported, by whom and when.
    "casefiles.HouseholdImport": _model(
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
        created_at=_TECH_FILE,
        content=FieldClass(Category.IDENTITY, Sensitivity.ORDINARY, Retention.ACTIVE_FILE, False),
        # A file name or a household label may hold a name.
        file_name=FieldClass(Category.FILE, Sensitivity.ORDINARY, Retention.CONFIGURATION, False),
        errors=FieldClass(Category.FILE, Sensitivity.ORDINARY, Retention.CONFIGURATION, False),
    ),
    "casefiles.CaseFile": _model(
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
        referent=_AGENT_IN_FILE,
        **_ROW,
    ),
    "casefiles.SituationValue": _model(
        Category.SITUATION,
        Sensitivity.HIGH,
        Retention.ACTIVE_FILE,
        True,
        ["casefile", "item", "value", "recorded_at", "superseded_at"],
        recorded_by=_AGENT_IN_FILE,
        id=_TECH_FILE,
    ),
    "casefiles.Visit": _model(
        Category.RECEPTION,
        Sensitivity.ORDINARY,
        Retention.ACTIVE_FILE,
        True,
        ["casefile", "person", "occurred_at", "reason"],
        logged_by=_AGENT_IN_FILE,
        id=_TECH_FILE,
    ),
    "casefiles.Appointment": _model(
        Category.RECEPTION,
        Sensitivity.ORDINARY,
        Retention.ACTIVE_FILE,
        True,
        ["casefile", "person", "starts_at", "ends_at", "kind", "status"],
        worker=_AGENT_IN_FILE,
        booked_by=_AGENT_IN_FILE,
        **_ROW,
    ),
    "casefiles.Problem": _model(
        Category.SOCIAL_SUPPORT,
        Sensitivity.HIGH,
        Retention.ACTIVE_FILE,
        True,
        ["casefile", "item", "opened_on", "closed_on"],
        recorded_by=_AGENT_IN_FILE,
        **_ROW,
    ),
    "casefiles.Intervention": _model(
        Category.SOCIAL_SUPPORT,
        Sensitivity.HIGH,
        Retention.ACTIVE_FILE,
        True,
        ["casefile", "item", "problems", "occurred_on"],
        worker=_AGENT_IN_FILE,
        id=_TECH_FILE,
        created_at=_DATE_IN_FILE,
    ),
    "casefiles.Note": _model(
        Category.NOTES,
        Sensitivity.HIGH,
        Retention.ACTIVE_FILE,
        True,
        ["casefile", "visibility", "text"],
        author=_AGENT_IN_FILE,
        **_ROW,
    ),
    # Who else may read a note (a share by its author, or an inheritance after the author
    # left): internal to the service, like the audit of who read what; deleted with the
    # note. Not in the access export: the person gets the notes themselves.
    "casefiles.NoteAccess": _model(
        Category.NOTES,
        Sensitivity.HIGH,
        Retention.ACTIVE_FILE,
        False,
        ["note", "kind", "reason", "expires_on", "granted_at", "revoked_at"],
        id=_TECH_FILE,
        grantee=FieldClass(Category.STAFF, Sensitivity.ORDINARY, Retention.ACTIVE_FILE, False),
        granted_by=FieldClass(Category.STAFF, Sensitivity.ORDINARY, Retention.ACTIVE_FILE, False),
    ),
    "casefiles.AidRequest": _model(
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
        ],
        created_by=_AGENT_IN_FILE,
        **_ROW,
    ),
    "casefiles.Document": _model(
        Category.IDENTITY,
        Sensitivity.ORDINARY,
        Retention.ACTIVE_FILE,
        True,
        ["casefile", "person", "kind", "file", "uploaded_at"],
        content_type=_TECH_FILE,
        size=_TECH_FILE,
        uploaded_by=_AGENT_IN_FILE,
        id=_TECH_FILE,
    ),
    "audit.AuditEvent": _model(
        Category.ACCESS_LOG,
        Sensitivity.ORDINARY,
        Retention.ACCESS_LOG,
        True,
        ["at", "actor", "actor_roles", "action", "object_kind", "office_id", "household_id"],
        object_id=_LOG,
        # Reasons are shown in the export; the request id is only for support.
        reason=_LOG,
        result_count=FieldClass(Category.ACCESS_LOG, Sensitivity.NONE, Retention.ACCESS_LOG, False),
        request_id=FieldClass(Category.TECHNICAL, Sensitivity.NONE, Retention.ACCESS_LOG, False),
        id=FieldClass(Category.TECHNICAL, Sensitivity.NONE, Retention.ACCESS_LOG, False),
        # The hash chain that makes the log tamper-evident: derived, shown to nobody.
        previous_hash=FieldClass(Category.TECHNICAL, Sensitivity.NONE, Retention.ACCESS_LOG, False),
        hash=FieldClass(Category.TECHNICAL, Sensitivity.NONE, Retention.ACCESS_LOG, False),
    ),
    # The texts of the information notice: configuration, about nobody.
    "privacy.NoticeText": _model(
        Category.ORGANISATION,
        Sensitivity.NONE,
        Retention.CONFIGURATION,
        False,
        ["id", "version", "title_fr", "title_en", "text_fr", "text_en", "published_on"],
        created_at=FieldClass(Category.TECHNICAL, Sensitivity.NONE, Retention.CONFIGURATION, False),
    ),
    # That a person was informed (GDPR art. 13): shown in their access export.
    "privacy.NoticeGiven": _model(
        Category.FILE,
        Sensitivity.ORDINARY,
        Retention.ACTIVE_FILE,
        True,
        ["casefile", "person", "notice", "given_on", "method", "created_at"],
        given_by=_AGENT_IN_FILE,
        id=_TECH_FILE,
    ),
    # The person's opposition to statistics (GDPR art. 21): shown in their access export.
    "privacy.StatisticsOpposition": _model(
        Category.FILE,
        Sensitivity.ORDINARY,
        Retention.ACTIVE_FILE,
        True,
        ["person", "casefile", "opposed_on", "created_at"],
        recorded_by=_AGENT_IN_FILE,
        id=_TECH_FILE,
    ),
    # The person's requests to exercise their rights: shown in their access export.
    "privacy.RightsRequest": _model(
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
        registered_by=_AGENT_IN_FILE,
        id=_TECH_FILE,
    ),
    # The history of corrections: former and new values of the person's identity,
    # erased with the identity itself when the retention engine anonymises the person.
    "privacy.Rectification": _model(
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
        changed_by=_AGENT_IN_FILE,
        id=_TECH_FILE,
    ),
    "privacy.Limitation": _model(
        Category.FILE,
        Sensitivity.ORDINARY,
        Retention.ACTIVE_FILE,
        True,
        ["casefile", "rights_request", "reason", "since", "lifted_at", "lift_reason"],
        applied_by=_AGENT_IN_FILE,
        lifted_by=_AGENT_IN_FILE,
        id=_TECH_FILE,
    ),
    # A note's author's decision on it for one access request: released (a copy of its
    # text as released, third parties blacked out, sealed like the note) or withheld on a
    # legal ground. Deleted with the note or the request. Not in the export as such: the
    # export's notes section is made of these decisions.
    "privacy.NoteRelease": _model(
        Category.NOTES,
        Sensitivity.HIGH,
        Retention.ACTIVE_FILE,
        False,
        ["rights_request", "note", "decision", "released_text", "masked_passages", "ground"],
        id=_TECH_FILE,
        decided_at=FieldClass(Category.FILE, Sensitivity.ORDINARY, Retention.ACTIVE_FILE, False),
        decided_by=FieldClass(Category.STAFF, Sensitivity.ORDINARY, Retention.ACTIVE_FILE, False),
    ),
    # Traces of pruning and controlled rewrites of the log: no personal data.
    "audit.AuditCheckpoint": _model(
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
    "audit.AuditSeal": _model(
        Category.TECHNICAL,
        Sensitivity.NONE,
        Retention.ACCESS_LOG,
        False,
        ["seq", "event_id", "previous", "digest", "key_id", "sealed_at", "mac"],
    ),
    "audit.PendingSeal": _model(
        Category.TECHNICAL, Sensitivity.NONE, Retention.ACCESS_LOG, False, ["event_id"]
    ),
    "audit.AuditRedaction": _model(
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
    # The statistical layer: coarse categories only, never in the person's access export
    # (nothing in it can be found from the person once the year's key is destroyed; before
    # that, the pseudonym is personal data and is classified as such).
    "stats.StatEvent": _model(
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
    "stats.YearKey": _model(
        Category.TECHNICAL,
        Sensitivity.ORDINARY,
        Retention.STATISTICS,
        False,
        ["year", "key", "closed"],
    ),
    # Kept counts of the grids: no pseudonym, nothing about a household.
    "stats.GridTally": _model(
        Category.STATISTICS,
        Sensitivity.NONE,
        Retention.STATISTICS,
        False,
        ["id", "grid", "definition", "year"],
    ),
    "stats.GridCell": _model(
        Category.STATISTICS,
        Sensitivity.NONE,
        Retention.STATISTICS,
        False,
        ["id", "tally", "table", "office", "row", "column", "n"],
    ),
    "stats.PaperGrid": _model(
        Category.STATISTICS,
        Sensitivity.NONE,
        Retention.CONFIGURATION,
        False,
        ["id", "grid", "year", "office"],
    ),
    # A version of a typed grid: counts of an office, and the agent who typed them.
    "stats.PaperGridVersion": _model(
        Category.STATISTICS,
        Sensitivity.NONE,
        Retention.CONFIGURATION,
        False,
        ["id", "paper_grid", "number", "kind", "values", "reason", "typed_at"],
        typed_by=_CATALOG_AGENT,
    ),
    # The cells a year's joint statistical secrecy withholds, and the fingerprint of the
    # counts it was decided on: addresses of cells, no count of a person.
    "background.Job": _model(
        Category.TECHNICAL,
        Sensitivity.NONE,
        Retention.CONFIGURATION,
        False,
        # What kind of work, on what (an import's id, a year), how far: no personal data.
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
    "stats.ProtectedYear": _model(
        Category.STATISTICS,
        Sensitivity.NONE,
        Retention.STATISTICS,
        False,
        ["year", "fingerprint", "withheld", "figures", "decided_at"],
    ),
    # Emergency accesses: access records. Not in the access export themselves: the audit
    # events of the same accesses are (by role and office, never by agent's name).
    "break_glass.BreakGlassGrant": _model(
        Category.ACCESS_LOG,
        Sensitivity.ORDINARY,
        Retention.ACCESS_LOG,
        False,
        ["actor", "casefile", "reason", "granted_at", "expires_at"],
        id=FieldClass(Category.TECHNICAL, Sensitivity.NONE, Retention.ACCESS_LOG, False),
    ),
    # The free-text guard's monthly counters per category: no text, no author, no file.
    "privacy.FreeTextFlagCount": _model(
        Category.STATISTICS,
        Sensitivity.NONE,
        Retention.STATISTICS,
        False,
        ["id", "category", "month", "count"],
    ),
}

# Apps whose models must all be classified.
INVENTORIED_APPS = (
    "offices",
    "accounts",
    "catalog",
    "casefiles",
    "break_glass",
    "audit",
    "privacy",
    "stats",
    "background",
)


def classification(model_label: str, field_name: str) -> FieldClass:
    return INVENTORY[model_label][field_name]
