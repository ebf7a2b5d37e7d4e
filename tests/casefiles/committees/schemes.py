"""Aid schemes and requests for the tests of committees and payments."""

from decimal import Decimal

from django.utils import timezone

from lien.casefiles.models import (
    AidRequest,
    AidScheme,
    AidStatus,
    Decider,
    Document,
    DocumentKind,
    ReasonKind,
    SchemeReason,
)
from lien.catalog.models import Family

from ...factories import ItemFactory


def scheme(
    ceiling="500", decided_by=Decider.COMMITTEE, required=(DocumentKind.RESOURCES,)
) -> AidScheme:
    created = AidScheme.objects.create(
        aid_type=ItemFactory(family=Family.AID, label_fr="FSL énergie"),
        ceiling=Decimal(ceiling),
        decided_by=decided_by,
        required_documents=list(required),
    )
    SchemeReason.objects.create(
        scheme=created,
        kind=ReasonKind.REFUSAL,
        code="over-resources",
        text="Ressources au-delà du barème",
    )
    SchemeReason.objects.create(
        scheme=created,
        kind=ReasonKind.PARTIAL,
        code="part-of-debt",
        text="Prise en charge d'une partie de la dette",
    )
    return created


def reason(of: AidScheme, kind=ReasonKind.REFUSAL) -> SchemeReason:
    return of.reasons.get(kind=kind)


def document(casefile, kind=DocumentKind.RESOURCES, by=None) -> Document:
    return Document.objects.create(
        casefile=casefile,
        kind=kind,
        file="documents/x.pdf",
        content_type="application/pdf",
        size=10,
        uploaded_by=by or casefile.referent,
    )


def submitted(casefile, of: AidScheme, amount="300", by=None) -> AidRequest:
    return AidRequest.objects.create(
        casefile=casefile,
        aid_type=of.aid_type,
        amount_requested=Decimal(amount),
        status=AidStatus.SUBMITTED,
        submitted_on=timezone.localdate(),
        created_by=by or casefile.referent,
    )
