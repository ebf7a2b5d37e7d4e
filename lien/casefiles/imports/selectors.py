"""Reading the imports of households of the offices where the actor may import."""

from django.http import Http404

from lien.accounts.models import User
from lien.accounts.policy import Can

from ..models import HouseholdImport
from ..scope import imports_in_scope, require_office


def imports_for(*, actor: User, office_id: int) -> list[HouseholdImport]:
    """The office's imports, latest first (their counts and status; no person's data)."""
    require_office(actor, Can.IMPORT_HOUSEHOLDS, office_id)
    return list(imports_in_scope(actor).filter(office_id=office_id).defer("content")[:20])


def import_for(*, actor: User, pk: int) -> HouseholdImport:
    """One import with its validation report, or 404 outside the actor's offices. The
    report names lines and columns of the file, not persons: no audit event for reading it."""
    job = imports_in_scope(actor).defer("content").select_related("job").filter(pk=pk).first()
    if job is None:
        raise Http404
    return job
