"""The rules an item must satisfy to be offered, as pure functions over an item (or over
a dict of its fields, for a row being imported). The services enforce them, so the
administration site, the import and `catalog_check` give the same reasons."""

import re

from django.utils.translation import gettext as _

from lien.accounts.roles import Role

from .models import CoarseningMethod, Family, LegalBasis, Purpose, RetentionFamily, Sensitivity
from .value_types import REGISTRY, ValueType

# Words that mark a category the law forbids in this processing (the NIR needs a decree;
# origin, religion, opinions, sex life are never needed for social support). An item whose
# code or label contains one is treated as forbidden whatever its declared class.
FORBIDDEN_PATTERNS = (
    r"\bnir\b",
    r"secu(rite)?[- ]sociale",
    r"social[- ]security",
    r"ethni",
    r"\brace\b",
    r"racial",
    r"religi",
    r"orientation[- ]sexuelle",
    r"sexual[- ]orientation",
    r"opinion[- ]politique",
    r"political[- ]opinion",
    r"syndical",
    r"trade[- ]union",
)
_FORBIDDEN = re.compile("|".join(FORBIDDEN_PATTERNS), re.IGNORECASE)


def _get(item, name):
    return item.get(name) if isinstance(item, dict) else getattr(item, name)


def is_forbidden(item) -> bool:
    if _get(item, "sensitivity") == Sensitivity.FORBIDDEN:
        return True
    text = " ".join(str(_get(item, n) or "") for n in ("code", "label_fr", "label_en"))
    return bool(_FORBIDDEN.search(text.replace("-", " ")) or _FORBIDDEN.search(text))


def shape_faults(item) -> list[str]:
    """Faults that make an item wrong whatever its status (bad codes, a choice item
    without choices...)."""
    faults = []
    if _get(item, "family") not in Family.values:
        faults.append(_("The family must be one of: %s.") % ", ".join(Family.values))
    value_type = _get(item, "value_type")
    # A row being imported may hold anything here, even a list.
    spec = REGISTRY.get(value_type) if isinstance(value_type, str) else None
    if spec is None:
        faults.append(_("The type of value must be one of: %s.") % ", ".join(ValueType.values))
    if _get(item, "sensitivity") not in Sensitivity.values:
        faults.append(_("The sensitivity must be one of: %s.") % ", ".join(Sensitivity.values))
    unknown = [p for p in _get(item, "purposes") or [] if p not in Purpose.values]
    if unknown:
        faults.append(
            _("Unknown purpose %(unknown)s; choose among: %(known)s.")
            % {"unknown": ", ".join(unknown), "known": ", ".join(Purpose.values)}
        )
    if (_get(item, "legal_basis") or "") not in ["", *LegalBasis.values]:
        faults.append(_("The legal basis must be one of: %s.") % ", ".join(LegalBasis.values))
    if (_get(item, "retention_family") or "") not in ["", *RetentionFamily.values]:
        faults.append(
            _("The retention family must be one of: %s.") % ", ".join(RetentionFamily.values)
        )
    roles = [r for r in _get(item, "visible_to_roles") or [] if r not in Role.values]
    if roles:
        faults.append(
            _("Unknown role %(unknown)s; choose among: %(known)s.")
            % {"unknown": ", ".join(roles), "known": ", ".join(Role.values)}
        )
    choices = _get(item, "choices") or []
    if spec is not None and spec.has_choices:
        codes = [c.get("code") for c in choices if isinstance(c, dict)]
        if len(codes) < 2 or len(codes) != len(choices):
            faults.append(_("A choice item needs at least two choices, each with a code."))
        elif len(set(codes)) != len(codes):
            faults.append(_("Two choices have the same code."))
        elif any(not c.get("fr") or not c.get("en") for c in choices):
            faults.append(_("Every choice needs a French and an English label."))
    elif choices:
        faults.append(_("Only a choice item has choices."))
    coarsening = _get(item, "coarsening") or CoarseningMethod.NONE
    if coarsening not in CoarseningMethod.values:
        faults.append(_("The coarsening must be one of: %s.") % ", ".join(CoarseningMethod.values))
    elif _get(item, "feeds_statistics"):
        # A problem, an intervention or an aid type is counted by its presence.
        allowed = (
            (spec.coarsenings if spec is not None else frozenset())
            if _get(item, "family") in (Family.SITUATION, Family.POPULATION_SURVEY)
            else {CoarseningMethod.AS_IS}
        )
        if coarsening not in allowed:
            faults.append(
                _("An item that feeds statistics must declare a coarsening that fits its type.")
            )
    return faults


def activation_faults(item) -> list[str]:
    """Why the item may not be active, in the user's language; empty when it may."""
    if is_forbidden(item):
        return [
            _(
                "This item belongs to a forbidden category (NIR, origin, religion, opinions, "
                "sex life…): it can never be activated."
            )
        ]
    faults = shape_faults(item)
    if not _get(item, "purposes"):
        faults.append(_("Declare at least one purpose."))
    if not _get(item, "legal_basis"):
        faults.append(_("Declare the legal basis."))
    if not _get(item, "retention_family"):
        faults.append(_("Declare the retention family."))
    if not (_get(item, "justification") or "").strip():
        faults.append(_("Write the justification: why this item is strictly necessary."))
    if not _get(item, "visible_to_roles"):
        faults.append(_("Say which roles may see it."))
    return faults


def needs_dpo_approval(item) -> bool:
    return _get(item, "sensitivity") in (Sensitivity.SENSITIVE, Sensitivity.OFFENCES)
