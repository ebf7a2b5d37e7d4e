from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from lien.accounts.policy import Can, can
from lien.accounts.types import AuthenticatedRequest

from ..prepared_documents import ask_register_pdf
from . import selectors


def document(request: HttpRequest, kind: str) -> HttpResponse:
    html = selectors.generated_document_for(
        actor=request.user, kind=kind, fmt="html", request=request
    )
    return HttpResponse(html)


def document_pdf(request: AuthenticatedRequest, kind: str) -> HttpResponse:
    """The tagged PDF takes seconds: the task worker prepares it (prepared_documents.py),
    its page offers it once ready. The worker reads it through the same selector, with
    the agent's rights as they are then, and that read is the audit event."""
    if not can(request.user, Can.READ_REGISTER) or kind not in selectors.DOCUMENT_KINDS:
        raise Http404
    file = ask_register_pdf(user=request.user, kind=kind)
    return redirect("prepared_file", pk=file.pk)
