"""The `date` filter of every template, with "1er juillet" in French: loaded as a built-in
(config/settings/base.py, TEMPLATES), it replaces Django's own filter of the same name."""

from django import template
from django.template.defaultfilters import date as django_date

from lien.base.words import first_of_month

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    return first_of_month(django_date(value, arg))
