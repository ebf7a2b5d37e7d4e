"""Optimistic locking: the models that two people may edit at once carry a version, and a
service refuses to save over a newer one instead of silently overwriting it."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .errors import ConflictError


class Versioned(models.Model):
    """Optimistic concurrency: a form carries the version it was read at, and a service
    refuses to save over a newer one instead of silently overwriting it."""

    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        abstract = True


def bump_version(obj: Versioned, expected_version: int | None) -> None:
    """Refuses to save over a newer version (`expected_version` is the one the user read;
    None when the act does not depend on it); the row is re-read under the write lock.
    Sets the next version on `obj`, for the caller's save."""
    current = (
        type(obj)
        ._default_manager.select_for_update()
        .filter(pk=obj.pk)
        .values_list("version", flat=True)
        .first()
    )
    if expected_version is not None and current != expected_version:
        raise ConflictError()
    obj.version = (current or 0) + 1
    obj.updated_at = timezone.now()
