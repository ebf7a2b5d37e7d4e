"""One object by its key, or the 404 of a missing page: the one lookup every selector and
service of Lien uses for what a user can name (a URL, a posted id)."""

from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404

M = TypeVar("M", bound=Model)


def object_or_404(queryset: QuerySet[M], pk: object, **filters: object) -> M:
    """The object of key `pk` in the queryset. Http404 when there is none, or when `pk`
    cannot be a key at all (a word where a number is expected: what a user may type).
    Anything else is the code's mistake, not the user's (a wrong lookup path, a field
    that does not exist): it raises, so that a test or the error log shows it instead of
    a quiet 404."""
    try:
        key = queryset.model._meta.pk.to_python(pk)
    except ValidationError:
        raise Http404 from None
    try:
        return queryset.get(pk=key, **filters)
    except ObjectDoesNotExist:  # the model's DoesNotExist
        raise Http404 from None
