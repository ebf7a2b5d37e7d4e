"""Merging duplicates, and undoing a merge. The manager merges two persons (choosing,
field by field, which record's value stays) or two households; everything attached to
the absorbed one follows to the one kept: memberships, visits, appointments, documents,
notices and rights requests for a person; members, files, and (when both have an open
file in the same office) problems, aid, notes, documents, appointments and visits for a
household. Every change is journalled (`journal.py`) so that an undo within
LIEN_MERGE_UNDO_DAYS restores exactly; the statistical layer is told through
`statistics.households_merged`, with an opaque handle and no identity.

Both records must be within the offices where the actor may merge: one outside answers
404, like one that does not exist."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.accounts.models import User
from lien.accounts.policy import Can, offices_where
from lien.audit.models import Action
from lien.audit.services import record_for_file

from .. import statistics
from ..files.models import CaseFile, FileStatus
from ..households.models import Household, HouseholdMember, Person, Relationship
from ..households.services import PERSON_FIELDS
from ..scope import files_in_scope
from ..situation.models import SituationValue
from . import journal, preview
from .models import Merge, MergeKind

KEPT, ABSORBED = "kept", "absorbed"


def _reverse_keys(model: type[models.Model]) -> list:
    """Every foreign key of another model pointing at this one, hidden ones included
    (`related_name="+"`): what must follow a merged row."""
    return [
        rel
        for rel in model._meta.get_fields(include_hidden=True)
        if rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)
    ]


def _person_in_reach(actor: User, person_id) -> tuple[Person, CaseFile]:
    """A person of a household whose file is in the offices where the actor may merge,
    with one such file; Http404 otherwise."""
    files = files_in_scope(actor, Can.MERGE_DUPLICATES)
    casefile = files.filter(household__members__person_id=person_id).order_by("-pk").first()
    if casefile is None:
        raise Http404
    return Person.objects.get(pk=person_id), casefile


def _file_in_reach(actor: User, casefile_id) -> CaseFile:
    casefile = files_in_scope(actor, Can.MERGE_DUPLICATES).filter(pk=casefile_id).first()
    if casefile is None:
        raise Http404
    return casefile


def _person_follows(merge: Merge, kept: Person, absorbed: Person) -> None:
    for rel in _reverse_keys(Person):
        for row in rel.related_model.objects.filter(**{rel.field.name: absorbed}):
            if isinstance(row, HouseholdMember) and row.left_on is None:
                twin = HouseholdMember.objects.filter(
                    household_id=row.household_id, person=kept, left_on__isnull=True
                ).first()
                if twin is not None:
                    # The same person twice in one household: one membership stays, the
                    # reference person's role with it.
                    journal.remove(merge, row)
                    if row.relationship == Relationship.REFERENCE:
                        journal.change(merge, twin, relationship=Relationship.REFERENCE)
                    continue
            elif (
                rel.one_to_one
                and rel.related_model.objects.filter(**{rel.field.name: kept}).exists()
            ):
                journal.remove(merge, row)  # one per person: the kept person's stands
                continue
            journal.change(merge, row, **{rel.field.name: kept})


@transaction.atomic
def merge_persons(*, actor: User, kept_id: int, absorbed_id: int, choices: dict[str, str]) -> Merge:
    """`choices` says, for each identity field, whether the kept or the absorbed
    record's value stays; a field not named keeps the kept record's value."""
    if str(kept_id) == str(absorbed_id):
        raise ValidationError(_("Choose two different persons."), code="same")
    kept, kept_file = _person_in_reach(actor, kept_id)
    absorbed, absorbed_file = _person_in_reach(actor, absorbed_id)
    unknown = {name for name, side in choices.items() if name not in PERSON_FIELDS} | {
        side for side in choices.values() if side not in (KEPT, ABSORBED)
    }
    if unknown:
        raise ValidationError(_("Choose, for each field, which value stays."), code="choices")
    merge = Merge.objects.create(
        kind=MergeKind.PERSON,
        office_id=kept_file.office_id,
        kept_id=kept.pk,
        absorbed_id=absorbed.pk,
        merged_by=actor,
    )
    _person_follows(merge, kept, absorbed)
    values = {name: getattr(absorbed, name) for name, side in choices.items() if side == ABSORBED}
    if absorbed.died_on and not kept.died_on:
        values["died_on"] = absorbed.died_on
    if values:
        for name, value in values.items():
            setattr(kept, name, value)
        values["search_key"] = kept.computed_search_key()
        journal.change(merge, Person.objects.get(pk=kept.pk), **values)
    reason = _("merge of duplicates")
    record_for_file(actor=actor, action=Action.UPDATE, casefile=kept_file, obj=merge, reason=reason)
    if absorbed_file.household_id != kept_file.household_id:
        record_for_file(
            actor=actor, action=Action.UPDATE, casefile=absorbed_file, obj=merge, reason=reason
        )
    return merge


def _file_follows(
    merge: Merge, kept: CaseFile, absorbed: CaseFile, taken: frozenset[int] = frozenset()
) -> None:
    """Both households have an open file in the same office: the absorbed file's
    contents go into the kept file, and the empty file is removed. Where both files hold
    a value for the same situation item, the kept file's stays, save for the items in
    `taken`, where the absorbed file's does; the other is superseded, so kept in history."""
    current = set(
        SituationValue.objects.filter(casefile=kept, superseded_at__isnull=True).values_list(
            "item_id", flat=True
        )
    )
    for value in SituationValue.objects.filter(
        casefile__in=[kept, absorbed], superseded_at__isnull=True, item_id__in=current
    ):
        absorbed_one = value.casefile_id == absorbed.pk
        if absorbed_one != (value.item_id in taken):
            # Not the value that stays: the other file's holds this item.
            other = absorbed if not absorbed_one else kept
            if SituationValue.objects.filter(
                casefile=other, item_id=value.item_id, superseded_at__isnull=True
            ).exists():
                journal.change(merge, value, superseded_at=timezone.now())
    for rel in _reverse_keys(CaseFile):
        for row in rel.related_model.objects.filter(**{rel.field.name: absorbed}):
            journal.change(merge, row, **{rel.field.name: kept})
    contacts = [day for day in (kept.last_contact_on, absorbed.last_contact_on) if day]
    if contacts and max(contacts) != kept.last_contact_on:
        journal.change(merge, kept, last_contact_on=max(contacts))
    if absorbed.opened_on < kept.opened_on:
        journal.change(merge, kept, opened_on=absorbed.opened_on)
    journal.remove(merge, absorbed)


