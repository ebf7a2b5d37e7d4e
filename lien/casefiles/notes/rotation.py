"""Re-encrypting every note with the current key, after LIEN_NOTES_KEY changed and the
former key moved to LIEN_NOTES_OLD_KEYS. Run by the operator (manage.py
rotate_notes_key, or its task), not by a user: no actor.

Audited batch by batch: each batch's event ("notes_key_batch", the key's id, how many
texts) is written in the batch's transaction, so that a run interrupted half-way has left
the trace of what it did. When no text is left on a former key, one event ("notes_key")
counts the whole rotation to that key, every run that took part in it added up."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction
from django.db.models import CharField, Count, Sum
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from lien.audit.models import Action, AuditEvent
from lien.audit.services import record

from .crypto import PREFIX, EncryptedTextField, current_prefix, keyring

_KEY_ID_LENGTH = 8


@dataclass
class RotationReport:
    current_key: str
    total: int
    by_key: dict[str, int] = field(default_factory=dict)  # stored key id (or "plain") → notes
    rewritten: int = 0  # by this run
    rotation_total: int = 0  # by every run of the rotation to the current key, once finished

    @property
    def to_do(self) -> int:
        return self.total - self.by_key.get(self.current_key, 0)


def _sealed_models():
    """Every column sealed with the notes key, found by its field: the notes, and the text
    of notes as released for an access export (`privacy.NoteRelease`, an app above the
    case files), a copy that the same key must keep readable; any added later too."""
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    ]


def _stored_key_counts() -> Counter:
    """How many texts each key sealed, read from the column's prefix alone: nothing is
    decrypted to count."""
    counts: Counter[str] = Counter()
    for model, column in _sealed_models():
        head = Substr(column, 1, len(PREFIX) + _KEY_ID_LENGTH, output_field=CharField())
        rows = (
            model.objects.exclude(**{column: ""})
            .annotate(head=head)
            .values_list("head")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for stored, count in rows:
            kid = stored.removeprefix(PREFIX) if stored.startswith(PREFIX) else "plain"
            counts[kid] += count
    return counts


def _stale(model, column):
    # A pattern lookup is not passed through the field's encryption: it sees the column.
    return model.objects.exclude(**{f"{column}__startswith": current_prefix()}).exclude(
        **{column: ""}
    )


def rotate(
    *,
    batch_size: int = 500,
    dry_run: bool = False,
    in_batch: Callable[[int], None] | None = None,
) -> RotationReport:
    """Re-encrypts, batch by batch; `in_batch` is told each batch inside its transaction."""
    current = keyring()[0]
    counts = _stored_key_counts()
    report = RotationReport(current_key=current, total=sum(counts.values()), by_key=dict(counts))
    if dry_run:
        return report
    for model, column in _sealed_models():
        while True:
            with transaction.atomic():
                stale = _stale(model, column).order_by("pk").values_list("pk", flat=True)
                pks = list(stale[:batch_size])
                if not pks:
                    break
                # Loading unseals with whichever listed key sealed each row; saving seals
                # with the current one.
                rows = list(model.objects.filter(pk__in=pks).only("pk", column))
                model.objects.bulk_update(rows, [column])
                record(
                    actor=None,
                    action=Action.UPDATE,
                    object_kind="notes_key_batch",
                    object_id=current,
                    result_count=len(rows),
                )
                if in_batch:
                    in_batch(len(rows))
                report.rewritten += len(rows)
    with transaction.atomic():
        report.rotation_total = _since_last_rotation(current)
        if report.rotation_total:
            record(
                actor=None,
                action=Action.UPDATE,
                object_kind="notes_key",
                object_id=current,
                reason=_("notes re-encrypted with key %(key)s") % {"key": current},
                result_count=report.rotation_total,
            )
    return report


def _since_last_rotation(current: str) -> int:
    """Texts re-encrypted to the key since its last finished rotation, by every run."""
    events = AuditEvent.objects.filter(object_id=current)
    last = events.filter(object_kind="notes_key").order_by("-pk").values_list("pk", flat=True)
    batches = events.filter(object_kind="notes_key_batch")
    if last.exists():
        batches = batches.filter(pk__gt=last[0])
    return batches.aggregate(total=Sum("result_count"))["total"] or 0
