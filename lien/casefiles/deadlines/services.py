"""Recording a file's deadlines and ticking them done."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.accounts.models import User
from lien.accounts.policy import Can, can
from lien.accounts.roles import Role
from lien.audit.models import Action
from lien.audit.services import record_for_file

from ..files.entries import casefile_or_404, require_open
from ..scope import get_or_404
from ..versioning import bump_version
from .models import Deadline, DeadlineKind


def _assignee(casefile, actor: User, assigned_to_id: int | None) -> User:
    """The worker the reminder is for: the actor by default, else a social worker of the
    file's office."""
    if assigned_to_id is None or assigned_to_id == actor.pk:
        return actor
    worker = User.objects.filter(
        pk=assigned_to_id,
        is_active=True,
        memberships__office_id=casefile.office_id,
        memberships__role=Role.SOCIAL_WORKER,
        memberships__is_active=True,
    ).first()
    if worker is None:
        raise ValidationError(
            {"assigned_to": _("Choose a social worker of the file's office.")}, code="assignee"
        )
    return worker


@transaction.atomic
def add_deadline(
    *,
    actor: User,
    casefile_id: int,
    kind: str,
    label: str,
    due_on: date,
    assigned_to_id: int | None = None,
) -> Deadline:
    casefile = casefile_or_404(actor, casefile_id, Can.EDIT_SOCIAL)
    require_open(casefile)
    errors = {}
    if kind not in DeadlineKind.values:
        errors["kind"] = _("Choose the kind of reminder.")
    label = (label or "").strip()
    if not label:
        errors["label"] = _("Say in a few words what the reminder is about.")
    if due_on is None:
        errors["due_on"] = _("Give the date it is due.")
    if errors:
        raise ValidationError(errors)
    deadline = Deadline.objects.create(
        casefile=casefile,
        kind=kind,
        label=label[:80],
        due_on=due_on,
        assigned_to=_assignee(casefile, actor, assigned_to_id),
        created_by=actor,
    )
    record_for_file(actor=actor, action=Action.CREATE, casefile=casefile, obj=deadline)
    return deadline


@transaction.atomic
def set_deadline_done(
    *, actor: User, deadline_id: int, done: bool, expected_version: int | None = None
) -> Deadline:
    """Ticks a reminder done (today), or undone again."""
    deadline = get_or_404(
        Deadline.objects.select_related("casefile"), actor, Can.EDIT_SOCIAL, deadline_id
    )
    if not can(actor, Can.EDIT_SOCIAL, deadline.casefile.office_id):
        raise ValidationError(_("Only the file's office may change its reminders."))
    bump_version(deadline, expected_version)
    deadline.done_on = timezone.localdate() if done else None
    deadline.save()
    record_for_file(actor=actor, action=Action.UPDATE, casefile=deadline.casefile, obj=deadline)
    return deadline
