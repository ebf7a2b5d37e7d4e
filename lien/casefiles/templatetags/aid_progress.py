from django import template

from lien.casefiles.payments.progress import Step, progress_of

register = template.Library()


@register.filter
def aid_steps(aid) -> list[Step]:
    return progress_of(aid)
