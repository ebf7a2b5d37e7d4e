"""What the writes into a file share: the file looked up in the actor's scope, a closed
file refused, an item offered by the catalogue, a member of the household, the retention
clock. Called by the services of every part of a file, inside their transaction."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lien.accounts.policy import Can
from lien.catalog.models import Family, Item

from ..households.models import Person
from ..scope import get_or_404
from .models import CaseFile, FileStatus


def casefile_or_404(actor, casefile_id, capability: Can) -> CaseFile:
    """The file, if the actor holds the capability on it; Http404 otherwise."""
    return get_or_404(
        CaseFile.objects.all(), actor, capability, casefile_id, office_path="office_id"
    )


def require_open(casefile: CaseFile) -> None:
    if casefile.status != FileStatus.OPEN:
        raise ValidationError(
            _("This file is closed: reopen it before recording anything."), code="closed"
        )


def offered_item(pk, family: Family) -> Item:
    """An item of the catalogue's family that may be recorded now."""
    try:
        return Item.objects.offered(family).get(pk=pk)
    except (Item.DoesNotExist, ValueError, TypeError):
        raise ValidationError(_("Choose an item of the catalogue."), code="invalid_item") from None


def current_member(casefile: CaseFile, person_id: int) -> Person:
    """A person who is a member of the file's household now."""
    member = (
        casefile.household.members.filter(person_id=person_id, left_on__isnull=True)
        .select_related("person")
        .first()
    )
    if member is None:
        raise ValidationError(_("This person is not a member of the household."), code="person")
    return member.person


def touch_contact(casefile: CaseFile, day: date) -> None:
    """The person was in contact: restart the retention clock."""
    if casefile.last_contact_on is None or day > casefile.last_contact_on:
        CaseFile.objects.filter(pk=casefile.pk).update(last_contact_on=day)
        casefile.last_contact_on = day
