"""The data inventory: every field of every model, classified.

For each field: what category of data it is, how sensitive, which retention family
governs it, and whether the person's access export must show it. The register of
processing, the retention engine and the access export read this table; a test fails
when a model gains a field that is not classified here, so that nothing is collected
without being declared.

The table is kept in one module per part of Lien (organisation.py, case_files.py,
audit_log.py, persons_rights.py, statistics.py, week.py), in the words of vocabulary.py.
"""

from .aid_payments import AID_PAYMENTS
from .audit_log import AUDIT_CHAIN, AUDIT_EVENTS
from .case_files import CASE_FILES, EMERGENCY_ACCESS
from .organisation import ORGANISATION
from .persons_rights import FREE_TEXT_COUNTS, PERSONS_RIGHTS
from .statistics import STATISTICS
from .vocabulary import Category, FieldClass, Retention, Sensitivity
from .week import WEEK

__all__ = [
    "INVENTORIED_APPS",
    "INVENTORY",
    "Category",
    "FieldClass",
    "Retention",
    "Sensitivity",
    "classification",
]

# In the order the register of processing lists them (each model as it came in).
INVENTORY: dict[str, dict[str, FieldClass]] = {
    **ORGANISATION,
    **CASE_FILES,
    **AUDIT_EVENTS,
    **PERSONS_RIGHTS,
    **AUDIT_CHAIN,
    **STATISTICS,
    **EMERGENCY_ACCESS,
    **FREE_TEXT_COUNTS,
    **WEEK,
    **AID_PAYMENTS,
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
    "storage",
    "background",
)


def classification(model_label: str, field_name: str) -> FieldClass:
    return INVENTORY[model_label][field_name]
