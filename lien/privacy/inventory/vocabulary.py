"""The words of the data inventory: the category, sensitivity and retention family a
field is classified in, and the classes many models share."""

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
    BANK_DETAILS = "bank_details"  # deleted once paid and the accounting period over
    ACCESS_LOG = "access_log"  # 6 months rolling
    STAFF_ACCOUNT = "staff_account"  # while the agent works here
    CONFIGURATION = "configuration"  # kept while in use
    STATISTICS = "statistics"  # pseudonymous until the year closes, then anonymous
    MERGE_UNDO = "merge_undo"  # a merge's journal: the undo period (30 days), then deleted


@dataclass(frozen=True)
class FieldClass:
    category: Category
    sensitivity: Sensitivity
    retention: Retention
    in_access_export: bool


def classify(
    category: Category,
    sensitivity: Sensitivity,
    retention: Retention,
    in_export: bool,
    fields: list[str],
    **overrides: FieldClass,
) -> dict[str, FieldClass]:
    """One model's fields: the listed ones in one class, the named overrides in theirs."""
    default = FieldClass(category, sensitivity, retention, in_export)
    classified = dict.fromkeys(fields, default)
    classified.update(overrides)
    return classified


# The classes many models share.
TECH_FILE = FieldClass(Category.TECHNICAL, Sensitivity.NONE, Retention.ACTIVE_FILE, False)
DATE_IN_FILE = FieldClass(Category.FILE, Sensitivity.ORDINARY, Retention.ACTIVE_FILE, True)
AGENT_IN_FILE = FieldClass(Category.STAFF, Sensitivity.ORDINARY, Retention.ACTIVE_FILE, True)
CATALOG_AGENT = FieldClass(Category.STAFF, Sensitivity.ORDINARY, Retention.CONFIGURATION, False)
ACCESS_LOG_ENTRY = FieldClass(Category.ACCESS_LOG, Sensitivity.ORDINARY, Retention.ACCESS_LOG, True)
ROW_FIELDS = {
    "id": TECH_FILE,
    "version": TECH_FILE,
    "created_at": DATE_IN_FILE,
    "updated_at": TECH_FILE,
}