def _household_choices(choices: dict[str, str]) -> tuple[bool, bool, frozenset[int]]:
    """(the absorbed household's reference person stays, the absorbed file's referent
    stays, the situation items whose absorbed value stays), from the manager's choices."""
    taken: set[int] = set()
    for name, side in choices.items():
        item = name.removeprefix(preview.SITUATION)
        known = name in (preview.REFERENCE, preview.REFERENT) or (item != name and item.isdigit())
        if not known or side not in (KEPT, ABSORBED):
            raise ValidationError(_("Choose, for each field, which value stays."), code="choices")
        if item != name and side == ABSORBED:
            taken.add(int(item))
    return (
        choices.get(preview.REFERENCE) == ABSORBED,
        choices.get(preview.REFERENT) == ABSORBED,
        frozenset(taken),
    )


@transaction.atomic
def merge_households(
    *,
    actor: User,
    kept_file_id: int,
    absorbed_file_id: int,
    choices: dict[str, str] | None = None,
) -> Merge:
    """The households of two files are one: the absorbed household's members and files
    join the kept one. `choices` (names from `preview`) says which value stays where
    they differ: the reference person, and, when the two files compared become one, the
    referent and each situation item; a value not named is the kept record's."""
    kept_file = _file_in_reach(actor, kept_file_id)
    absorbed_file = _file_in_reach(actor, absorbed_file_id)
    if kept_file.household_id == absorbed_file.household_id:
        raise ValidationError(_("These two files are of the same household."), code="same")
    their_reference, their_referent, taken = _household_choices(choices or {})
    kept = Household.objects.get(pk=kept_file.household_id)
    absorbed = Household.objects.get(pk=absorbed_file.household_id)
    merge = Merge.objects.create(
        kind=MergeKind.HOUSEHOLD,
        office_id=kept_file.office_id,
        kept_id=kept.pk,
        absorbed_id=absorbed.pk,
        merged_by=actor,
    )
    present = {m.person_id: m for m in kept.members.filter(left_on__isnull=True).order_by("pk")}
    kept_reference = next(
        (m for m in present.values() if m.relationship == Relationship.REFERENCE), None
    )
    for member in absorbed.members.all():
        if member.left_on is None and member.person_id in present:
            journal.remove(merge, member)
            same_person = present[member.person_id]
            if their_reference and member.relationship == Relationship.REFERENCE:
                if kept_reference is not None and kept_reference.pk != same_person.pk:
                    journal.change(merge, kept_reference, relationship=Relationship.OTHER)
                    journal.change(merge, same_person, relationship=Relationship.REFERENCE)
                kept_reference = None
            continue
        if member.left_on is None and member.relationship == Relationship.REFERENCE:
            if their_reference and kept_reference is not None:
                # One reference person per household: the kept one steps aside first.
                journal.change(merge, kept_reference, relationship=Relationship.OTHER)
                kept_reference = None
            elif not their_reference:
                journal.change(merge, member, relationship=Relationship.OTHER)
        journal.change(merge, member, household=kept)
    for casefile in absorbed.casefiles.all():
        twin = kept.casefiles.filter(office_id=casefile.office_id, status=FileStatus.OPEN).first()
        if casefile.status == FileStatus.OPEN and twin is not None:
            compared = casefile.pk == absorbed_file.pk and twin.pk == kept_file.pk
            if compared and their_referent and casefile.referent_id:
                journal.change(merge, twin, referent_id=casefile.referent_id)
            _file_follows(merge, twin, casefile, taken if compared else frozenset())
        else:
            journal.change(merge, casefile, household=kept)
    merge.statistics_handle = statistics.households_merged(
        kept_household_id=kept.pk, absorbed_household_id=absorbed.pk
    )
    merge.save(update_fields=["statistics_handle"])
    record_for_file(
        actor=actor,
        action=Action.UPDATE,
        casefile=kept_file,
        obj=merge,
        reason=_("merge of duplicates"),
    )
    return merge


