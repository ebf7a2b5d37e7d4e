"""The audit log: who read or changed which file, when, and why.

Append-only: the model and its queryset refuse updates and deletes, so that no code path
of the application can rewrite history. (Pruning past the retention period and the
anonymisation of erased people are explicit operations of their own.)
"""

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from types import SimpleNamespace
from typing import Any, NoReturn

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien import bulk

from .chain import checkpoint_mac, redaction_mac, to_millisecond
from .keys import current_key_id


class AppendOnlyError(Exception):
    pass


class Action(models.TextChoices):
    VIEW = "view", _("viewed")
    LIST = "list", _("listed")
    SEARCH = "search", _("searched")
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    EXPORT = "export", _("exported")
    LOGIN = "login", _("logged in")
    LOGOUT = "logout", _("logged out")
    LOGIN_FAILED = "login_failed", _("failed login")
    LOCKED_OUT = "locked_out", _("account locked after failed logins")
    SESSION_EXPIRED = "session_expired", _("session expired after inactivity")
    TWO_FACTOR_ENROLLED = "otp_enrolled", _("set up two-factor authentication")
    TWO_FACTOR_PASSED = "otp_passed", _("passed the second factor")
    TWO_FACTOR_FAILED = "otp_failed", _("failed the second factor")
    BACKUP_CODE_USED = "backup_code_used", _("used a backup code")
    REAUTHENTICATED = "reauthenticated", _("confirmed their password")
    REAUTHENTICATION_FAILED = "reauth_failed", _("failed to confirm their password")
    BREAK_GLASS = "break_glass", _("break-glass access")
    PRUNED = "pruned", _("pruned the audit log")
    REWRITTEN = "rewritten", _("rewrote audit events (anonymisation)")


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events cannot be changed")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("audit events cannot be deleted")

    def bulk_update(
        self, objs: Iterable["AuditEvent"], fields: Iterable[str], batch_size: int | None = None
    ) -> NoReturn:
        raise AppendOnlyError("audit events cannot be changed")


