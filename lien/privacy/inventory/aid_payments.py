"""The inventory of the aid schemes, committees and payment orders
(lien/casefiles/schemes, committees, payments). The schemes are configuration; an
agenda line and a payment order are evidence of an aid decision and its payment
(archived with it); the bank details are kept only until the payment is paid and its
accounting period over (Retention.BANK_DETAILS)."""

from .vocabulary import (
    TECH_FILE,
    Category,
    FieldClass,
    Retention,
    Sensitivity,
    classify,
)

_EVIDENCE = FieldClass(Category.FINANCIAL_AID, Sensitivity.HIGH, Retention.AID_DECISION, True)
_AGENT_OF_AID = FieldClass(Category.STAFF, Sensitivity.ORDINARY, Retention.AID_DECISION, True)

AID_PAYMENTS: dict[str, dict[str, FieldClass]] = {
    "casefiles.AidScheme": classify(
        Category.CATALOG,
        Sensitivity.NONE,
        Retention.CONFIGURATION,
        False,
        ["id", "aid_type", "ceiling", "instructed_by", "decided_by", "required_documents"],
    ),
    "casefiles.SchemeReason": classify(
        Category.CATALOG,
        Sensitivity.NONE,
        Retention.CONFIGURATION,
        False,
        ["id", "scheme", "kind", "code", "text", "family", "in_use"],
    ),
    # A session is about no one; its members are agents, kept with the decisions.
    "casefiles.CommitteeSession": classify(
        Category.FINANCIAL_AID,
        Sensitivity.NONE,
        Retention.AID_DECISION,
        False,
        ["id", "scheme", "held_on", "closed_at", "created_at"],
        members=FieldClass(Category.STAFF, Sensitivity.ORDINARY, Retention.AID_DECISION, False),
        created_by=FieldClass(Category.STAFF, Sensitivity.ORDINARY, Retention.AID_DECISION, False),
    ),
    "casefiles.AgendaEntry": classify(
        Category.FINANCIAL_AID,
        Sensitivity.HIGH,
        Retention.AID_DECISION,
        True,
        [
            "session",
            "aid_request",
            "outcome",
            "amount_granted",
            "reasons",
            "reason_text",
            "missing_documents",
            "decided_at",
        ],
        decided_by=_AGENT_OF_AID,
        id=TECH_FILE,
    ),
    "casefiles.PaymentBatch": classify(
        Category.FINANCIAL_AID,
        Sensitivity.NONE,
        Retention.AID_DECISION,
        False,
        ["id", "created_at", "paid_on", "set_aside"],
        created_by=FieldClass(Category.STAFF, Sensitivity.ORDINARY, Retention.AID_DECISION, False),
    ),
    "casefiles.PaymentOrder": classify(
        Category.FINANCIAL_AID,
        Sensitivity.HIGH,
        Retention.AID_DECISION,
        True,
        [
            "aid_request",
            "amount",
            "payee_kind",
            "payee_name",
            "status",
            "batch",
            "ordered_on",
            "paid_on",
            "rejected_on",
            "rejection_reason",
        ],
        ordered_by=_AGENT_OF_AID,
        id=TECH_FILE,
    ),
    # Not in the person's access export: the account is often a third party's (the
    # landlord's, the energy supplier's); the order says who was paid.
    "casefiles.BankDetails": classify(
        Category.FINANCIAL_AID,
        Sensitivity.HIGH,
        Retention.BANK_DETAILS,
        False,
        ["holder", "iban"],
        order=TECH_FILE,
        id=TECH_FILE,
    ),
}
