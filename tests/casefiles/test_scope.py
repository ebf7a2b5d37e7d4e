"""`scope.get_or_404`: what a user can cause (a missing object, one out of their scope, a
key that cannot be one) answers 404; what only the code can cause (a wrong path to the
office) raises, so that it shows in tests and in the error log."""

import pytest
from django.core.exceptions import FieldError
from django.http import Http404

from lien.accounts.policy import Can
from lien.accounts.roles import Role
from lien.casefiles.models import CaseFile, Problem
from lien.casefiles.scope import get_or_404

pytestmark = pytest.mark.django_db


def test_an_object_in_scope_is_returned(world):
    worker = world.users[Role.SOCIAL_WORKER]
    problem = world.file.problems.get()
    assert get_or_404(Problem.objects.all(), worker, Can.VIEW_SOCIAL, problem.pk) == problem
    found = get_or_404(
        CaseFile.objects.all(), worker, Can.VIEW_SOCIAL, str(world.file.pk), office_path="office_id"
    )
    assert found == world.file


@pytest.mark.parametrize("key", ["missing", "other office", "abc", "1.5", None, 10**30])
def test_what_a_user_can_cause_answers_404(world, key):
    worker = world.users[Role.SOCIAL_WORKER]
    pk = {
        "missing": Problem.objects.order_by("-pk").first().pk + 1,
        "other office": world.other_file.problems.get().pk,
    }.get(key, key)
    with pytest.raises(Http404):
        get_or_404(Problem.objects.all(), worker, Can.VIEW_SOCIAL, pk)


def test_a_role_without_the_capability_gets_404_for_an_object_that_exists(world):
    problem = world.file.problems.get()
    with pytest.raises(Http404):
        get_or_404(Problem.objects.all(), world.users[Role.SECRETARY], Can.VIEW_SOCIAL, problem.pk)


def test_a_wrong_path_to_the_office_is_a_programming_error_not_a_404(world):
    worker = world.users[Role.SOCIAL_WORKER]
    problem = world.file.problems.get()
    with pytest.raises(FieldError):
        get_or_404(
            Problem.objects.all(),
            worker,
            Can.VIEW_SOCIAL,
            problem.pk,
            office_path="file__office_id",
        )
    # An empty path means "these are the files": only true of CaseFile itself.
    with pytest.raises(ValueError, match="office_path"):
        get_or_404(Problem.objects.all(), worker, Can.VIEW_SOCIAL, problem.pk, office_path="")
