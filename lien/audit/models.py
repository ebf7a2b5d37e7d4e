"""The audit log: who read or changed which file, when, and why.

Append-only: the model and its queryset refuse updates and deletes, so that no code path
of the application can rewrite history. (Pruning past the retention period and the
anonymisation of erased people are explicit operations of their own.)
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["actor", "at"])]

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit events cannot be deleted")
