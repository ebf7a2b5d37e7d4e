"""Anchors: the chain's head written outside the database at a regular interval.

Without the key nobody can forge a seal, but whoever can delete rows can still remove
the last seals with their events: the chain left is shorter and intact. An anchor is a
line appended to `LIEN_AUDIT_ANCHOR_FILE` (and, with `LIEN_AUDIT_ANCHOR_SYSLOG=1`, sent to
the system log, which may forward it to another machine) naming the head at that time:
its position, its MAC and its event. `verify_audit` checks every anchor against the
chain: a seal missing at an anchored position, or a different MAC there, is caught. Each
line carries its own MAC under the audit key, so a line cannot be forged either.

After a restore from backup the events since the backup are gone; `anchor_audit
--restored` appends a *restore* line, and the anchors written before it of positions
past the restored head are reported as lost in that restore rather than as tampering.
"""

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from . import keys
from .chain import FORMAT
from .models import AuditSeal

HEAD, RESTORE = "head", "restore"


@dataclass
class Anchor:
    line: int
    kind: str
    at: str
    seq: int
    mac: str
    event_id: int | None
    key_id: str

    def payload(self) -> list[object]:
        return [FORMAT, self.kind, self.at, self.seq, self.mac, self.event_id, self.key_id]


def anchor_file() -> Path | None:
    name = getattr(settings, "LIEN_AUDIT_ANCHOR_FILE", "")
    return Path(name) if name else None


def write_anchor(kind: str = HEAD) -> Anchor:
    """Appends the current head (call after sealing what waits) to the anchor file and,
    if asked, to the system log."""
    from .sealer import head

    seq, mac = head()
    event_id = AuditSeal.objects.filter(seq=seq).values_list("event_id", flat=True).first()
    kid = keys.current_key_id()
    at = timezone.now().isoformat(timespec="seconds")
    anchor = Anchor(0, kind, at, seq, mac, event_id, kid)
    line = json.dumps(
        {
            "kind": kind,
            "at": at,
            "seq": seq,
            "mac": mac,
            "event": event_id,
            "key": kid,
            "line_mac": keys.mac("anchor", anchor.payload(), kid),
        },
        separators=(",", ":"),
    )
    path = anchor_file()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_APPEND: each line goes to the end in one write, whoever else appends; the file
        # can be made append-only for everyone (chattr +a), see docs/admin.
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(descriptor, (line + "\n").encode())
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    if getattr(settings, "LIEN_AUDIT_ANCHOR_SYSLOG", False):
        import syslog

        syslog.openlog("lien-audit", 0, syslog.LOG_AUTH)
        syslog.syslog(syslog.LOG_NOTICE, f"audit anchor {line}")
    return anchor


class AnchorProblem(Exception):
    def __init__(self, problem: str, seq: int | None = None, event_id: int | None = None):
        super().__init__(problem)
        self.problem, self.seq, self.event_id = problem, seq, event_id


def read_anchors(path: Path) -> list[Anchor]:
    """Every anchor of the file, each checked against its own MAC."""
    anchors = []
    with path.open(encoding="utf-8") as lines:
        for number, text in enumerate(lines, start=1):
            try:
                data = json.loads(text)
                anchor = Anchor(
                    number,
                    data["kind"],
                    data["at"],
                    int(data["seq"]),
                    data["mac"],
                    data["event"],
                    data["key"],
                )
                valid = anchor.kind in (HEAD, RESTORE) and keys.matches(
                    data["line_mac"], "anchor", anchor.payload(), anchor.key_id
                )
            except (ValueError, KeyError, TypeError, keys.UnknownKeyError):
                valid = False
            if not valid:
                raise AnchorProblem(
                    f"line {number} of the anchor file {path} is not a valid anchor "
                    "(changed, forged, or written with a key the settings do not list)"
                )
            anchors.append(anchor)
    return anchors


@dataclass
class AnchorBook:
    """The anchors to check, by the position they name, as the verifier walks the chain."""

    path: Path | None
    by_seq: dict[int, list[Anchor]] = field(default_factory=dict)
    lost_in_restores: list[Anchor] = field(default_factory=list)
    checked: int = 0

    @classmethod
    def load(cls) -> "AnchorBook":
        path = anchor_file()
        book = cls(path)
        if path is None or not path.exists():
            return book
        anchors = read_anchors(path)
        restores = [a for a in anchors if a.kind == RESTORE]
        for anchor in anchors:
            # A head anchored before a restore, past the restored head: lost with it.
            if any(r.line > anchor.line and r.seq < anchor.seq for r in restores):
                book.lost_in_restores.append(anchor)
            else:
                book.by_seq.setdefault(anchor.seq, []).append(anchor)
        return book

    def check_start(self, start_seq: int, start_mac: str) -> None:
        """Anchors of pruned positions cannot be checked, except the last pruned one."""
        for seq in [s for s in self.by_seq if s <= start_seq]:
            for anchor in self.by_seq.pop(seq):
                if seq == start_seq and anchor.mac != start_mac:
                    raise AnchorProblem(self._rewritten(anchor), seq, anchor.event_id)
                self.checked += seq == start_seq

    def check(self, seq: int, mac: str, event_id: int) -> None:
        for anchor in self.by_seq.pop(seq, ()):
            if anchor.mac != mac or anchor.event_id != event_id:
                raise AnchorProblem(self._rewritten(anchor), seq, event_id)
            self.checked += 1

    def finish(self, head_seq: int) -> None:
        """Whatever is left names positions past the head: the chain lost its end."""
        if self.by_seq:
            anchor = self.by_seq[min(self.by_seq)][0]
            raise AnchorProblem(
                f"is missing: the chain ends at seal {head_seq}, but the anchor written "
                f"{anchor.at} (line {anchor.line} of {self.path}) recorded seal {anchor.seq}: "
                "events were removed from the end of the log",
                anchor.seq,
                anchor.event_id,
            )

    def _rewritten(self, anchor: Anchor) -> str:
        return (
            f"differs from the anchor written {anchor.at} (line {anchor.line} of {self.path}): "
            "the chain was rewritten up to this point"
        )
