from django.http import HttpResponse

from . import selectors


def document(request, kind: str):
    html = selectors.generated_document_for(
        actor=request.user, kind=kind, fmt="html", request=request
    )
    return HttpResponse(html)


def document_pdf(request, kind: str):
    pdf = selectors.generated_document_for(actor=request.user, kind=kind, fmt="pdf")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{kind}.pdf"'
    return response
