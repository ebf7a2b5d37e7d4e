"""Reads of one problem or intervention."""

from lien.accounts.policy import Can
from lien.audit.models import Action
from lien.audit.services import record_for_file

from ..scope import get_or_404
from .models import Intervention, Problem


def problem_for(*, actor, pk) -> Problem:
    problem = get_or_404(
        Problem.objects.select_related("casefile", "item"), actor, Can.VIEW_SOCIAL, pk
    )
    record_for_file(actor=actor, action=Action.VIEW, casefile=problem.casefile, obj=problem)
    return problem


def intervention_for(*, actor, pk) -> Intervention:
    intervention = get_or_404(
        Intervention.objects.select_related("casefile", "item"), actor, Can.VIEW_SOCIAL, pk
    )
    record_for_file(
        actor=actor, action=Action.VIEW, casefile=intervention.casefile, obj=intervention
    )
    return intervention
