"""The household's life (changes, merges, dormant files) in the limitation test: each of
these services refuses a frozen file and writes nothing (test_limitation_services.py)."""

from datetime import timedelta

from django.utils import timezone

from lien.accounts.roles import Role
from lien.casefiles.changes import services as change_services
from lien.casefiles.dormant import services as dormant_services
from lien.casefiles.merges import services as merge_services
from lien.casefiles.models import CaseFile, HouseholdMember, Relationship
from tests.factories import CaseFileFactory, PersonFactory


def _today():
    return timezone.localdate()


def _new_member(household, relationship=Relationship.PARTNER):
    person = PersonFactory()
    HouseholdMember.objects.create(
        household=household,
        person=person,
        relationship=relationship,
        joined_on=_today() - timedelta(days=365),
    )
    return person


def _then(value, make):
    return lambda: make(value)


def _duplicate(w):
    return CaseFileFactory(office=w.file.office)


def _merged(w):
    return merge_services.merge_persons(
        actor=w.users[Role.MANAGER],
        kept_id=w.file.reference_person.pk,
        absorbed_id=_duplicate(w).reference_person.pk,
        choices={},
    )


def _dormant(w):
    day = _today() - timedelta(days=800)
    CaseFile.objects.filter(pk=w.file.pk).update(last_contact_on=day, opened_on=day)


HOUSEHOLD_LIFE_WRITES = {
    "casefiles.changes.services.member_leaves": lambda w: _then(
        _new_member(w.file.household),
        lambda person: change_services.member_leaves(
            actor=w.users[Role.SECRETARY],
            casefile_id=w.file.pk,
            person_id=person.pk,
            left_on=_today(),
        ),
    ),
    "casefiles.changes.services.member_arrives": lambda w: _then(
        _new_member(_duplicate(w).household, Relationship.CHILD),
        lambda person: change_services.member_arrives(
            actor=w.users[Role.SECRETARY],
            casefile_id=w.file.pk,
            person_id=person.pk,
            relationship=Relationship.OTHER,
            joined_on=_today(),
        ),
    ),
    "casefiles.changes.services.change_reference": lambda w: _then(
        _new_member(w.file.household),
        lambda person: change_services.change_reference(
            actor=w.users[Role.SECRETARY],
            casefile_id=w.file.pk,
            person_id=person.pk,
            changed_on=_today(),
        ),
    ),
    "casefiles.changes.services.record_death": lambda w: _then(
        _new_member(w.file.household),
        lambda person: change_services.record_death(
            actor=w.users[Role.SOCIAL_WORKER],
            casefile_id=w.file.pk,
            person_id=person.pk,
            died_on=_today(),
        ),
    ),
    "casefiles.changes.services.separate_household": lambda w: _then(
        _new_member(w.file.household),
        lambda person: change_services.separate_household(
            actor=w.users[Role.SOCIAL_WORKER],
            casefile_id=w.file.pk,
            split=change_services.Separation(
                leaving=[person.pk], new_reference_id=person.pk, separated_on=_today()
            ),
        ),
    ),
    "casefiles.merges.services.merge_persons": lambda w: _then(
        _duplicate(w),
        lambda duplicate: merge_services.merge_persons(
            actor=w.users[Role.MANAGER],
            kept_id=w.file.reference_person.pk,
            absorbed_id=duplicate.reference_person.pk,
            choices={},
        ),
    ),
    "casefiles.merges.services.merge_households": lambda w: _then(
        _duplicate(w),
        lambda duplicate: merge_services.merge_households(
            actor=w.users[Role.MANAGER], kept_file_id=w.file.pk, absorbed_file_id=duplicate.pk
        ),
    ),
    "casefiles.merges.services.undo_merge": lambda w: _then(
        _merged(w),
        lambda merge: merge_services.undo_merge(actor=w.users[Role.MANAGER], merge_id=merge.pk),
    ),
    "casefiles.dormant.services.close_dormant_file": lambda w: _then(
        _dormant(w),
        lambda _nothing: dormant_services.close_dormant_file(
            actor=w.users[Role.SOCIAL_WORKER], casefile_id=w.file.pk
        ),
    ),
}
