"""The retention periods of docs/domain.md ("Rules from the law and the regulator"), in
one place. The catalogue's retention families, the generated register of processing and
the retention engine all read them from here."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .inventory import Retention


@dataclass(frozen=True)
class RetentionRule:
    family: Retention
    active_months: int | None  # None: no fixed period (kept while in use)
    archive_months: int  # intermediate archive after the active period; 0 = none
    then: str  # what happens at the end
    description: object  # lazily translated sentence for the register
    source: str

    @property
    def fixed_active_months(self) -> int:
        """The active period of a rule that has one, as the case-file rules do."""
        if self.active_months is None:
            raise ValueError(f"the rule {self.family} has no fixed active period")
        return self.active_months


RETENTION_ACTIVE_MONTHS = 24  # 2 years after the last contact coming from the person
RETENTION_AID_ARCHIVE_MONTHS = 60  # aid decisions and payments: 5 years of archive
RETENTION_ACCESS_LOG_MONTHS = 6  # rolling; at most 12
RETENTION_ACCESS_LOG_MAX_MONTHS = 12
RIGHTS_REQUEST_ANSWER_MONTHS = 1  # extendable by 2 with a reason (GDPR art. 12)

_REFERENTIAL = (
    "CNIL, référentiel durées de conservation, secteur social et médico-social (2023-095)"
)

RETENTION_RULES: dict[str, RetentionRule] = {
    Retention.ACTIVE_FILE: RetentionRule(
        Retention.ACTIVE_FILE,
        RETENTION_ACTIVE_MONTHS,
        0,
        "anonymise",
        _(
            "2 years after the last contact coming from the person, then anonymised "
            "(statistics keep only coarse, non-identifying values)."
        ),
        _REFERENTIAL,
    ),
    Retention.AID_DECISION: RetentionRule(
        Retention.AID_DECISION,
        RETENTION_ACTIVE_MONTHS,
        RETENTION_AID_ARCHIVE_MONTHS,
        "delete",
        _(
            "2 years after the last contact, then 5 years in the restricted intermediate "
            "archive (evidence of aid decisions and payments), then deleted."
        ),
        _REFERENTIAL,
    ),
    Retention.ACCESS_LOG: RetentionRule(
        Retention.ACCESS_LOG,
        RETENTION_ACCESS_LOG_MONTHS,
        0,
        "delete",
        _("6 months on a rolling basis (at most 1 year), then deleted."),
        "CNIL, recommandation sur la journalisation",
    ),
    Retention.STAFF_ACCOUNT: RetentionRule(
        Retention.STAFF_ACCOUNT,
        None,
        0,
        "deactivate",
        _("While the agent works in the service; the account is then deactivated."),
        "",
    ),
    # lien/casefiles/payments/retention.py applies it (manage.py erase_paid_bank_details).
    Retention.BANK_DETAILS: RetentionRule(
        Retention.BANK_DETAILS,
        None,
        0,
        "delete",
        _(
            "Until the payment is made and its accounting period is over (31 January "
            "of the year after the payment), then deleted; the payment order stays as "
            "evidence, with the aid decision."
        ),
        "Décret 2012-1246 (gestion budgétaire et comptable publique)",
    ),
    Retention.CONFIGURATION: RetentionRule(
        Retention.CONFIGURATION, None, 0, "keep", _("Kept while in use."), ""
    ),
    # A merge of duplicates keeps what it changed, and the emptied record, only to be
    # undone (LIEN_MERGE_UNDO_DAYS, 30 days); the audit log keeps the act itself.
    Retention.MERGE_UNDO: RetentionRule(
        Retention.MERGE_UNDO,
        1,
        0,
        "delete",
        _(
            "A merge of duplicates: what it changed and the emptied record are kept 30 days "
            "so that it can be undone, then deleted by the retention run."
        ),
        "",
    ),
}

# The families a catalogue item may declare: only those that govern data about a person.
ITEM_RETENTION_FAMILIES = (Retention.ACTIVE_FILE, Retention.AID_DECISION)
