"""The limitation of processing (GDPR art. 18): while the DPO's limitation is in force
on a file, its data may only be kept.

The one check is `refuse_if_limited(casefile)`. It is called by
`lien.audit.services.record_for_file` for every write (create, update, delete) on a file,
inside the service's own transaction: since every file-write service must audit its act
there, every one of them refuses a limited file, the ones written later included, and the
transaction's rollback leaves nothing written. A service that does something the rollback
cannot undo before auditing (a file stored on disk, a message sent) calls
`refuse_if_limited` itself first, as `casefiles.documents.services.attach_document` does
(through `lien.casefiles.privacy_questions`: the case files do not import privacy).

The person's-rights acts (rights requests, the limitation itself, an opposition to
statistics) audit with `while_limited=True`: they must go on while the file is frozen.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from lien.base.compiled import compiled
from lien.casefiles.models import CaseFile

from .models import Limitation


class FileLimitedError(ValidationError):
    """A write on a file whose processing is limited: nothing is written."""

    def __init__(self, limitation: Limitation):
        super().__init__(
            _(
                "This file is frozen since %(date)s: the processing of its data is limited "
                "at the person's request (%(reason)s). Nothing can be recorded or changed "
                "until the data-protection officer lifts the limitation."
            ),
            code="limited",
            params={
                "date": date_format(localtime(limitation.since), "DATE_FORMAT"),
                "reason": limitation.reason,
            },
        )


@compiled
def _in_force(casefile_id: int) -> QuerySet[Limitation]:
    # At most one (a constraint); read on every file page, so compiled once.
    return Limitation.objects.filter(casefile_id=casefile_id, lifted_at__isnull=True)[:1]


def limitation_in_force(casefile_id: int) -> Limitation | None:
    found = _in_force(casefile_id=casefile_id)
    return found[0] if found else None


def refuse_if_limited(casefile: CaseFile | int) -> None:
    """Raises FileLimitedError when the file (or its id) is under a limitation in force."""
    casefile_id = casefile.pk if isinstance(casefile, CaseFile) else casefile
    limitation = limitation_in_force(casefile_id)
    if limitation is not None:
        raise FileLimitedError(limitation)


def limited_files() -> QuerySet[Limitation, Any]:
    """The ids of the files under a limitation in force (a subquery)."""
    return Limitation.objects.filter(lifted_at__isnull=True).values("casefile_id")
