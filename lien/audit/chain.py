"""The keyed chain that makes the audit log tamper-evident.

An event is written in the transaction of the act it records, without any link: no lock,
so that no writer waits for another (`models.AuditEvent.save`). After commit, the sealer
(`sealer.py`) gives each waiting event the next place in the chain, its *seal*:

    seal = (seq, event id, previous MAC, key id, sealed at, digest, MAC)

where `digest` is a MAC of the event's content and `MAC` covers all the rest, including
the MAC of the seal before it. `seq` is given by the sealer in the order it sees the
events committed (not their id: ids are handed out at insert, not at commit, on
PostgreSQL). Changing an event breaks its digest; removing, inserting or reordering seals
breaks the links; making them agree again needs the key, which is not in the database.
Removing seals from the end is caught by the anchors written outside the database
(`anchors.py`).

The records here are built from plain values so that the sealer, the verifier and a
migration (with its historical models) compute them the same way.
"""

import hashlib
import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from . import keys

if TYPE_CHECKING:  # (these modules import this one)
    from .models import AuditCheckpoint, AuditEvent, AuditRedaction
    from .sealer import EventValues
    from .verification import Verdict

GENESIS = "0" * 64
FORMAT = 2  # the format of the records below, should it ever change

# The fields of an event that its digest covers: who did what, when, to what.
CONTENT_FIELDS = (
    "at",
    "actor_id",
    "actor_roles",
    "action",
    "object_kind",
    "object_id",
    "office_id",
    "household_id",
    "reason",
    "result_count",
    "request_id",
)


def to_millisecond(moment: datetime) -> datetime:
    """Dates are stored and hashed to the millisecond: what Django's JSON serialisation
    keeps, so that a backup restored from JSON still verifies."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat(timespec="milliseconds")


def event_digest(event: "AuditEvent | EventValues", kid: str | None = None) -> str:
    """A MAC of the event's content and id (keyed: a digest of an erased person's event
    cannot be matched against guessed household ids without the key)."""
    content = [getattr(event, name) for name in CONTENT_FIELDS]
    content[0] = _iso(content[0])
    return keys.mac("event", [FORMAT, event.id, *content], kid)


def seal_payload(
    seq: int, event_id: int, previous: str, kid: str, sealed_at: datetime, digest: str
) -> list[object]:
    return [FORMAT, seq, event_id, previous, kid, _iso(sealed_at), digest]


def seal_mac(
    seq: int, event_id: int, previous: str, kid: str, sealed_at: datetime, digest: str
) -> str:
    return keys.mac("seal", seal_payload(seq, event_id, previous, kid, sealed_at, digest), kid)


CHECKPOINT_FIELDS = (
    "kind",
    "created_at",
    "reason",
    "last_pruned_id",
    "last_pruned_seq",
    "pruned_count",
    "pruned_before",
    "anchor_hash",
    "rewritten_from_id",
    "previous_head",
    "new_head",
    "event_count",
    "key_id",
)


def checkpoint_mac(checkpoint: "AuditCheckpoint", kid: str | None = None) -> str:
    values = [getattr(checkpoint, name) for name in CHECKPOINT_FIELDS]
    values = [_iso(v) if hasattr(v, "astimezone") else v for v in values]
    return keys.mac("checkpoint", [FORMAT, *values], kid or checkpoint.key_id)


def redaction_mac(redaction: "AuditRedaction", kid: str | None = None) -> str:
    return keys.mac(
        "redaction",
        [
            FORMAT,
            redaction.event_id,
            redaction.seal_seq,
            redaction.digest_before,
            redaction.digest_after,
            redaction.checkpoint_id,
            redaction.key_id,
        ],
        kid or redaction.key_id,
    )


def legacy_digest(event: "AuditEvent", previous_hash: str) -> str:
    """The unkeyed SHA-256 of the chain before the key (format 1): read once, when the
    keyed chain adopts the events written before it (`sealer.adopt_former_events`)."""
    at = event.at.astimezone(UTC).isoformat(timespec="milliseconds")
    payload = [1, previous_hash, at, *(getattr(event, name) for name in CONTENT_FIELDS[1:])]
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def verify(*, batch_size: int = 2000, anchors: bool = True) -> "Verdict":
    """The whole check (verification.verify), importable from here as before."""
    from .verification import verify as run

    return run(batch_size=batch_size, anchors=anchors)
