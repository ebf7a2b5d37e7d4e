"""The audit log in words: `{% load audit_words %}`. The functions behind these filters
are the ones the log's extract and the access export use (docs/architecture.md, "Words
on the page"); the words for booleans and dates of birth are in `lien/base` (`words`)."""

from django import template

from lien.accounts.roles import roles_in_words
from lien.web.audit.objects import event_object

register = template.Library()


@register.filter(name="roles_in_words")
def roles_in_words_filter(codes) -> str:
    """`{{ event.actor_roles|roles_in_words }}`: "travailleur social, secrétariat"."""
    return roles_in_words(codes or "")


@register.filter
def audit_object(event) -> str:
    """`{{ event|audit_object }}`: "dossier n° 301" rather than "casefile 301"."""
    return event_object(event.object_kind, event.object_id)
