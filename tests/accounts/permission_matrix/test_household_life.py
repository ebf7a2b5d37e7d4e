"""The permission matrix of the household's life: its dated changes (reception and social
workers; a separation, which moves problems and aid, social workers only), merging
duplicates (the manager, in the offices she manages), and dormant files (the referent,
then the manager)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lien.accounts.roles import Role
from lien.casefiles.changes import services as change_services
from lien.casefiles.dormant import selectors as dormant_selectors
from lien.casefiles.dormant import services as dormant_services
from lien.casefiles.merges import selectors as merge_selectors
from lien.casefiles.merges import services as merge_services
from lien.casefiles.models import CaseFile, HouseholdMember, Merge, MergeKind, Relationship

from ...factories import CaseFileFactory, PersonFactory
from .matrix import MGR, NONE, SEC, SW, check, found_in


def _ago(days):
    return timezone.localdate() - timedelta(days=days)


def _member(t, relationship=Relationship.PARTNER):
    """A second member of the target's household, there for a year."""
    t.file.household.members.update(joined_on=_ago(400))
    person = PersonFactory()
    HouseholdMember.objects.create(
        household=t.file.household, person=person, relationship=relationship, joined_on=_ago(365)
    )
    return person


def _duplicate(t):
    """Another file of the target's office, whose reference person is a duplicate."""
    return CaseFileFactory(office=t.office, referent=t.worker)


def _dormant(t, days=800):
    CaseFile.objects.filter(pk=t.file.pk).update(last_contact_on=_ago(days), opened_on=_ago(days))


def _merge(t):
    """A merge recorded in the target's office (nothing in its journal)."""
    return Merge.objects.create(
        kind=MergeKind.PERSON,
        office=t.office,
        kept_id=t.person.pk,
        absorbed_id=t.person.pk,
        merged_by=t.worker,
    )


def _separation(a, t):
    person = _member(t)
    return change_services.separate_household(
        actor=a,
        casefile_id=t.file.pk,
        split=change_services.Separation(
            leaving=[person.pk], new_reference_id=person.pk, separated_on=_ago(1)
        ),
    )


HOUSEHOLD_LIFE_RULES = {
    "casefiles.changes.services.member_leaves": (
        lambda a, t: change_services.member_leaves(
            actor=a, casefile_id=t.file.pk, person_id=_member(t).pk, left_on=_ago(1)
        ),
        {SW, SEC},
        NONE,
    ),
    "casefiles.changes.services.member_arrives": (
        lambda a, t: change_services.member_arrives(
            actor=a,
            casefile_id=t.file.pk,
            person_id=_arrival(t).pk,
            relationship=Relationship.OTHER,
            joined_on=_ago(0),
        ),
        {SW, SEC},
        NONE,
    ),
    "casefiles.changes.services.change_reference": (
        lambda a, t: change_services.change_reference(
            actor=a, casefile_id=t.file.pk, person_id=_member(t).pk, changed_on=_ago(1)
        ),
        {SW, SEC},
        NONE,
    ),
    "casefiles.changes.services.record_death": (
        lambda a, t: change_services.record_death(
            actor=a, casefile_id=t.file.pk, person_id=_member(t).pk, died_on=_ago(1)
        ),
        {SW, SEC},
        NONE,
    ),
    "casefiles.changes.services.separate_household": (_separation, {SW}, NONE),
    "casefiles.merges.services.merge_persons": (
        lambda a, t: merge_services.merge_persons(
            actor=a,
            kept_id=t.person.pk,
            absorbed_id=_duplicate(t).reference_person.pk,
            choices={},
        ),
        {MGR},
        NONE,
    ),
    "casefiles.merges.services.merge_households": (
        lambda a, t: merge_services.merge_households(
            actor=a, kept_file_id=t.file.pk, absorbed_file_id=_duplicate(t).pk
        ),
        {MGR},
        NONE,
    ),
    "casefiles.merges.services.undo_merge": (
        lambda a, t: merge_services.undo_merge(actor=a, merge_id=_merge(t).pk),
        {MGR},
        NONE,
    ),
    "casefiles.merges.selectors.merge_candidates": (
        lambda a, t: found_in(
            t.person,
            [
                c.person
                for c in merge_selectors.merge_candidates(actor=a, query=t.person.birth_name)
            ],
        ),
        {MGR},
        NONE,
    ),
    "casefiles.merges.selectors.merge_pair_for": (
        lambda a, t: merge_selectors.merge_pair_for(
            actor=a, kept_id=t.person.pk, absorbed_id=_duplicate(t).reference_person.pk
        ),
        {MGR},
        NONE,
    ),
    "casefiles.merges.selectors.household_merge_preview_for": (
        lambda a, t: merge_selectors.household_merge_preview_for(
            actor=a, kept_file_id=t.file.pk, absorbed_file_id=_duplicate(t).pk
        ),
        {MGR},
        NONE,
    ),
    "casefiles.merges.selectors.merges_for": (
        lambda a, t: found_in(
            _merge(t), [row.merge for row in merge_selectors.merges_for(actor=a)]
        ),
        {MGR},
        NONE,
    ),
    "casefiles.dormant.selectors.dormant_for_referent": (
        lambda a, t: (
            _dormant(t) is None
            and found_in(t.file, dormant_selectors.dormant_for_referent(actor=a))
        ),
        {SW},
        NONE,
    ),
    "casefiles.dormant.selectors.dormant_for_manager": (
        lambda a, t: (
            _dormant(t) is None and found_in(t.file, dormant_selectors.dormant_for_manager(actor=a))
        ),
        {MGR},
        NONE,
    ),
    "casefiles.dormant.services.close_dormant_file": (
        lambda a, t: (
            _dormant(t) is None
            and dormant_services.close_dormant_file(actor=a, casefile_id=t.file.pk) is not None
        ),
        {SW, MGR},
        NONE,
    ),
}


def _arrival(t):
    """A member of another household of the target's office, who arrives."""
    other = _duplicate(t)
    person = PersonFactory()
    HouseholdMember.objects.create(
        household=other.household, person=person, relationship=Relationship.CHILD
    )
    return person


@pytest.mark.django_db
@pytest.mark.parametrize("scope", ["own", "other"])
@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("name", sorted(HOUSEHOLD_LIFE_RULES))
def test_matrix(world, name, role, scope):
    check(world, HOUSEHOLD_LIFE_RULES, name, role, scope)
