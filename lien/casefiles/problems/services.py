"""Opening and closing problems, recording interventions."""

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.accounts.models import User
from lien.accounts.policy import Can
from lien.audit.models import Action
from lien.audit.services import record_for_file
from lien.catalog.models import Family

from .. import statistics
from ..files.entries import casefile_or_404, offered_item, require_open, touch_contact
from ..scope import get_or_404
from ..versioning import bump_version
from .models import Intervention, Problem


@transaction.atomic
def open_problem(
    *, actor: User, casefile_id: int, item_id: int, opened_on: date | None = None
) -> Problem:
    casefile = casefile_or_404(actor, casefile_id, Can.EDIT_SOCIAL)
    require_open(casefile)
    item = offered_item(item_id, Family.PROBLEM)
    opened_on = opened_on or timezone.localdate()
    if opened_on > timezone.localdate():
        raise ValidationError(_("A problem cannot be identified in the future."), code="future")
    if casefile.problems.filter(item=item, closed_on__isnull=True).exists():
        raise ValidationError(_("This problem is already open in the file."), code="duplicate")
    problem = Problem.objects.create(
        casefile=casefile, item=item, opened_on=opened_on, recorded_by=actor
    )
    statistics.record(casefile, statistics.Kind.PROBLEM_OPENED, opened_on, problem_family=item.code)
    record_for_file(actor=actor, action=Action.CREATE, casefile=casefile, obj=problem)
    return problem


@transaction.atomic
def close_problem(
    *,
    actor: User,
    problem_id: int,
    closed_on: date | None = None,
    expected_version: int | None = None,
) -> Problem:
    problem = get_or_404(
        Problem.objects.select_related("casefile"), actor, Can.EDIT_SOCIAL, problem_id
    )
    if problem.closed_on is not None:
        raise ValidationError(_("This problem is already closed."), code="closed")
    closed_on = closed_on or timezone.localdate()
    if closed_on < problem.opened_on:
        raise ValidationError(
            _("A problem cannot be closed before it was identified."), code="closed_on"
        )
    bump_version(problem, expected_version)
    problem.closed_on = closed_on
    problem.save()
    record_for_file(actor=actor, action=Action.UPDATE, casefile=problem.casefile, obj=problem)
    return problem


@transaction.atomic
def record_intervention(
    *,
    actor: User,
    casefile_id: int,
    item_id: int,
    occurred_on: date | None = None,
    problem_ids: Sequence[int] = (),
) -> Intervention:
    casefile = casefile_or_404(actor, casefile_id, Can.EDIT_SOCIAL)
    require_open(casefile)
    item = offered_item(item_id, Family.INTERVENTION)
    occurred_on = occurred_on or timezone.localdate()
    if occurred_on > timezone.localdate():
        raise ValidationError(_("An intervention cannot be recorded in the future."), code="future")
    problems = list(casefile.problems.filter(pk__in=problem_ids))
    if len(problems) != len(set(problem_ids)):
        raise ValidationError(_("The problems must belong to this file."), code="problems")
    intervention = Intervention.objects.create(
        casefile=casefile, item=item, occurred_on=occurred_on, worker=actor
    )
    intervention.problems.set(problems)
    statistics.record(
        casefile, statistics.Kind.INTERVENTION, occurred_on, intervention_type=item.code
    )
    if item.counts_as_contact:
        touch_contact(casefile, occurred_on)
    record_for_file(actor=actor, action=Action.CREATE, casefile=casefile, obj=intervention)
    return intervention
