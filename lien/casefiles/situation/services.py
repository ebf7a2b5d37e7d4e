"""Recording the household's situation: one value, or the whole form at once."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.accounts.models import User
from lien.accounts.policy import Can
from lien.audit.models import Action
from lien.audit.services import record_for_file
from lien.catalog.models import Family, Item
from lien.catalog.selectors import situation_items_for
from lien.catalog.values import normalise_value
from lien.catalog.visibility import roles_in_office, visible_to

from .. import statistics
from ..files.entries import casefile_or_404, require_open
from .models import SituationValue

# The families recorded as the household's situation: its situation proper and the
# questions of the population survey (enquête population), entered the same way.
SITUATION_FAMILIES = statistics.SITUATION_FAMILIES


def _offered_situation_item(pk) -> Item:
    """An item of the situation or of the population survey that may be recorded now."""
    try:
        return Item.objects.offered(*SITUATION_FAMILIES).get(pk=pk)
    except (Item.DoesNotExist, ValueError, TypeError):
        raise ValidationError(_("Choose an item of the catalogue."), code="invalid_item") from None


@transaction.atomic
def record_situation(*, actor: User, casefile_id: int, item_id: int, value: str) -> SituationValue:
    """Sets the current value of a situation item; the previous one is kept as history."""
    casefile = casefile_or_404(actor, casefile_id, Can.EDIT_SOCIAL)
    require_open(casefile)
    item = _offered_situation_item(item_id)
    if not visible_to(item, roles_in_office(actor, casefile.office_id)):
        raise ValidationError(_("Choose an item of the catalogue."), code="invalid_item")
    # Checked against the item's type and choices, and stored in its normal form.
    value = normalise_value(item, value)
    now = timezone.now()
    SituationValue.objects.filter(casefile=casefile, item=item, superseded_at__isnull=True).update(
        superseded_at=now
    )
    situation = SituationValue.objects.create(
        casefile=casefile, item=item, value=value, recorded_at=now, recorded_by=actor
    )
    statistics.situation_changed(casefile, item, value)
    record_for_file(actor=actor, action=Action.UPDATE, casefile=casefile, obj=situation)
    return situation


@transaction.atomic
def record_situation_values(
    *, actor: User, casefile_id: int, values: dict[int, object], family: str = Family.SITUATION
) -> int:
    """Saves the situation form, or the population survey's (`family`): {item id: value},
    where an empty value clears the item. Only items of the family the actor's role may
    see are accepted; unchanged values are left alone. All or nothing: a ValidationError
    keyed by item id names every faulty value."""
    if family not in SITUATION_FAMILIES:
        raise ValidationError(_("Choose an item of the catalogue."), code="invalid_item")
    casefile = casefile_or_404(actor, casefile_id, Can.EDIT_SOCIAL)
    require_open(casefile)
    allowed = {
        i.pk: i
        for i in situation_items_for(actor=actor, office_id=casefile.office_id, family=family)
    }
    current = {
        v.item_id: v for v in casefile.situation.filter(superseded_at__isnull=True, item__in=values)
    }
    errors, changed = {}, 0
    for item_id, raw in values.items():
        item = allowed.get(item_id)
        if item is None:
            raise ValidationError(_("Choose an item of the catalogue."), code="invalid_item")
        old = current.get(item_id)
        if raw in (None, "", []):
            if old is not None:
                SituationValue.objects.filter(pk=old.pk).update(superseded_at=timezone.now())
                record_for_file(actor=actor, action=Action.DELETE, casefile=casefile, obj=old)
                changed += 1
            continue
        try:
            value = normalise_value(item, raw)
        except ValidationError as error:
            errors[item_id] = error.messages
            continue
        if old is None or old.value != value:
            record_situation(actor=actor, casefile_id=casefile.pk, item_id=item_id, value=value)
            changed += 1
    if errors:
        raise ValidationError({f"item_{k}": v for k, v in errors.items()})
    return changed
