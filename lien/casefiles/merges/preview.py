"""What the manager reads before merging two households: both compositions side by side,
the household that results, what becomes of each file, what follows the absorbed file,
and the values that differ, each to choose: the reference person, and (when the two
files compared are both open in the same office, so become one) the referent and each
situation item the manager may see. Audited as a view of both files; a file outside
the offices where the actor may merge answers 404 like a missing one."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from lien.accounts.policy import Can
from lien.audit.models import Action
from lien.audit.services import record_for_file
from lien.base.lookups import object_or_404
from lien.catalog.visibility import visible_to

from ..files.models import CaseFile, FileStatus
from ..households.models import HouseholdMember, Relationship
from ..scope import files_in_scope, roles_on_file
from ..situation.models import SituationValue

# The names of the choices a household merge takes (`merge_households(choices=…)`).
REFERENCE, REFERENT, SITUATION = "reference", "referent", "situation_"


@dataclass
class FieldChoice:
    """One value that differs between the two households: which one stays."""

    name: str
    label: str
    kept: str
    absorbed: str


@dataclass
class FileFate:
    casefile: CaseFile
    merged_into: CaseFile | None  # None: the file joins the household kept as it is


@dataclass
class HouseholdPreview:
    kept_file: CaseFile
    absorbed_file: CaseFile
    kept_members: list[HouseholdMember]
    absorbed_members: list[HouseholdMember]
    fates: list[FileFate]
    follows: dict[str, int] = field(default_factory=dict)
    choices: list[FieldChoice] = field(default_factory=list)

    @property
    def twins(self) -> set[int]:
        """The persons already members of both households: they stay once."""
        kept = {m.person_id for m in self.kept_members}
        return {m.person_id for m in self.absorbed_members if m.person_id in kept}

    @property
    def files_become_one(self) -> bool:
        return any(f.casefile.pk == self.absorbed_file.pk and f.merged_into for f in self.fates)


def _members(casefile: CaseFile) -> list[HouseholdMember]:
    return list(
        HouseholdMember.objects.filter(household_id=casefile.household_id, left_on__isnull=True)
        .select_related("person")
        .order_by("relationship", "person__birth_date", "pk")
    )


def _reference(members: list[HouseholdMember]) -> HouseholdMember | None:
    return next((m for m in members if m.relationship == Relationship.REFERENCE), None)


def _file_twin(kept_file: CaseFile, casefile: CaseFile) -> CaseFile | None:
    """The kept household's open file in the same office, which an open file joins."""
    if casefile.status != FileStatus.OPEN:
        return None
    return CaseFile.objects.filter(
        household_id=kept_file.household_id, office_id=casefile.office_id, status=FileStatus.OPEN
    ).first()


def _situation_choices(actor, kept: CaseFile, absorbed: CaseFile) -> list[FieldChoice]:
    roles = roles_on_file(actor, kept) & roles_on_file(actor, absorbed)
    current = {
        v.item_id: v
        for v in SituationValue.objects.filter(
            casefile=kept, superseded_at__isnull=True
        ).select_related("item")
    }
    choices = []
    for value in (
        SituationValue.objects.filter(casefile=absorbed, superseded_at__isnull=True)
        .select_related("item")
        .order_by("item__position", "item__code")
    ):
        mine = current.get(value.item_id)
        if mine is None or mine.value == value.value or not visible_to(value.item, roles):
            continue
        choices.append(
            FieldChoice(
                name=f"{SITUATION}{value.item_id}",
                label=value.item.label,
                kept=mine.item.display_value(mine.value),
                absorbed=value.item.display_value(value.value),
            )
        )
    return choices


def _choices(actor, preview: HouseholdPreview) -> list[FieldChoice]:
    choices = []
    kept_ref, absorbed_ref = _reference(preview.kept_members), _reference(preview.absorbed_members)
    if kept_ref and absorbed_ref and kept_ref.person_id != absorbed_ref.person_id:
        choices.append(
            FieldChoice(
                REFERENCE,
                _("reference person"),
                kept_ref.person.full_name,
                absorbed_ref.person.full_name,
            )
        )
    if preview.files_become_one:
        kept, absorbed = preview.kept_file, preview.absorbed_file
        if absorbed.referent_id and kept.referent_id != absorbed.referent_id:
            choices.append(
                FieldChoice(
                    REFERENT,
                    _("referent"),
                    str(kept.referent) if kept.referent else _("no referent yet"),
                    str(absorbed.referent),
                )
            )
        choices.extend(_situation_choices(actor, kept, absorbed))
    return choices


def _in_reach(actor, casefile_id) -> CaseFile:
    files = files_in_scope(actor, Can.MERGE_DUPLICATES).select_related("office", "referent")
    return object_or_404(files, casefile_id)


def household_merge_preview(*, actor, kept_file_id, absorbed_file_id) -> HouseholdPreview:
    """Everything the manager must see before merging the households of two files
    (read through selectors.household_merge_preview_for)."""
    kept_file = _in_reach(actor, kept_file_id)
    absorbed_file = _in_reach(actor, absorbed_file_id)
    for casefile in (kept_file, absorbed_file):
        record_for_file(actor=actor, action=Action.VIEW, casefile=casefile)
    preview = HouseholdPreview(
        kept_file=kept_file,
        absorbed_file=absorbed_file,
        kept_members=_members(kept_file),
        absorbed_members=_members(absorbed_file),
        fates=[
            FileFate(casefile, _file_twin(kept_file, casefile))
            for casefile in CaseFile.objects.filter(household_id=absorbed_file.household_id)
            .select_related("office")
            .order_by("pk")
        ],
    )
    if kept_file.household_id != absorbed_file.household_id:
        preview.follows = {
            str(_("problems")): absorbed_file.problems.count(),
            str(_("aid requests")): absorbed_file.aid_requests.count(),
            str(_("visits")): absorbed_file.visits.count(),
            str(_("appointments")): absorbed_file.appointments.count(),
            str(_("documents")): absorbed_file.documents.count(),
            str(_("notes")): absorbed_file.notes.count(),
        }
        preview.choices = _choices(actor, preview)
    return preview
