"""Checking the audit log: every checkpoint, every seal in order, every event against its
seal, every redaction, the events still waiting to be sealed, and the anchors kept
outside the database. Stops at the first fault and names it."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Exists, Min, OuterRef

from . import keys
from .anchors import AnchorBook, AnchorProblem
from .chain import CONTENT_FIELDS, checkpoint_mac, event_digest, redaction_mac, seal_payload
from .models import (
    AuditCheckpoint,
    AuditEvent,
    AuditRedaction,
    AuditSeal,
    CheckpointKind,
    PendingSeal,
)
from .sealer import EventValues, chain_start, event_values

# A seal's place, as the faults name it: (event id, seq).
Where = tuple[int, int]


@dataclass
class Verdict:
    intact: bool
    checked: int  # sealed events verified
    head: str  # MAC of the last seal
    head_seq: int = 0
    bad_event_id: int | None = None
    problem: str = ""
    bad_seq: int | None = None
    waiting: int = 0  # committed events not yet sealed
    oldest_waiting: datetime | None = None
    anchors_checked: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        if self.bad_event_id is None:
            return self.problem
        where = f" (seal {self.bad_seq})" if self.bad_seq is not None else ""
        return f"event {self.bad_event_id}{where} {self.problem}"


class _Broken(Exception):
    def __init__(self, problem: str, event_id: int | None = None, seq: int | None = None):
        super().__init__(problem)
        self.problem, self.event_id, self.seq = problem, event_id, seq


def _check_checkpoints() -> set[int]:
    """Every checkpoint must carry a valid MAC. Returns the ids of the rewrites."""
    rewrites: set[int] = set()
    for checkpoint in AuditCheckpoint.objects.order_by("id"):
        if not checkpoint.mac or checkpoint.mac != _checkpoint_mac_or_empty(checkpoint):
            raise _Broken(
                f"checkpoint {checkpoint.pk} ({checkpoint.kind}) does not verify with the audit "
                "key: it was forged or changed"
            )
        if checkpoint.kind == CheckpointKind.REWRITE:
            rewrites.add(checkpoint.pk)
    return rewrites


def _checkpoint_mac_or_empty(checkpoint: AuditCheckpoint) -> str:
    try:
        return checkpoint_mac(checkpoint)
    except keys.UnknownKeyError:
        return ""


def _redactions(rewrites: set[int]) -> dict[int, list[AuditRedaction]]:
    """The valid redactions by event, in order."""
    by_event: dict[int, list[AuditRedaction]] = {}
    for redaction in AuditRedaction.objects.order_by("id"):
        try:
            valid = redaction.mac == redaction_mac(redaction)
        except keys.UnknownKeyError:
            valid = False
        if not valid:
            raise _Broken(
                "has a redaction that does not verify with the audit key: forged or changed",
                redaction.event_id,
                redaction.seal_seq,
            )
        if redaction.checkpoint_id not in rewrites:
            raise _Broken(
                f"has a redaction whose rewrite checkpoint {redaction.checkpoint_id} is missing",
                redaction.event_id,
                redaction.seal_seq,
            )
        by_event.setdefault(redaction.event_id, []).append(redaction)
    return by_event


class _Walk:
    """The state of the walk along the seals."""

    def __init__(
        self,
        start_seq: int,
        start_mac: str,
        redactions: dict[int, list[AuditRedaction]],
        anchors: AnchorBook | None,
    ) -> None:
        self.seq, self.previous = start_seq, start_mac
        self.redactions, self.anchors = redactions, anchors
        self.checked = 0
        self.key_in_use: str | None = None
        self.retired_keys: set[str] = set()
        # Dates: an event cannot be older than the events sealed in earlier batches by
        # more than the longest transaction (else it was written after the fact).
        self.grace = timedelta(seconds=settings.LIEN_AUDIT_SEAL_GRACE_SECONDS)
        self.batch_sealed_at: datetime | None = None
        self.batch_latest: datetime | None = None
        self.earlier_latest: datetime | None = None

    def seal(self, seal: AuditSeal, event: EventValues | None) -> None:
        where = (seal.event_id, seal.seq)
        if seal.seq != self.seq + 1:
            raise _Broken(f"follows seal {self.seq}: seal {self.seq + 1} was removed", *where)
        if seal.previous != self.previous:
            raise _Broken(
                "does not follow the seal before it: a seal was removed, inserted or rewritten",
                *where,
            )
        self._key(seal, where)
        payload = seal_payload(
            seal.seq, seal.event_id, seal.previous, seal.key_id, seal.sealed_at, seal.digest
        )
        if not keys.matches(seal.mac, "seal", payload, seal.key_id):
            raise _Broken(
                "has a seal that does not verify with the audit key: forged or changed", *where
            )
        if event is None:
            raise _Broken("was removed (its seal is still in the chain)", *where)
        if event_digest(event, self._digest_key(seal)) != self._expected_digest(seal, where):
            raise _Broken("its content was changed", *where)
        self._date(seal, event, where)
        if self.anchors is not None:
            try:
                self.anchors.check(seal.seq, seal.mac, seal.event_id)
            except AnchorProblem as problem:
                raise _Broken(problem.problem, *where) from None
        self.seq, self.previous = seal.seq, seal.mac
        self.checked += 1

    def _key(self, seal: AuditSeal, where: Where) -> None:
        if seal.key_id not in keys.keyring()[1]:
            raise _Broken(
                f"was sealed with key {seal.key_id}, which neither LIEN_AUDIT_KEY nor "
                "LIEN_AUDIT_OLD_KEYS holds",
                *where,
            )
        if seal.key_id != self.key_in_use:
            if seal.key_id in self.retired_keys:
                raise _Broken("was sealed with a former key after a newer one was in use", *where)
            if self.key_in_use:
                self.retired_keys.add(self.key_in_use)
            self.key_in_use = seal.key_id

    def _digest_key(self, seal: AuditSeal) -> str:
        redactions = self.redactions.get(seal.event_id)
        return redactions[-1].key_id if redactions else seal.key_id

    def _expected_digest(self, seal: AuditSeal, where: Where) -> str:
        digest = seal.digest
        for redaction in self.redactions.get(seal.event_id, ()):
            if redaction.digest_before != digest or redaction.seal_seq != seal.seq:
                raise _Broken("has redactions that do not follow its seal", *where)
            digest = redaction.digest_after
        return digest

    def _date(self, seal: AuditSeal, event: EventValues, where: Where) -> None:
        if seal.sealed_at != self.batch_sealed_at:
            if self.batch_latest is not None:
                self.earlier_latest = max(
                    self.earlier_latest or self.batch_latest, self.batch_latest
                )
            self.batch_sealed_at, self.batch_latest = seal.sealed_at, None
        if self.earlier_latest is not None and event.at < self.earlier_latest - self.grace:
            raise _Broken(
                f"is dated {event.at:%Y-%m-%d %H:%M} but was sealed after events dated up to "
                f"{self.earlier_latest:%Y-%m-%d %H:%M}: it was written after the fact",
                *where,
            )
        self.batch_latest = max(self.batch_latest or event.at, event.at)


def _walk_seals(walk: _Walk, batch_size: int) -> None:
    while True:
        seals = list(AuditSeal.objects.filter(seq__gt=walk.seq).order_by("seq")[:batch_size])
        if not seals:
            return
        rows = AuditEvent.objects.filter(id__in=[s.event_id for s in seals]).values_list(
            "id", *CONTENT_FIELDS
        )
        events = {row[0]: event_values(row) for row in rows}
        for seal in seals:
            walk.seal(seal, events.get(seal.event_id))


def _unsealed() -> tuple[int, datetime | None]:
    unsealed = AuditEvent.objects.filter(~Exists(AuditSeal.objects.filter(event_id=OuterRef("id"))))
    stray = (
        unsealed.filter(~Exists(PendingSeal.objects.filter(event_id=OuterRef("id"))))
        .order_by("id")
        .values_list("id", flat=True)
        .first()
    )
    if stray is not None:
        raise _Broken("is in no seal and not waiting to be sealed: written outside Lien", stray)
    found = unsealed.aggregate(count=Count("id"), oldest=Min("at"))
    return found["count"], found["oldest"]


def verify(*, batch_size: int = 2000, anchors: bool = True) -> Verdict:
    """Walks the chain from its start (or the last pruning) to its head."""
    walk = None
    book = None
    try:
        rewrites = _check_checkpoints()
        start_seq, start_mac = chain_start()
        stray = AuditSeal.objects.filter(seq__lte=start_seq).order_by("seq").first()
        if stray is not None:
            raise _Broken(
                f"has a seal older than the last pruning (seal {start_seq}): inserted after it",
                stray.event_id,
                stray.seq,
            )
        book = AnchorBook.load() if anchors else None
        if book is not None:
            book.check_start(start_seq, start_mac)
        walk = _Walk(start_seq, start_mac, _redactions(rewrites), book)
        _walk_seals(walk, batch_size)
        if book is not None:
            book.finish(walk.seq)
        waiting, oldest = _unsealed()
    except (_Broken, AnchorProblem) as broken:
        event_id = getattr(broken, "event_id", None)
        return Verdict(
            False,
            walk.checked if walk else 0,
            walk.previous if walk else "",
            walk.seq if walk else 0,
            event_id,
            broken.problem,
            broken.seq,
        )
    verdict = Verdict(True, walk.checked, walk.previous, walk.seq, waiting=waiting)
    verdict.oldest_waiting = oldest
    verdict.anchors_checked = book.checked if book else 0
    verdict.notes = _notes(book)
    return verdict


def _notes(book: AnchorBook | None) -> list[str]:
    notes = [
        f"keyed chain started on {c.created_at:%Y-%m-%d}: {c.reason}"
        for c in AuditCheckpoint.objects.filter(kind=CheckpointKind.ADOPT)
    ]
    if book is not None and book.path is not None and not book.path.exists():
        notes.append(f"no anchor file yet at {book.path}: run `manage.py anchor_audit`")
    if book is not None and book.lost_in_restores:
        notes.append(
            f"{len(book.lost_in_restores)} anchors name events lost in a restore from backup"
        )
    return notes
