"""The free-text guard's check, called by htmx while a note is typed."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from lien.accounts.policy import Can
from lien.accounts.types import AuthenticatedRequest
from lien.casefiles.views.common import require_file

from . import guard

MAX_CHECKED_CHARS = 20_000


@require_POST
def check_note_text(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Points out the words to avoid in the note being typed on file `pk`. Reads nothing
    of the file and keeps nothing of the text: only whoever may write notes there may
    ask, so that the page answers 404 like every other act on a file out of reach."""
    require_file(request, pk, Can.WRITE_NOTES)
    typed = next((v for k, v in request.POST.items() if k == "text" or k.endswith("-text")), "")
    text = str(typed)[:MAX_CHECKED_CHARS]
    flags = guard.find(text)
    return render(
        request,
        "privacy/guard_result.html",
        {"flags": flags, "segments": guard.segments(text, flags) if flags else []},
    )
