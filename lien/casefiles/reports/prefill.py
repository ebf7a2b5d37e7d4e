"""What the catalogue lets a document about an aid request take from the file: the current
situation values whose item declares the purpose "instruction and payment of financial
aid", is of ordinary sensitivity and is visible to social workers. The social report is
pre-filled from them; a letter template may name them."""

from lien.accounts.roles import Role
from lien.catalog.models import Item, Purpose, Sensitivity, Status

from ..files.models import CaseFile
from ..situation.models import SituationValue


def item_allows(item: Item, purpose: str) -> bool:
    return (
        purpose in (item.purposes or [])
        and item.sensitivity == Sensitivity.ORDINARY
        and Role.SOCIAL_WORKER in (item.visible_to_roles or [])
        and item.status in (Status.ACTIVE, Status.DEPRECATED)
    )


def allowed_situation(
    casefile: CaseFile, purpose: str = Purpose.FINANCIAL_AID
) -> list[SituationValue]:
    values = SituationValue.objects.filter(
        casefile=casefile, superseded_at__isnull=True
    ).select_related("item")
    return [v for v in values.order_by("item__label_fr") if item_allows(v.item, purpose)]
