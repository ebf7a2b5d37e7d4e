from django.http import Http404

from lien.accounts.models import User
from lien.accounts.policy import Can, can, offices_where
from lien.base.lookups import object_or_404
from lien.casefiles.models import CaseFile


def archive_keeper_or_404(actor: User, casefile: CaseFile) -> None:
    """The manager of the file's office, or the DPO; anyone else gets the 404 of a
    missing file."""
    if can(actor, Can.VIEW_AUDIT) or casefile.office_id in offices_where(
        actor, Can.ASSIGN_REFERENT
    ):
        return
    raise Http404


def file_or_404(pk: int, **filters: object) -> CaseFile:
    return object_or_404(CaseFile.objects.select_related("office", "household"), pk, **filters)
