"""Writes of the person's-rights records: keyword-only, atomic, checking the policy
through `casefiles.scope` and writing their audit event in the same transaction."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.accounts.policy import Can
from lien.audit.models import Action
from lien.audit.services import record_for_file
from lien.casefiles.models import CaseFile, HouseholdMember
from lien.casefiles.scope import get_or_404

from .models import NoticeGiven, NoticeMethod, NoticeText, StatisticsOpposition


@transaction.atomic
def record_notice_given(
    *, actor, casefile_id, person_id, method: str, given_on: date | None = None
) -> NoticeGiven:
    """Records that a member of the file's household was given the notice in force."""
    casefile = get_or_404(
        CaseFile.objects.all(), actor, Can.EDIT_IDENTITY, casefile_id, office_path="office_id"
    )
    member = (
        HouseholdMember.objects.filter(
            household_id=casefile.household_id, person_id=person_id, left_on__isnull=True
        )
        .select_related("person")
        .first()
    )
    errors = {}
    if member is None:
        errors["person"] = _("Choose a member of the household.")
    if method not in NoticeMethod.values:
        errors["method"] = _("Choose how the notice was given.")
    given_on = given_on or timezone.localdate()
    if given_on > timezone.localdate():
        errors["given_on"] = _("The date cannot be in the future.")
    notice = NoticeText.current()
    if notice is None:
        errors[None] = _("No information notice is in force: the administrator must publish one.")
    if errors:
        raise ValidationError({k or "__all__": v for k, v in errors.items()})
    given = NoticeGiven.objects.create(
        casefile=casefile,
        person=member.person,
        notice=notice,
        given_on=given_on,
        method=method,
        given_by=actor,
    )
    record_for_file(actor=actor, action=Action.CREATE, casefile=casefile, obj=given)
    return given


@transaction.atomic
def record_statistics_opposition(
    *, actor, casefile_id, person_id, opposed_on: date | None = None
) -> StatisticsOpposition:
    """Records that a member of the file's household opposes the statistical use of their
    data. When the reference person opposed, the household leaves the statistical record
    from then on (`casefiles.statistics`); help goes on unchanged."""
    casefile = get_or_404(
        CaseFile.objects.all(), actor, Can.EDIT_IDENTITY, casefile_id, office_path="office_id"
    )
    member = (
        HouseholdMember.objects.filter(
            household_id=casefile.household_id, person_id=person_id, left_on__isnull=True
        )
        .select_related("person")
        .first()
    )
    opposed_on = opposed_on or timezone.localdate()
    errors = {}
    if member is None:
        errors["person"] = _("Choose a member of the household.")
    elif StatisticsOpposition.objects.filter(person=member.person).exists():
        errors["person"] = _("This person's opposition is already recorded.")
    if opposed_on > timezone.localdate():
        errors["opposed_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    opposition = StatisticsOpposition.objects.create(
        person=member.person, casefile=casefile, opposed_on=opposed_on, recorded_by=actor
    )
    record_for_file(actor=actor, action=Action.CREATE, casefile=casefile, obj=opposition)
    return opposition
