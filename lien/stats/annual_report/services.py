"""Writes of the annual report: the author's commentary. The caller passes the offices
whose report the actor may write and `audit`, which writes the audit event inside the
transaction (stats knows neither the access policy nor the audit log)."""

from collections.abc import Collection
from typing import Protocol

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import ReportCommentary
from .content import check_scope, scope_of

MAX_CHARS = 10_000  # per section: a few pages of text


class Audit(Protocol):
    def __call__(self, *, object_id: str, office_id: int | None) -> object: ...


@transaction.atomic
def save_report_commentary(
    *,
    office_ids: Collection[int],
    office_id: int | None,
    year: int,
    sections: dict[str, str],
    audit: Audit,
) -> ReportCommentary:
    """Saves the commentary of every section at once (a section left empty is printed
    without commentary). The guard has read the text before (the page)."""
    check_scope(office_ids, office_id)
    values = {name: (sections.get(name) or "").strip() for name in ReportCommentary.SECTIONS}
    if any(len(text) > MAX_CHARS for text in values.values()):
        raise ValidationError(
            _("A section of commentary holds at most %(count)d characters.") % {"count": MAX_CHARS}
        )
    commentary, _created = ReportCommentary.objects.update_or_create(
        scope=str(scope_of(office_id)), year=year, defaults=values
    )
    audit(object_id=str(year), office_id=office_id)
    return commentary
