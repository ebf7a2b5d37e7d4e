"""What the case files ask about the rights of the persons they record, and how privacy
answers without being imported.

The case files stand below privacy (docs/architecture.md, "Layers"): privacy reads, limits
and exports the files, so the files may not import it. Yet a few of their acts depend on
what privacy records: a document is refused while the file is frozen, a correction of
identity is kept for the rectification history, a saved note feeds the free-text guard's
counters, a household that opposed statistics feeds none, a successor naming waits for
the open access requests, and the file page shows the notices and the limitation.

Each of these is a question below, with the shape of its answer. Privacy hands in its
answers when Django starts (`PrivacyConfig.ready`, through `lien.privacy.answers`), and
the case files ask `privacy().<question>(...)`. Asked before any answer, a question raises
instead of answering "no": a guarantee silently skipped would be worse than a failure.
"""

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

from lien.accounts.models import User

from .files.models import CaseFile
from .households.models import Person


class OpenRequest(Protocol):
    """A person's open rectification request, offered on the correction form."""

    @property
    def pk(self) -> int: ...
    @property
    def received_on(self) -> date: ...


class KeepCorrections(Protocol):
    def __call__(
        self,
        *,
        actor: User,
        casefile: CaseFile,
        person: Person,
        before: dict[str, Any],
        reason: str = "",
        rights_request_id: int | str | None = None,
    ) -> object: ...


class CountInAggregate(Protocol):
    def __call__(self, text: str, *, before: str = "") -> None: ...


class FilePanel(Protocol):
    """What privacy shows at the top of the file page: its own template, given this
    object as `notice_status`, and the limitation in force if any, which freezes the
    page."""

    @property
    def template_name(self) -> str: ...
    @property
    def limitation(self) -> object | None: ...


class FilePanelFor(Protocol):
    def __call__(self, *, actor: User, casefile: CaseFile) -> FilePanel: ...


@dataclass(frozen=True)
class PrivacyAnswers:
    # Raises a ValidationError when a limitation of processing is in force on the file
    # (or the file of this id): nothing may be written on it.
    refuse_if_limited: Callable[[CaseFile | int], None]
    # The person's open rectification requests, one of which a correction may answer.
    open_rectification_requests: Callable[[int], Sequence[OpenRequest]]
    # Keeps the former value of each corrected field, in the correcting transaction;
    # raises a ValidationError for a rights request that is not one of the person's open
    # rectification requests.
    keep_corrections: KeepCorrections
    # Counts the categories the free-text guard finds in a saved note (not yet found in
    # its former text), in aggregate only.
    count_in_aggregate: CountInAggregate
    # The ids of the persons who opposed statistics, as a subquery.
    persons_opposed_to_statistics: Callable[[], QuerySet[Any, Any]]
    # {person id: the earliest answer due of their open access requests}, for these persons.
    access_requests_due: Callable[[Collection[int]], dict[int, date]]
    # The privacy panel of the file page, for an actor who may see the file's identity,
    # given the file the page has read.
    file_panel_for: FilePanelFor


_answers: list[PrivacyAnswers] = []


def answer(answers: PrivacyAnswers) -> None:
    """Called once by privacy when Django starts."""
    _answers[:] = [answers]


def privacy() -> PrivacyAnswers:
    """The answers privacy gave."""
    if not _answers:
        raise ImproperlyConfigured(
            "The case files ask privacy about the persons' rights, but lien.privacy has not "
            "answered: is it in INSTALLED_APPS?"
        )
    return _answers[0]
