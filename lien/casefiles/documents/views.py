"""Documents: attached through a form, sent back only through a selector (never as a
static file), with headers that stop a browser from guessing or embedding."""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lien.accounts.policy import Can
from lien.base.forms import run_service

from ..files import selectors as file_selectors
from ..views.common import require
from . import selectors, services
from .forms import DocumentForm


def attach_document(request, pk: int):
    page = file_selectors.file_page_for(actor=request.user, pk=pk)
    require(request, Can.EDIT_IDENTITY, page.casefile.office_id)
    form = DocumentForm(request.POST or None, request.FILES or None, members=page.members)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.attach_document(
                actor=request.user,
                casefile_id=pk,
                kind=form.cleaned_data["kind"],
                uploaded=form.cleaned_data["file"],
                person_id=form.cleaned_data["person"],
            ),
        )
        if done:
            messages.success(request, _("Document attached."))
            return redirect("casefile_detail", pk=pk)
    return render(
        request,
        "casefiles/file_form.html",
        {
            "casefile": page.casefile,
            "form": form,
            "title": _("Attach a document"),
            "multipart": True,
        },
    )


def download_document(request, pk: int):
    document = selectors.document_for(actor=request.user, pk=pk)
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=True,
        filename=f"document-{document.pk}.{document.file.name.rsplit('.', 1)[-1]}",
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
