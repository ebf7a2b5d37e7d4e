"""What the situation form of a file needs."""

from dataclasses import dataclass

from lien.accounts.policy import Can
from lien.audit.models import Action
from lien.audit.services import record_for_file
from lien.catalog.models import Family, Item
from lien.catalog.selectors import situation_items_for

from ..files.models import CaseFile
from ..scope import get_or_404
from .models import SituationValue


@dataclass
class SituationForm:
    """What the situation form of a file needs: the items the actor may fill in (one
    query, the choices are on the rows) and their current values (one query)."""

    casefile: CaseFile
    items: list[Item]
    current: dict[int, SituationValue]


def situation_form_for(*, actor, pk, family: str = Family.SITUATION) -> SituationForm:
    """The situation form of a file, or its population survey's (`family`)."""
    casefile = get_or_404(
        CaseFile.objects.select_related("office"),
        actor,
        Can.EDIT_SOCIAL,
        pk,
        office_path="office_id",
    )
    record_for_file(actor=actor, action=Action.VIEW, casefile=casefile)
    items = situation_items_for(actor=actor, office_id=casefile.office_id, family=family)
    current = {
        value.item_id: value
        for value in casefile.situation.filter(superseded_at__isnull=True, item__in=items)
    }
    return SituationForm(casefile=casefile, items=items, current=current)