class AuditEvent(models.Model):
    at = models.DateTimeField(_("date and time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        verbose_name=_("agent"),
    )
    # The role and office the agent acted in, frozen at the time of the event.
    actor_roles = models.CharField(_("roles"), max_length=120, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    object_kind = models.CharField(_("kind of object"), max_length=40, blank=True)
    object_id = models.CharField(_("object"), max_length=40, blank=True)
    # Plain ids without foreign-key constraints: the log outlives the files it speaks of.
    office_id = models.BigIntegerField(_("office"), null=True, db_index=True)
    household_id = models.BigIntegerField(_("household"), null=True, db_index=True)
    reason = models.TextField(_("reason"), blank=True)
    result_count = models.IntegerField(_("number of results"), null=True)
    request_id = models.CharField(_("request"), max_length=32, blank=True)
    # The unkeyed hash chain of the events written before the audit key: read once, when
    # the keyed chain adopted them (sealer.adopt_former_events); empty since. The keyed
    # chain lives in AuditSeal.
    previous_hash = models.CharField(_("hash of the previous event"), max_length=64, blank=True)
    hash = models.CharField(_("hash"), max_length=64, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["actor", "at"]),
            # The events about one object (the retention engine finds an erased person's).
            models.Index(fields=["object_kind", "object_id"]),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError("audit events cannot be changed")
        # Queued for sealing here rather than in the service so that no insert, whoever
        # makes it, escapes the chain. No lock: the sealer links the event after commit.
        self.at = to_millisecond(self.at)
        # Event and queue entry together; no savepoint of its own inside the act's
        # transaction (a failure there rolls the act back anyway).
        using = kwargs.get("using") or self._state.db or DEFAULT_DB_ALIAS
        connection = connections[using]
        deferred = _queued_at_the_end.get()
        with transaction.atomic(using=using, savepoint=False):
            if deferred is not None:
                super().save(*args, **kwargs)
                deferred.append(self.pk)
            elif connection.vendor == "postgresql" and not args:
                self._append_and_queue(connection)
            else:
                super().save(*args, **kwargs)
                # Plain SQL: the ORM's compilation of a one-column insert cost as much as
                # the event's own (every audited request pays it).
                with connection.cursor() as cursor:
                    cursor.execute(_QUEUE_SQL, [self.pk])
        schedule_sealing()

    def _append_and_queue(self, connection: BaseDatabaseWrapper) -> None:
        """PostgreSQL: the event and its queue entry in one statement, without the ORM's
        compilation: every audited request makes one, and this takes an append from 0.60
        to 0.36 ms of processor (bench/README.md). No model signal is sent: none is
        listened to for audit events, and none may be (an append is not an edit)."""
        fields = _appended_fields()
        params = [f.get_db_prep_save(f.pre_save(self, True), connection) for f in fields]
        with connection.cursor() as cursor:
            cursor.execute(_append_sql(), params)
            self.pk = cursor.fetchone()[0]
        self._state.adding = False
        self._state.db = connection.alias

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events cannot be deleted")

    @classmethod
    def append_many(
        cls, events: Sequence["AuditEvent | SimpleNamespace"], batch_size: int = 2000
    ) -> None:
        """Appends new events in one go (a bulk import), each queued for sealing exactly
        as `save` would. An event is an AuditEvent or any object with its fields as
        attributes (`at`, `actor_id`...: a bulk import passes plain namespaces, cheaper to
        build)."""
        columns = [field.attname for field in cls._meta.concrete_fields]
        with transaction.atomic():
            ids = bulk.reserve_ids(cls, len(events))
            for event, pk in zip(events, ids, strict=True):
                event.id = pk
                event.at = to_millisecond(event.at)
                event.previous_hash = event.hash = ""
            rows = [tuple(getattr(event, column) for column in columns) for event in events]
            bulk.insert_rows(cls, columns, rows, batch_size=batch_size)
            deferred = _queued_at_the_end.get()
            if deferred is not None:
                deferred.extend(ids)
            else:
                _queue(ids, batch_size)
        schedule_sealing()


_QUEUE_SQL = "INSERT INTO audit_pendingseal (event_id) VALUES (%s)"

# The ids whose queue entries wait for the end of `queued_at_the_end`, when one is open.
_queued_at_the_end: ContextVar[list[int] | None] = ContextVar("queued_at_the_end", default=None)


def _queue(ids: Sequence[int], batch_size: int = 2000) -> None:
    bulk.insert_rows(PendingSeal, ["event_id"], [(pk,) for pk in ids], batch_size=batch_size)


@contextmanager
def queued_at_the_end() -> Iterator[None]:
    """For a long transaction that appends many events (an import of 100,000 households):
    their queue entries are written when the block ends, still inside the transaction,
    rather than with each event. Until its commit, an import's entries are rows that no
    other transaction can see but every one must step over: each sealing round, woken by
    every audited read, scanned them all (19 ms at 100,000 entries, and growing with the
    import; bench/README.md). Written at the end, they are invisible for a moment only.
    Nothing is lost: entries and events commit or roll back together. (An event rolled
    back with a savepoint inside the block leaves an entry without event, which the
    sealer drops.)"""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("queued_at_the_end() belongs inside a transaction")
    ids: list[int] = []
    token = _queued_at_the_end.set(ids)
    try:
        yield
    finally:
        _queued_at_the_end.reset(token)
    _queue(ids)


@cache
def _appended_fields() -> list[models.Field[Any, Any]]:
    return [f for f in AuditEvent._meta.concrete_fields if not f.primary_key]


@cache
def _append_sql() -> str:
    columns = ", ".join(f'"{f.column}"' for f in _appended_fields())
    values = ", ".join(["%s"] * len(_appended_fields()))
    return (
        # Column names from the model, values as parameters.
        f"WITH event AS (INSERT INTO audit_auditevent ({columns}) VALUES ({values}) "  # noqa: S608
        "RETURNING id) INSERT INTO audit_pendingseal (event_id) SELECT id FROM event "
        "RETURNING event_id"
    )


def schedule_sealing() -> None:
    """Seals the transaction's events once it has committed (once per transaction)."""
    from .sealer import schedule_after_commit  # the sealer reads these models

    schedule_after_commit()


class PendingSeal(models.Model):
    """An event written and committed but not yet sealed: the sealer's queue. Written in
    the event's transaction, so that an event is either sealed or waiting, never lost."""

    event_id = models.BigIntegerField(_("event"), primary_key=True)

    class Meta:
        verbose_name = _("event waiting to be sealed")
        verbose_name_plural = _("events waiting to be sealed")


class AuditSeal(models.Model):
    """An event's place in the keyed chain (see chain.py). Insert-only."""

    seq = models.BigIntegerField(_("position in the chain"), primary_key=True)
    event_id = models.BigIntegerField(_("event"), unique=True)
    previous = models.CharField(_("MAC of the previous seal"), max_length=64)
    digest = models.CharField(_("MAC of the event's content"), max_length=64)
    key_id = models.CharField(_("key"), max_length=16)
    sealed_at = models.DateTimeField(_("sealed at"))
    mac = models.CharField(_("MAC"), max_length=64)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit seal")
        verbose_name_plural = _("audit seals")

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("seals cannot be changed")
        super().save(*args, **{**kwargs, "force_insert": True})

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("seals cannot be deleted")


class AuditRedaction(models.Model):
    """A controlled change of a sealed event (the anonymisation of an erased person): the
    event's digest before and after, under the key, so that its seal stays valid and the
    chain's MACs (and the anchors taken of them) never change."""

    event_id = models.BigIntegerField(_("event"), db_index=True)
    seal_seq = models.BigIntegerField(_("position in the chain"))
    digest_before = models.CharField(_("digest before"), max_length=64)
    digest_after = models.CharField(_("digest after"), max_length=64)
    checkpoint_id = models.BigIntegerField(_("checkpoint"))
    key_id = models.CharField(_("key"), max_length=16)
    mac = models.CharField(_("MAC"), max_length=64)

    class Meta:
        ordering = ["id"]
        verbose_name = _("audit redaction")
        verbose_name_plural = _("audit redactions")

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("redactions cannot be changed")
        self.key_id = current_key_id()
        self.mac = redaction_mac(self)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("redactions cannot be deleted")


class CheckpointKind(models.TextChoices):
    PRUNE = "prune", _("pruning past the retention period")
    REWRITE = "rewrite", _("controlled rewrite (anonymisation)")
    ADOPT = "adopt", _("keyed chain started over the former events")


class AuditCheckpoint(models.Model):
    """A trace of a maintenance act on the chain, with its own MAC under the audit key.

    After a pruning, `anchor_hash` is the MAC of the last pruned seal (`last_pruned_seq`):
    the first kept seal must carry it as `previous`. After a controlled rewrite (the
    anonymisation of an erased person's events), it names the reason and how many events
    were changed (their redactions refer to it). When the keyed chain adopted the events
    written before the key, it records how far, and what the former unkeyed chain showed.
    (`previous_head`, `new_head` and `last_pruned_id` are kept from the unkeyed chain.)"""

    kind = models.CharField(_("kind"), max_length=10, choices=CheckpointKind.choices)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    last_pruned_id = models.BigIntegerField(_("last pruned event"), null=True)
    pruned_count = models.IntegerField(_("events pruned"), default=0)
    pruned_before = models.DateTimeField(_("pruned before"), null=True)
    anchor_hash = models.CharField(_("hash where the kept chain starts"), max_length=64)
    rewritten_from_id = models.BigIntegerField(_("rewritten from event"), null=True)
    previous_head = models.CharField(_("head before"), max_length=64, blank=True)
    new_head = models.CharField(_("head after"), max_length=64, blank=True)
    # The keyed chain: the last pruned seal (pruning), the events rewritten or adopted.
    last_pruned_seq = models.BigIntegerField(_("last pruned seal"), null=True)
    event_count = models.IntegerField(_("events concerned"), default=0)
    # The checkpoint's own MAC under the audit key: a forged one does not verify.
    key_id = models.CharField(_("key"), max_length=16, blank=True)
    mac = models.CharField(_("MAC"), max_length=64, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("audit checkpoint")
        verbose_name_plural = _("audit checkpoints")

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError("checkpoints cannot be changed")
        self.created_at = to_millisecond(self.created_at)
        if self.pruned_before is not None:
            self.pruned_before = to_millisecond(self.pruned_before)
        self.key_id = current_key_id()
        self.mac = checkpoint_mac(self)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("checkpoints cannot be deleted")
