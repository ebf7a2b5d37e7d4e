"""Writes of the person's-rights records: keyword-only, atomic, checking the policy
through `casefiles.scope` and writing their audit event in the same transaction."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.accounts.models import User
from lien.accounts.policy import Can, can
from lien.audit.models import Action
from lien.audit.services import record, record_for_file
from lien.casefiles.models import CaseFile, FileStatus, HouseholdMember, Person
from lien.casefiles.scope import get_or_404
from lien.casefiles.search_key import normalise

from .deadlines import ANSWER_MONTHS, EXTENSION_MONTHS, add_months
from .limitation import limitation_in_force, refuse_if_limited
from .models import (
    Limitation,
    NoticeGiven,
    NoticeMethod,
    NoticeText,
    RequestStatus,
    RightKind,
    RightsRequest,
    StatisticsOpposition,
)
from .retention_engine import anonymise_file_now, has_aid_decision


@transaction.atomic
def record_notice_given(
    *, actor: User, casefile_id: int, person_id: int, method: str, given_on: date | None = None
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
    errors: dict[str, str] = {}
    if member is None:
        errors["person"] = _("Choose a member of the household.")
    if method not in NoticeMethod.values:
        errors["method"] = _("Choose how the notice was given.")
    given_on = given_on or timezone.localdate()
    if given_on > timezone.localdate():
        errors["given_on"] = _("The date cannot be in the future.")
    notice = NoticeText.current()
    if notice is None:
        errors["__all__"] = _(
            "No information notice is in force: the administrator must publish one."
        )
    if errors or member is None or notice is None:
        raise ValidationError(errors)
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
    *, actor: User, casefile_id: int, person_id: int, opposed_on: date | None = None
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
    if errors or member is None:
        raise ValidationError(errors)
    opposition = StatisticsOpposition.objects.create(
        person=member.person, casefile=casefile, opposed_on=opposed_on, recorded_by=actor
    )
    # An opposition only narrows the processing: it is recorded on a limited file too.
    record_for_file(
        actor=actor, action=Action.CREATE, casefile=casefile, obj=opposition, while_limited=True
    )
    return opposition


# --- Rights requests (GDPR art. 12(3)): one month to answer, two more with a reason.


def _require_rights_handler(actor: User) -> None:
    if not can(actor, Can.HANDLE_RIGHTS_REQUESTS):
        raise Http404


def _member_by_name(household_id: int | None, name: str) -> Person | None:
    wanted = normalise(name)
    # The same query whether the file exists or not (no household: nobody found), so
    # that not even the time taken tells a wrong number from a wrong name.
    members = HouseholdMember.objects.filter(
        household_id=household_id,  # type: ignore[misc]  # None finds nobody, on purpose
        left_on__isnull=True,
    ).select_related("person")
    for member in list(members):
        person = member.person
        if wanted and wanted in {normalise(person.birth_name), normalise(person.usage_name)}:
            return person
    return None


@transaction.atomic
def open_rights_request(
    *, actor: User, casefile_id: int, person_name: str, kind: str, received_on: date | None = None
) -> RightsRequest:
    """The DPO registers a request received for a member of a file's household, named by
    their birth or usage name as written in the request.

    A wrong file number and a wrong name get the same answer: the form must not tell the
    DPO whether a name belongs to a file (an oracle over every household)."""
    _require_rights_handler(actor)
    received_on = received_on or timezone.localdate()
    errors = {}
    casefile = CaseFile.objects.filter(pk=casefile_id).first() if casefile_id else None
    person = _member_by_name(casefile.household_id if casefile else None, person_name)
    if person is None:
        errors["__all__"] = _(
            "No file of this number has a member of this name. Check the file number and "
            "the name against the request."
        )
    if kind not in RightKind.values:
        errors["kind"] = _("Choose the right exercised.")
    if received_on > timezone.localdate():
        errors["received_on"] = _("The date cannot be in the future.")
    if errors or casefile is None or person is None:  # no file: no member, refused above
        raise ValidationError(errors)
    request = RightsRequest.objects.create(
        casefile=casefile,
        person=person,
        kind=kind,
        received_on=received_on,
        due_on=add_months(received_on, ANSWER_MONTHS),
        registered_by=actor,
    )
    record_for_file(
        actor=actor, action=Action.CREATE, casefile=casefile, obj=request, while_limited=True
    )
    return request


def _open_request(actor: User, request_id: int) -> RightsRequest:
    _require_rights_handler(actor)
    request = (
        RightsRequest.objects.select_for_update()
        .select_related("casefile")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        raise Http404
    if request.status != RequestStatus.OPEN:
        raise ValidationError(_("This request is already closed."), code="closed")
    return request


@transaction.atomic
def extend_rights_request(*, actor: User, request_id: int, reason: str) -> RightsRequest:
    """Extends the deadline by two months, once, with the reason told to the person."""
    request = _open_request(actor, request_id)
    reason = (reason or "").strip()
    if request.is_extended:
        raise ValidationError(_("The deadline was already extended once."), code="extended")
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    request.due_on = add_months(request.due_on, EXTENSION_MONTHS)
    request.extension_reason = reason
    request.save(update_fields=["due_on", "extension_reason"])
    record_for_file(
        actor=actor,
        action=Action.UPDATE,
        casefile=request.casefile,
        obj=request,
        reason=reason,
        while_limited=True,
    )
    return request


@transaction.atomic
def close_rights_request(
    *, actor: User, request_id: int, status: str, outcome: str, closed_on: date | None = None
) -> RightsRequest:
    """Records the answer given to the person: the request leaves the open list."""
    request = _open_request(actor, request_id)
    closed_on = closed_on or timezone.localdate()
    outcome = (outcome or "").strip()
    errors = {}
    if status not in (RequestStatus.ANSWERED, RequestStatus.REFUSED):
        errors["status"] = _("Choose whether the request was answered or refused.")
    if not outcome:
        errors["outcome"] = _("Say what was answered to the person.")
    if closed_on < request.received_on or closed_on > timezone.localdate():
        errors["closed_on"] = _("The date must be between the receipt and today.")
    if errors:
        raise ValidationError(errors)
    request.status, request.outcome, request.closed_on = status, outcome, closed_on
    request.save(update_fields=["status", "outcome", "closed_on"])
    record_for_file(
        actor=actor,
        action=Action.UPDATE,
        casefile=request.casefile,
        obj=request,
        while_limited=True,
    )
    return request


# --- Limitation of processing (GDPR art. 18): the file is only kept while it lasts.


@transaction.atomic
def apply_limitation(*, actor: User, request_id: int, reason: str) -> Limitation:
    """The DPO freezes the file of an open limitation request, with the reason (the
    accuracy contested, an objection being examined...). See `lien.privacy.limitation`."""
    _require_rights_handler(actor)
    request = (
        RightsRequest.objects.select_related("casefile")
        .filter(pk=request_id, kind=RightKind.LIMITATION)
        .first()
    )
    if request is None:
        raise Http404
    reason = (reason or "").strip()
    if request.status != RequestStatus.OPEN:
        raise ValidationError(_("This request is already closed."), code="closed")
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the limitation.")})
    # Locks the file's row so that two DPO clicks cannot both apply one.
    CaseFile.objects.select_for_update().filter(pk=request.casefile_id).first()
    if limitation_in_force(request.casefile_id) is not None:
        raise ValidationError(_("This file is already under a limitation."), code="limited")
    limitation = Limitation.objects.create(
        casefile=request.casefile, rights_request=request, reason=reason, applied_by=actor
    )
    record_for_file(
        actor=actor,
        action=Action.CREATE,
        casefile=request.casefile,
        obj=limitation,
        reason=reason[:200],
        while_limited=True,
    )
    return limitation


@transaction.atomic
def lift_limitation(*, actor: User, limitation_id: int, reason: str) -> Limitation:
    """The DPO lifts a limitation in force (the accuracy checked, the objection decided):
    the file can be written again. Audited with the reason."""
    _require_rights_handler(actor)
    limitation = (
        Limitation.objects.select_for_update()
        .select_related("casefile")
        .filter(pk=limitation_id)
        .first()
    )
    if limitation is None:
        raise Http404
    reason = (reason or "").strip()
    if limitation.lifted_at is not None:
        raise ValidationError(_("This limitation was already lifted."), code="lifted")
    if not reason:
        raise ValidationError({"reason": _("Give the reason for lifting the limitation.")})
    limitation.lifted_at, limitation.lifted_by, limitation.lift_reason = (
        timezone.now(),
        actor,
        reason,
    )
    limitation.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    record_for_file(
        actor=actor,
        action=Action.UPDATE,
        casefile=limitation.casefile,
        obj=limitation,
        reason=reason[:200],
        while_limited=True,
    )
    return limitation


# --- Erasure (GDPR art. 17), where the law allows it.


@transaction.atomic
def erase_file(*, actor: User, request_id: int, reason: str) -> CaseFile:
    """The DPO answers an erasure request by anonymising its file now, as the retention
    engine would at the end of its periods (notes, documents, aid requests and free text
    deleted; the persons' identity erased once no file of the household keeps it; the
    audit events naming them rewritten). Refused where the law or the person's own
    requests keep the data: an open file (help is still being given: close it first), a
    legal hold, a limitation in force, an aid decision kept as evidence. The request is
    closed as answered, with the reason as its outcome."""
    request = _open_request(actor, request_id)
    reason = (reason or "").strip()
    if request.kind != RightKind.ERASURE:
        raise Http404
    casefile = request.casefile
    refusal: str | dict[str, str] | None = None
    if not reason:
        refusal = {"reason": _("Say why the file may be erased.")}
    elif casefile.status != FileStatus.CLOSED:
        refusal = _("The file is still open: its referent closes it first.")
    elif casefile.legal_hold:
        refusal = _("The file is under legal hold: it cannot be erased until the hold is lifted.")
    elif has_aid_decision(casefile.pk):
        refusal = _(
            "The file holds an aid decision, kept as evidence for 5 years: the law does not "
            "allow its erasure before (GDPR art. 17.3). Answer the person with this ground."
        )
    elif casefile.anonymised_on is not None:
        refusal = _("The file is already anonymised.")
    if refusal is not None:
        raise ValidationError(refusal)
    refuse_if_limited(casefile)  # the person asked that the data be kept meanwhile
    report = anonymise_file_now(casefile.pk)
    request.status, request.outcome = RequestStatus.ANSWERED, reason[:300]
    request.closed_on = timezone.localdate()
    request.save(update_fields=["status", "outcome", "closed_on"])
    # No household in the event: it would name again the people just erased.
    record(
        actor=actor,
        action=Action.DELETE,
        object_kind="rights_erasure",
        object_id=request.pk,
        office_id=casefile.office_id,
        result_count=report.persons_anonymised,
    )
    casefile.refresh_from_db()
    return casefile
