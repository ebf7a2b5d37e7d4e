"""The file page's reads of one file's parts, compiled once (`lien.base.compiled`): the
page runs them at every visit and they change only by the file's key. Each returns its
rows with the file already attached (`row.casefile`), as a related manager would, so that
nothing on the page reads the file again."""

from django.db.models import OuterRef, QuerySet, Subquery

from lien.base.compiled import compiled

from ..aid.models import AidRequest
from ..appointments.models import Appointment
from ..documents.models import Document
from ..payments.models import PaymentOrder
from ..problems.models import Intervention, Problem
from ..situation.models import SituationValue
from ..visits.models import Visit
from .models import CaseFile


@compiled
def current_situation(casefile_id: int) -> QuerySet[SituationValue]:
    return (
        SituationValue.objects.filter(casefile_id=casefile_id, superseded_at__isnull=True)
        .select_related("item")
        .order_by("item__position", "item__code")
    )


@compiled
def documents(casefile_id: int) -> QuerySet[Document]:
    return Document.objects.filter(casefile_id=casefile_id).select_related("person")


@compiled
def problems(casefile_id: int) -> QuerySet[Problem]:
    return Problem.objects.filter(casefile_id=casefile_id).select_related("item")


@compiled
def interventions(casefile_id: int) -> QuerySet[Intervention]:
    return Intervention.objects.filter(casefile_id=casefile_id).select_related("item", "worker")


@compiled
def addressed_problems(casefile_id: int) -> QuerySet:
    """The links between the file's interventions and the problems they addressed."""
    return (
        Intervention.problems.through.objects.filter(intervention__casefile_id=casefile_id)
        .select_related("problem__item")
        .order_by("problem_id")
    )


@compiled
def aid_requests(casefile_id: int) -> QuerySet[AidRequest]:
    """With the status of each request's latest payment order."""
    latest_payment = (
        PaymentOrder.objects.filter(aid_request=OuterRef("pk")).order_by("-pk").values("status")
    )
    return (
        AidRequest.objects.filter(casefile_id=casefile_id)
        .select_related("aid_type", "social_report")
        .annotate(payment_status=Subquery(latest_payment[:1]))
    )


@compiled
def visits(casefile_id: int) -> QuerySet[Visit]:
    return Visit.objects.filter(casefile_id=casefile_id).select_related("person")


@compiled
def appointments(casefile_id: int) -> QuerySet[Appointment]:
    return Appointment.objects.filter(casefile_id=casefile_id).select_related("person", "worker")


def of_file(read, casefile: CaseFile) -> list:
    """The rows of one of the reads above for this file, each with the file attached."""
    rows = read(casefile_id=casefile.pk)
    for row in rows:
        # Into the relation's cache, as a related manager does (no check, no write).
        type(row)._meta.get_field("casefile").set_cached_value(row, casefile)
    return rows
