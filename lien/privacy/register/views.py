from django.http import HttpRequest, HttpResponse

from . import selectors


def document(request: HttpRequest, kind: str) -> HttpResponse:
    html = selectors.generated_document_for(
        actor=request.user, kind=kind, fmt="html", request=request
    )
    return HttpResponse(html)


def document_pdf(request: HttpRequest, kind: str) -> HttpResponse:
    pdf = selectors.generated_document_for(actor=request.user, kind=kind, fmt="pdf")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{kind}.pdf"'
    return response
