"""Privacy's answers to the questions the case files ask about the persons' rights
(`lien.casefiles.privacy_questions`), handed in when Django starts (PrivacyConfig.ready):
the case files stand below privacy and never import it."""

from collections.abc import Collection
from datetime import date
from typing import Any

from django.db.models import QuerySet

from lien.casefiles.privacy_questions import PrivacyAnswers, answer

from .guard import count_in_aggregate
from .limitation import refuse_if_limited
from .models import RequestStatus, RightKind, RightsRequest, StatisticsOpposition
from .rectification import keep_corrections, open_rectification_requests
from .selectors import notice_status_of


def persons_opposed_to_statistics() -> QuerySet[StatisticsOpposition, Any]:
    """The ids of the persons who opposed statistics (a subquery)."""
    return StatisticsOpposition.objects.values("person_id")


def access_requests_due(person_ids: Collection[int]) -> dict[int, date]:
    """{person id: the earliest answer due of their open access requests}."""
    due: dict[int, date] = {}
    for person_id, due_on in RightsRequest.objects.filter(
        kind=RightKind.ACCESS, status=RequestStatus.OPEN, person_id__in=person_ids
    ).values_list("person_id", "due_on"):
        due[person_id] = min(due.get(person_id, due_on), due_on)
    return due


def answer_the_case_files() -> None:
    answer(
        PrivacyAnswers(
            refuse_if_limited=refuse_if_limited,
            open_rectification_requests=open_rectification_requests,
            keep_corrections=keep_corrections,
            count_in_aggregate=count_in_aggregate,
            persons_opposed_to_statistics=persons_opposed_to_statistics,
            access_requests_due=access_requests_due,
            file_panel_for=notice_status_of,
        )
    )
