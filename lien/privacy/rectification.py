"""The history of corrections (GDPR art. 16): when a person's identity or contact details
are corrected through `casefiles.households.services.update_person`, each changed field is kept here
with its former and new value, who, when and why, and the rectification request that
asked for it if there was one. The file page shows it to those who may see identity, and
the access export holds it."""

from datetime import date, time
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Field, Model
from django.utils.translation import gettext as _

from lien.accounts.models import User
from lien.casefiles.models import CaseFile, Person

from .models import Rectification, RequestStatus, RightKind, RightsRequest


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date | time):  # a datetime too
        return value.strftime("%d/%m/%Y")
    return str(value)[:300]


def open_rectification_requests(person_id: int) -> list[RightsRequest]:
    """The person's open rectification requests, which a correction may answer."""
    return list(
        RightsRequest.objects.filter(
            person_id=person_id, kind=RightKind.RECTIFICATION, status=RequestStatus.OPEN
        )
    )


def keep_corrections(
    *,
    actor: User,
    casefile: CaseFile,
    person: Person,
    before: dict[str, Any],
    reason: str = "",
    rights_request_id: int | str | None = None,
) -> list[Rectification]:
    """Called by the correcting service, in its transaction, after the new values are set
    on `person`: one row per field whose value changed."""
    request = None
    if rights_request_id:
        request = next(
            (r for r in open_rectification_requests(person.pk) if r.pk == int(rights_request_id)),
            None,
        )
        if request is None:
            raise ValidationError(
                {"rights_request": _("Choose an open rectification request of this person.")}
            )
    rows = [
        Rectification(
            casefile=casefile,
            person=person,
            field_name=name,
            old_value=_text(old),
            new_value=_text(getattr(person, name)),
            reason=(reason or "").strip()[:300],
            rights_request=request,
            changed_by=actor,
        )
        for name, old in before.items()
        if _text(old) != _text(getattr(person, name))
    ]
    return Rectification.objects.bulk_create(rows)


def field_label(model: type[Model], name: str) -> str:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a field since removed: its name is all there is
        return name
    # A correction is of a field of the person's own, which has a label; a relation none.
    return str(field.verbose_name) if isinstance(field, Field) else name
