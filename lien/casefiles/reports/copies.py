"""What each recipient of a social report receives: the committee decides on the request
and needs the household's shape, the budget's totals and the report's sections, not the
person's address, birth dates or each member's income; the person receives all that is
written about them. One table, so that a copy cannot take a field by accident."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lien.base.words import long_date

from ..budget.summary import SheetSummary, summarise
from ..households.models import Relationship
from .models import SocialReport


class Recipient(models.TextChoices):
    COMMITTEE = "committee", _("copy for the committee")
    PERSON = "person", _("copy for the person")


SECTIONS: dict[str, frozenset[str]] = {
    Recipient.COMMITTEE: frozenset(
        {
            "applicant",
            "household_shape",
            "budget_totals",
            "situation",
            "tried",
            "request",
            "assessment",
            "agreement",
        }
    ),
    Recipient.PERSON: frozenset(
        {
            "applicant",
            "household_members",
            "contact",
            "household_shape",
            "budget_totals",
            "budget_lines",
            "situation",
            "tried",
            "request",
            "assessment",
            "agreement",
        }
    ),
}


def report_copy(report: SocialReport, recipient: str) -> dict:
    """The copy's content: only the sections the recipient needs, each a plain value."""
    wanted = SECTIONS[Recipient(recipient)]
    aid = report.aid_request
    casefile = aid.casefile
    budget: SheetSummary | None = summarise(report.budget_sheet) if report.budget_sheet else None
    members = list(casefile.household.members.filter(left_on__isnull=True).select_related("person"))
    reference = next(
        (m.person for m in members if m.relationship == Relationship.REFERENCE),
        members[0].person if members else None,
    )
    everything = {
        "applicant": reference.full_name if reference else "",
        "household_members": [
            (m.person.full_name, m.get_relationship_display(), m.person.birth_date) for m in members
        ],
        "contact": (
            ", ".join(
                part
                for part in (
                    reference.address,
                    f"{reference.postal_code} {reference.town}".strip(),
                )
                if part
            )
            if reference
            else ""
        ),
        "household_shape": (budget.adults, budget.children) if budget else None,
        "budget_totals": budget.figures if budget else None,
        "budget_date": budget.sheet.dated_on if budget else None,
        "budget_lines": (budget.incomes, budget.charges) if budget else None,
        "situation": report.situation,
        "tried": report.tried,
        "request": report.request_text,
        "assessment": report.assessment,
        "agreement": long_date(report.agreed_on) if report.agreed_on else "",
    }
    copy: dict[str, object] = {name: value for name, value in everything.items() if name in wanted}
    if "budget_totals" in copy:
        copy["budget_date"] = everything["budget_date"]
    copy.update(
        recipient=str(Recipient(recipient).label),
        aid_type=aid.aid_type.label,
        office=casefile.office.name,
        file_number=casefile.pk,
    )
    return copy