@transaction.atomic
def undo_merge(*, actor: User, merge_id: int) -> Merge:
    """Puts back exactly what the merge changed, within LIEN_MERGE_UNDO_DAYS."""
    merge = (
        Merge.objects.select_for_update()
        .filter(pk=merge_id, office_id__in=offices_where(actor, Can.MERGE_DUPLICATES))
        .first()
    )
    if merge is None:
        raise Http404
    if merge.undone_at is not None:
        raise ValidationError(_("This merge was already undone."), code="undone")
    if timezone.now() > merge.undo_until:
        raise ValidationError(
            _("A merge can be undone for %(days)s days only.")
            % {"days": settings.LIEN_MERGE_UNDO_DAYS},
            code="too_late",
        )
    journal.undo(merge)
    if merge.statistics_handle:
        statistics.household_merge_undone(
            handle=merge.statistics_handle, absorbed_household_id=merge.absorbed_id
        )
    merge.undone_at, merge.undone_by = timezone.now(), actor
    merge.save(update_fields=["undone_at", "undone_by"])
    ids = [merge.kept_id, merge.absorbed_id]
    if merge.kind == MergeKind.HOUSEHOLD:
        files = CaseFile.objects.filter(household_id__in=ids)
    else:
        files = CaseFile.objects.filter(household__members__person_id__in=ids).distinct()
    for casefile in files:
        record_for_file(
            actor=actor,
            action=Action.UPDATE,
            casefile=casefile,
            obj=merge,
            reason=_("merge undone"),
        )
    return merge
