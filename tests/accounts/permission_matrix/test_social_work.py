"""The permission matrix of the social work in a file: the situation, problems and
interventions, aid requests."""

from decimal import Decimal

import pytest
from django.utils import timezone

from lien.accounts.roles import Role
from lien.casefiles.aid import selectors as aid_selectors
from lien.casefiles.aid import services as aid_services
from lien.casefiles.models import AidRequest, AidStatus
from lien.casefiles.problems import selectors as problem_selectors
from lien.casefiles.problems import services as problem_services
from lien.casefiles.situation import selectors as situation_selectors
from lien.casefiles.situation import services as situation_services
from lien.catalog.models import Family

from ...factories import ItemFactory
from .matrix import MGR, NONE, SW, check

SOCIAL_WORK_RULES = {
    "casefiles.problems.selectors.problem_for": (
        lambda a, t: problem_selectors.problem_for(actor=a, pk=t.first("problems").pk) is not None,
        {SW, MGR},
        NONE,
    ),
    "casefiles.problems.selectors.intervention_for": (
        lambda a, t: (
            problem_selectors.intervention_for(actor=a, pk=t.first("interventions").pk) is not None
        ),
        {SW, MGR},
        NONE,
    ),
    "casefiles.aid.selectors.aid_request_for": (
        lambda a, t: (
            aid_selectors.aid_request_for(actor=a, pk=t.first("aid_requests").pk) is not None
        ),
        {SW, MGR},
        NONE,
    ),
    "casefiles.situation.selectors.situation_form_for": (
        lambda a, t: situation_selectors.situation_form_for(actor=a, pk=t.file.pk) is not None,
        {SW},
        NONE,
    ),
    "casefiles.situation.services.record_situation": (
        lambda a, t: (
            situation_services.record_situation(
                actor=a,
                casefile_id=t.file.pk,
                item_id=ItemFactory(family=Family.SITUATION).pk,
                value="Propriétaire",
            )
            is not None
        ),
        {SW},
        NONE,
    ),
    "casefiles.situation.services.record_situation_values": (
        lambda a, t: (
            situation_services.record_situation_values(
                actor=a,
                casefile_id=t.file.pk,
                values={ItemFactory(family=Family.SITUATION).pk: "Locataire"},
            )
            == 1
        ),
        {SW},
        NONE,
    ),
    "casefiles.problems.services.open_problem": (
        lambda a, t: (
            problem_services.open_problem(
                actor=a, casefile_id=t.file.pk, item_id=ItemFactory(family=Family.PROBLEM).pk
            )
            is not None
        ),
        {SW},
        NONE,
    ),
    "casefiles.problems.services.close_problem": (
        lambda a, t: (
            problem_services.close_problem(actor=a, problem_id=t.first("problems").pk) is not None
        ),
        {SW},
        NONE,
    ),
    "casefiles.problems.services.record_intervention": (
        lambda a, t: (
            problem_services.record_intervention(
                actor=a,
                casefile_id=t.file.pk,
                item_id=ItemFactory(family=Family.INTERVENTION).pk,
                problem_ids=[t.first("problems").pk],
            )
            is not None
        ),
        {SW},
        NONE,
    ),
    "casefiles.aid.services.create_aid_request": (
        lambda a, t: (
            aid_services.create_aid_request(
                actor=a,
                casefile_id=t.file.pk,
                aid_type_id=ItemFactory(family=Family.AID).pk,
                amount_requested=Decimal("90"),
            )
            is not None
        ),
        {SW},
        NONE,
    ),
    "casefiles.aid.services.submit_aid_request": (
        lambda a, t: (
            aid_services.submit_aid_request(actor=a, aid_request_id=t.first("aid_requests").pk)
            is not None
        ),
        {SW},
        NONE,
    ),
    "casefiles.aid.services.decide_aid_request": (
        lambda a, t: (
            AidRequest.objects.filter(casefile=t.file).update(
                status=AidStatus.SUBMITTED, submitted_on=timezone.localdate()
            )
            and aid_services.decide_aid_request(
                actor=a,
                aid_request_id=t.first("aid_requests").pk,
                granted=True,
                amount_granted=Decimal("100"),
            )
            is not None
        ),
        {SW},
        NONE,
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("scope", ["own", "other"])
@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("name", sorted(SOCIAL_WORK_RULES))
def test_matrix(world, name, role, scope):
    check(world, SOCIAL_WORK_RULES, name, role, scope)
