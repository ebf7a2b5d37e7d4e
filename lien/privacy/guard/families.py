"""What the guard can say: the families of phrasing it looks for, the category each one
belongs to, and the plain-language reason shown to the social worker.

A category is what the counters and the highlighted word's label name (the CNIL's
categories, FlagCategory); a family is a way of saying it that deserves its own advice
(suicide is health data, but the advice differs from a diagnosis)."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ..models import FlagCategory

# Identifiers Lien does not collect: shown like a category, never counted (the monthly
# counters have a fixed list of categories, FlagCategory).
NIR = "nir"
BANK_ACCOUNT = "bank_account"
IDENTIFIER_LABELS = {
    NIR: _("social-security number"),
    BANK_ACCOUNT: _("bank account number"),
}

# The family of the expressions that are fine and silence any other reading of the same
# words ("assurance maladie", "rue de l'Église").
SAFE = "safe"

SUGGESTIONS = {
    FlagCategory.HEALTH: _(
        "Health data is sensitive (GDPR art. 9) and belongs to the medical file. Describe "
        "the effect on daily life instead (for example: cannot work full time)."
    ),
    FlagCategory.ORIGIN: _(
        "Racial or ethnic origin is sensitive data (GDPR art. 9) that a social file does "
        "not need. If it matters for the help, state the useful fact (for example: "
        "nationality, or an interpreter needed)."
    ),
    FlagCategory.RELIGION: _(
        "Religious or philosophical beliefs are sensitive data (GDPR art. 9) and are not "
        "written in a note. If a practical need follows (a meal, a date), note only the need."
    ),
    FlagCategory.OPINIONS: _(
        "Political opinions and union membership are sensitive data (GDPR art. 9): they "
        "have no place in a social file."
    ),
    FlagCategory.SEXUAL_LIFE: _(
        "Sex life and sexual orientation are sensitive data (GDPR art. 9): they are not "
        "written in the file."
    ),
    FlagCategory.OFFENCES: _(
        "Offences and convictions may only be recorded under the control of a public "
        "authority (GDPR art. 10). State only the fact needed for the help (for example: "
        "unavailable until a given date)."
    ),
    FlagCategory.JUDGEMENT: _(
        "A value judgement: the person may read their file (GDPR art. 15) and a note must "
        "stay objective. Describe what was observed or said, in neutral terms."
    ),
}

_SUICIDE = _(
    "A risk of suicide is health data (GDPR art. 9): it is for the care team and the "
    "emergency procedure, not for the social file. Note the step taken instead (for "
    "example: referred today to the medical-psychological centre)."
)
_STAY_STATUS = _(
    "Such words about the right to stay stigmatise the person and hint at their origin. "
    "State only the document and the step reached (for example: residence permit applied "
    "for on 3 March)."
)
_HYGIENE = _(
    "A judgement of hygiene or disgust about a person: they may read their file, and such "
    "words hurt without helping. Describe the fact and what it calls for (for example: "
    "housing to be cleared, help at home offered)."
)
_NIR = _(
    "Lien does not collect the social-security number (NIR): its use is restricted by law "
    "and Lien's record of processing does not include it. Remove it from the note."
)
_BANK_ACCOUNT = _(
    "Bank details have no place in a note: whoever reads the note would see them. Give "
    "them with the aid application to the service that pays it."
)


@dataclass(frozen=True)
class Family:
    category: str
    reason: Promise


FAMILIES: dict[str, Family] = {
    **{category.value: Family(category.value, SUGGESTIONS[category]) for category in FlagCategory},
    "suicide": Family(FlagCategory.HEALTH.value, _SUICIDE),
    "stay_status": Family(FlagCategory.ORIGIN.value, _STAY_STATUS),
    "hygiene": Family(FlagCategory.JUDGEMENT.value, _HYGIENE),
    NIR: Family(NIR, _NIR),
    BANK_ACCOUNT: Family(BANK_ACCOUNT, _BANK_ACCOUNT),
}

# The families a lexicon file may list words for (the numbers are found by their shape).
WORD_FAMILIES = frozenset(FAMILIES) - {NIR, BANK_ACCOUNT} | {SAFE}


def category_label(category: str) -> str | Promise:
    if category in IDENTIFIER_LABELS:
        return IDENTIFIER_LABELS[category]
    return FlagCategory(category).label
