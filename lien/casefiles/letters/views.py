"""The letters of a file: their card (loaded into the file page by htmx), and a letter
produced as PDF or ODT."""

from django.http import HttpResponse
from django.shortcuts import render

from lien.accounts.policy import Can
from lien.base.forms import run_service

from ..files.models import FileStatus
from ..scope import can_on_file
from ..views.common import require_file
from . import selectors, services
from .forms import ProduceLetterForm


def _card(request, pk, form=None, status=200):
    letters = selectors.letters_for(actor=request.user, casefile_id=pk)
    can_produce = (
        can_on_file(request.user, Can.EDIT_SOCIAL, letters.casefile)
        and letters.casefile.status == FileStatus.OPEN
    )
    if can_produce and form is None:
        form = ProduceLetterForm(
            prefix="letter", templates=letters.templates, aid_requests=letters.aid_requests
        )
    template = "casefiles/letters/letters_card.html"
    if not request.htmx:
        template = "casefiles/letters/letters_page.html"
    return render(
        request,
        template,
        {"casefile": letters.casefile, "letters": letters, "form": form if can_produce else None},
        status=status,
    )


def letters_card(request, pk: int):
    return _card(request, pk)


def produce_letter(request, pk: int):
    """A POST answers with the letter's file; a refusal shows the card again with it."""
    if request.method != "POST":
        return _card(request, pk)
    require_file(request, pk, Can.EDIT_SOCIAL)
    letters = selectors.letters_for(actor=request.user, casefile_id=pk)
    form = ProduceLetterForm(
        request.POST,
        prefix="letter",
        templates=letters.templates,
        aid_requests=letters.aid_requests,
    )
    produced = None
    if form.is_valid():
        data = form.cleaned_data
        produced = run_service(
            form,
            lambda: services.produce_letter(
                actor=request.user,
                casefile_id=pk,
                template_id=data["template"],
                fmt=data["fmt"],
                aid_request_id=data["aid_request"],
                missing=data["missing"],
            ),
        )
    if produced is None:
        return _card(request, pk, form=form, status=422)
    response = HttpResponse(produced.content, content_type=produced.content_type)
    response["Content-Disposition"] = f'attachment; filename="{produced.filename}"'
    return response
