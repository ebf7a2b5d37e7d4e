"""The fields a letter template may name, each as a placeholder {{ name }}, and the check
that refuses a template naming a field its purpose does not allow.

The file's identity fields may go in any letter; the aid request's fields only in a
letter for the purpose "instruction and payment of financial aid"; a situation value
({{ situation.CODE }}) only when its catalogue item declares the template's purpose, is of
ordinary sensitivity and visible to social workers (`reports.prefill.item_allows`)."""

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lien.catalog.models import Item, Purpose

from ..reports.prefill import item_allows

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PATTERN = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
SITUATION_PREFIX = "situation."
EVERY_PURPOSE = frozenset(Purpose.values)
AID_ONLY = frozenset({Purpose.FINANCIAL_AID})


@dataclass(frozen=True)
class Placeholder:
    name: str
    label: "StrOrPromise"
    purposes: frozenset[str]


FIXED = (
    Placeholder("nom", gettext_lazy("name of the person"), EVERY_PURPOSE),
    Placeholder("adresse", gettext_lazy("postal address of the person"), EVERY_PURPOSE),
    Placeholder("date_du_jour", gettext_lazy("date of the letter"), EVERY_PURPOSE),
    Placeholder("service", gettext_lazy("the office"), EVERY_PURPOSE),
    Placeholder("numero_dossier", gettext_lazy("file number"), EVERY_PURPOSE),
    Placeholder("date_ouverture", gettext_lazy("date the file was opened"), EVERY_PURPOSE),
    Placeholder("referent", gettext_lazy("the social worker in charge"), EVERY_PURPOSE),
    Placeholder("aide_type", gettext_lazy("type of aid"), AID_ONLY),
    Placeholder("aide_date_demande", gettext_lazy("date the request was submitted"), AID_ONLY),
    Placeholder("aide_montant_demande", gettext_lazy("amount requested"), AID_ONLY),
    Placeholder("aide_montant_accorde", gettext_lazy("amount granted"), AID_ONLY),
    Placeholder("aide_date_decision", gettext_lazy("date of the decision"), AID_ONLY),
    Placeholder("aide_motifs_refus", gettext_lazy("reasons for the refusal"), AID_ONLY),
    Placeholder("aide_pieces_manquantes", gettext_lazy("what is missing"), AID_ONLY),
)
BY_NAME = {p.name: p for p in FIXED}


def names_in(body: str) -> list[str]:
    return [match.group(1) for match in PATTERN.finditer(body or "")]


def allowed_situation_items(purpose: str) -> list[Item]:
    items = Item.objects.filter(family="situation").order_by("label_fr")
    return [item for item in items if item_allows(item, purpose)]


def allowed_for(purpose: str) -> list[tuple[str, str]]:
    """(placeholder, what it holds) for a purpose, for the administrator's list."""
    fixed = [(p.name, str(p.label)) for p in FIXED if purpose in p.purposes]
    situation = [(SITUATION_PREFIX + i.code, i.label) for i in allowed_situation_items(purpose)]
    return fixed + situation


def check_template(body: str, purpose: str) -> None:
    """Refuses, in words, every placeholder the purpose does not allow."""
    if purpose not in Purpose.values:
        raise ValidationError({"purpose": _("Choose the purpose of the letter.")})
    faults = []
    situation_codes = {
        name.removeprefix(SITUATION_PREFIX)
        for name in names_in(body)
        if name.startswith(SITUATION_PREFIX)
    }
    items = {i.code: i for i in Item.objects.filter(code__in=situation_codes, family="situation")}
    for name in dict.fromkeys(names_in(body)):
        if name.startswith(SITUATION_PREFIX):
            item = items.get(name.removeprefix(SITUATION_PREFIX))
            if item is None:
                faults.append(
                    _("« {{ %(name)s }} » is not an item of the catalogue's situation.")
                    % {"name": name}
                )
            elif not item_allows(item, purpose):
                faults.append(
                    _(
                        "« {{ %(name)s }} » (%(label)s) may not appear in a letter: the "
                        "catalogue does not allow this item for the purpose « %(purpose)s »."
                    )
                    % {"name": name, "label": item.label, "purpose": Purpose(purpose).label}
                )
        elif name not in BY_NAME:
            faults.append(_("« {{ %(name)s }} » is not a field a letter may use.") % {"name": name})
        elif purpose not in BY_NAME[name].purposes:
            faults.append(
                _(
                    "« {{ %(name)s }} » (%(label)s) may not appear in a letter for the purpose "
                    "« %(purpose)s »."
                )
                % {"name": name, "label": BY_NAME[name].label, "purpose": Purpose(purpose).label}
            )
    if faults:
        raise ValidationError({"body": faults}, code="placeholder")
