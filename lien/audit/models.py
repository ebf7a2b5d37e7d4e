"""The audit log: who read or changed which file, when, and why.

Append-only: the model and its queryset refuse updates and deletes, so that no code path
of the application can rewrite history. (Pruning past the retention period and the
anonymisation of erased people are explicit operations of their own.)
"""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien import bulk

from .chain import digest, head_hash, lock_chain


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


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit events cannot be changed")

    def delete(self):
        raise AppendOnlyError("audit events cannot be deleted")

    def bulk_update(self, objs, fields, batch_size=None):
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
    # The hash chain (see chain.py): set once, at the append.
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

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError("audit events cannot be changed")
        # Chained here rather than in the service so that no insert, whoever makes it,
        # escapes the chain. The caller's transaction (or this one) holds the chain lock.
        # Stored to the millisecond, as hashed and as backups keep it (chain.digest).
        self.at = self.at.replace(microsecond=self.at.microsecond // 1000 * 1000)
        with transaction.atomic(using=kwargs.get("using")):
            lock_chain()
            self.previous_hash = head_hash()
            self.hash = digest(self, self.previous_hash)
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit events cannot be deleted")

    @classmethod
    def append_many(cls, events: list, batch_size: int = 2000) -> None:
        """Appends new events in one go (a bulk import), each chained onto the one before
        it exactly as `save` would, with the chain locked for the caller's transaction.
        An event is an AuditEvent or any object with its fields as attributes (`at`,
        `actor_id`...: a bulk import passes plain namespaces, cheaper to build)."""
        columns = [field.attname for field in cls._meta.concrete_fields]
        with transaction.atomic():
            lock_chain()
            previous = head_hash()
            for event, pk in zip(events, bulk.reserve_ids(cls, len(events)), strict=True):
                event.id = pk  # in the order of the chain
                event.at = event.at.replace(microsecond=event.at.microsecond // 1000 * 1000)
                event.previous_hash = previous
                event.hash = previous = digest(event, previous)
            rows = [tuple(getattr(event, column) for column in columns) for event in events]
            bulk.insert_rows(cls, columns, rows, batch_size=batch_size)


class CheckpointKind(models.TextChoices):
    PRUNE = "prune", _("pruning past the retention period")
    REWRITE = "rewrite", _("controlled rewrite (anonymisation)")


class AuditCheckpoint(models.Model):
    """A trace of a maintenance act on the chain.

    After a pruning, `anchor_hash` is the hash of the last pruned event: the first kept
    event must carry it as `previous_hash`. After a controlled rewrite (the anonymisation
    of an erased person's events), it records from which event the chain was recomputed,
    why, and the heads before and after, so that the rewrite itself stays visible."""

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

    class Meta:
        ordering = ["-id"]
        verbose_name = _("audit checkpoint")
        verbose_name_plural = _("audit checkpoints")

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError("checkpoints cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("checkpoints cannot be deleted")
