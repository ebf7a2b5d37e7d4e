"""Re-encrypting every note with the current key, after LIEN_NOTES_KEY changed and the
former key moved to LIEN_NOTES_OLD_KEYS. Run by the operator (manage.py
rotate_notes_key), not by a user: no actor, one audit event for the whole run."""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import CharField, Count
from django.db.models.functions import Substr

from lien.audit.models import Action
from lien.audit.services import record

from ..models import Note
from .crypto import PREFIX, current_prefix, keyring

_KEY_ID_LENGTH = 8


@dataclass
class RotationReport:
    current_key: str
    total: int
    by_key: dict[str, int] = field(default_factory=dict)  # stored key id (or "plain") → notes
    rewritten: int = 0

    @property
    def to_do(self) -> int:
        return self.total - self.by_key.get(self.current_key, 0)


def _stored_key_counts() -> Counter:
    """How many notes each key sealed, read from the column's prefix alone: nothing is
    decrypted to count."""
    head = Substr("text", 1, len(PREFIX) + _KEY_ID_LENGTH, output_field=CharField())
    counts = Counter()
    for stored, count in _raw_counts(head):
        kid = stored.removeprefix(PREFIX) if stored.startswith(PREFIX) else "plain"
        counts[kid] += count
    return counts


def _raw_counts(head):
    return Note.objects.annotate(head=head).values_list("head").annotate(n=Count("pk")).order_by()


def _stale():
    # A pattern lookup is not passed through the field's encryption: it sees the column.
    return Note.objects.exclude(text__startswith=current_prefix()).exclude(text="")


def rotate(*, batch_size: int = 500, dry_run: bool = False) -> RotationReport:
    current = keyring()[0]
    counts = _stored_key_counts()
    report = RotationReport(current_key=current, total=sum(counts.values()), by_key=dict(counts))
    if dry_run:
        return report
    while True:
        with transaction.atomic():
            pks = list(_stale().order_by("pk").values_list("pk", flat=True)[:batch_size])
            if not pks:
                break
            # Loading unseals with whichever listed key sealed each note; saving seals
            # with the current one.
            notes = list(Note.objects.filter(pk__in=pks).only("pk", "text"))
            Note.objects.bulk_update(notes, ["text"])
            report.rewritten += len(notes)
    if report.rewritten:
        record(
            actor=None,
            action=Action.UPDATE,
            object_kind="notes_key",
            object_id=current,
            reason=f"notes re-encrypted with key {current}",
            result_count=report.rewritten,
        )
    return report
