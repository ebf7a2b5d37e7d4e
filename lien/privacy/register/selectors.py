"""Reading the generated documents: the register of processing or the DPIA inputs."""

from django.http import Http404, HttpRequest

from lien.accounts.policy import Can, can
from lien.accounts.types import Actor
from lien.audit.models import Action
from lien.audit.services import record

from .render import render_html, render_pdf

DOCUMENT_KINDS = ("register", "dpia")


def generated_document_for(
    *, actor: Actor, kind: str, fmt: str = "html", request: HttpRequest | None = None
) -> str | bytes:
    """The register of processing or the DPIA inputs, computed now, as HTML text or PDF
    bytes (`fmt`). Reading it is recorded (it names agents who approved items)."""
    if not can(actor, Can.READ_REGISTER):
        raise Http404
    if kind not in DOCUMENT_KINDS or fmt not in ("html", "pdf"):
        raise Http404
    record(actor=actor, action=Action.EXPORT, object_kind=f"catalog_{kind}", reason=fmt)
    if fmt == "pdf":
        return render_pdf(kind)
    return render_html(kind, web=True, request=request)
