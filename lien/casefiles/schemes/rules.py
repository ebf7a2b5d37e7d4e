"""The rules of an aid scheme, as the services apply them. An aid type with no scheme
keeps the rules it always had (no ceiling, no required document, decided by the
office), so that a catalogue item added before its scheme still works."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lien.base.fields import format_euros

from ..documents.models import Document, DocumentKind
from ..files.models import CaseFile
from .models import AidScheme


def scheme_of(aid_type_id: int) -> AidScheme | None:
    return AidScheme.objects.select_related("aid_type").filter(aid_type_id=aid_type_id).first()


def check_ceiling(scheme: AidScheme | None, amount: Decimal | None, field: str) -> None:
    """Refuses an amount above the scheme's ceiling, next to the field that typed it."""
    if scheme is None or amount is None or Decimal(amount) <= scheme.ceiling:
        return
    raise ValidationError(
        {
            field: _(
                "The amount (%(amount)s) is above the ceiling of the scheme "
                "“%(scheme)s” (%(ceiling)s)."
            )
            % {
                "amount": format_euros(amount),
                "scheme": scheme.aid_type.label,
                "ceiling": format_euros(scheme.ceiling),
            }
        },
        code="ceiling",
    )


def missing_documents(scheme: AidScheme | None, casefile: CaseFile) -> list[str]:
    """The kinds of document the scheme requires that the file does not hold."""
    if scheme is None or not scheme.required_documents:
        return []
    held = set(Document.objects.filter(casefile=casefile).values_list("kind", flat=True))
    return [kind for kind in scheme.required_documents if kind not in held]


def check_documents(scheme: AidScheme | None, casefile: CaseFile) -> None:
    """Refuses the submission of a request whose file lacks a required document."""
    missing = missing_documents(scheme, casefile)
    if not missing:
        return

    labels = dict(DocumentKind.choices)
    raise ValidationError(
        _(
            "The request cannot be submitted: the scheme requires documents that the "
            "file does not hold (%(documents)s). Add them to the file first."
        )
        % {"documents": ", ".join(str(labels[kind]) for kind in missing)},
        code="missing_documents",
    )


def check_decided_by_office(scheme: AidScheme | None) -> None:
    """A scheme that goes to committee is decided in session, never on the file."""
    if scheme is not None and scheme.goes_to_committee:
        raise ValidationError(
            _(
                "This aid is decided by the committee of the scheme “%(scheme)s”: its "
                "secretary records the decision in session."
            )
            % {"scheme": scheme.aid_type.label},
            code="committee",
        )
