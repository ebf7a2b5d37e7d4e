"""Reading documents: only through here, never as static files."""

from django.db.models import QuerySet

from lien.accounts.policy import Can
from lien.audit.models import Action
from lien.audit.services import record_for_file

from ..files.models import CaseFile
from ..scope import get_or_404, in_scope
from .models import Document


def documents_of(*, actor, casefile: CaseFile) -> list[Document]:
    """The list shown on the file page (names and kinds, not the content: no audit event
    of its own, the file page records one)."""
    queryset: QuerySet[Document] = in_scope(Document.objects.all(), actor, Can.EDIT_IDENTITY)
    return list(queryset.filter(casefile=casefile).select_related("person"))


def document_for(*, actor, pk) -> Document:
    """A document to download; the read is audited."""
    document = get_or_404(Document.objects.select_related("casefile"), actor, Can.EDIT_IDENTITY, pk)
    record_for_file(actor=actor, action=Action.EXPORT, casefile=document.casefile, obj=document)
    return document
