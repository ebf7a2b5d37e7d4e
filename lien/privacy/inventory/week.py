"""The inventory of what a file holds about the service's week (issue 17): its reminders
and tasks, the consents to appointment reminders and the reminders sent, the directory
of partners, what a person agreed to share and the referrals, and the child-protection
concerns sent to the CRIP. (The visits without a file leave nothing here: only coarse
values in the statistical record, see statistics.py.)"""

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

_SOCIAL_IN_EXPORT = FieldClass(
    Category.SOCIAL_SUPPORT, Sensitivity.ORDINARY, Retention.ACTIVE_FILE, True
)
# A child-protection concern: covered by professional secrecy and by the rules of the
# Code de l'action sociale et des familles (L. 226-2-1: the parents are informed of the
# transmission unless it is contrary to the child's interest). Not in the automated
# access export: the DPO answers an access request about it with its author and the CRIP
# (docs/admin/child-protection.md).
_CONCERN = FieldClass(Category.SOCIAL_SUPPORT, Sensitivity.HIGH, Retention.ACTIVE_FILE, False)

WEEK: dict[str, dict[str, FieldClass]] = {
    "casefiles.Deadline": classify(
        Category.SOCIAL_SUPPORT,
        Sensitivity.ORDINARY,
        Retention.ACTIVE_FILE,
        True,
        ["casefile", "kind", "label", "due_on", "done_on"],
        assigned_to=AGENT_IN_FILE,
        created_by=AGENT_IN_FILE,
        **ROW_FIELDS,
    ),
    "casefiles.ReminderConsent": classify(
        Category.CONTACT,
        Sensitivity.ORDINARY,
        Retention.ACTIVE_FILE,
        True,
        ["casefile", "person", "channel", "address", "given_on", "withdrawn_on"],
        recorded_by=AGENT_IN_FILE,
        withdrawal_recorded_by=AGENT_IN_FILE,
        id=TECH_FILE,
    ),
    # Never the text of a message: it is made when sent and kept nowhere.
    "casefiles.ReminderMessage": classify(
        Category.RECEPTION,
        Sensitivity.ORDINARY,
        Retention.ACTIVE_FILE,
        True,
        ["appointment", "consent", "status", "attempts", "failure", "sent_at"],
        next_attempt_at=TECH_FILE,
        created_at=DATE_IN_FILE,
        id=TECH_FILE,
    ),
    # Organisations, not persons: configuration.
    "casefiles.Partner": classify(
        Category.ORGANISATION,
        Sensitivity.NONE,
        Retention.CONFIGURATION,
        False,
        ["id", "name", "kind", "email", "phone", "address", "receivable_items", "is_active"],
    ),
    "casefiles.SharingAgreement": classify(
        Category.SOCIAL_SUPPORT,
        Sensitivity.ORDINARY,
        Retention.ACTIVE_FILE,
        True,
        ["casefile", "person", "item", "agreed_on", "withdrawn_on"],
        recorded_by=AGENT_IN_FILE,
        id=TECH_FILE,
    ),
    "casefiles.Referral": classify(
        Category.SOCIAL_SUPPORT,
        Sensitivity.ORDINARY,
        Retention.ACTIVE_FILE,
        True,
        ["casefile", "person", "partner", "reason", "sent_on", "items", "answer", "answered_on"],
        sent_by=AGENT_IN_FILE,
        **ROW_FIELDS,
    ),
    "casefiles.ChildProtectionConcern": {
        **dict.fromkeys(
            [
                "casefile",
                "children",
                "account",
                "crip",
                "sent_on",
                "proof_reference",
                "proof_received_on",
                "follow_up",
                "follow_up_on",
            ],
            _CONCERN,
        ),
        "author": FieldClass(Category.STAFF, Sensitivity.ORDINARY, Retention.ACTIVE_FILE, False),
        "id": TECH_FILE,
        "version": TECH_FILE,
        "created_at": TECH_FILE,
        "updated_at": TECH_FILE,
    },
}
