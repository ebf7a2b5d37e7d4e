"""The pages where a social worker releases his notes for the access exports waiting for
them: the list of requests, and one request's notes with a form on each."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lien.accounts.types import AuthenticatedRequest
from lien.base.forms import LienForm, run_service

from . import selectors, services
from .forms import ReleaseNoteForm, WithholdNoteForm
from .selectors import NoteToRelease


def note_releases(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "privacy/releases/note_releases.html",
        {"waiting": selectors.requests_waiting_for(actor=request.user)},
    )


# The form of the note just posted, as posted: (note id, form, "release" or "withhold").
Bound = tuple[int, LienForm, str]


def _forms_for(item: NoteToRelease, bound: Bound | None) -> tuple[LienForm, LienForm]:
    pk = item.note.pk
    release: LienForm = ReleaseNoteForm(prefix=f"release-{pk}")
    withhold: LienForm = WithholdNoteForm(prefix=f"withhold-{pk}")
    if bound is not None and bound[0] == pk:
        release, withhold = (bound[1], withhold) if bound[2] == "release" else (release, bound[1])
    return release, withhold


def note_release(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One access request: the actor's notes, each to release or withhold."""
    work = selectors.release_work_for(actor=request.user, request_id=pk)
    bound: Bound | None = None
    status = 200
    if request.method == "POST":
        act, typed_id = request.POST.get("act"), request.POST.get("note", "")
        note_id = int(typed_id) if typed_id.isdigit() else 0
        form: ReleaseNoteForm | WithholdNoteForm
        call: Callable[[], object]
        if act == "release":
            release_form = form = ReleaseNoteForm(request.POST, prefix=f"release-{note_id}")

            def call() -> object:
                return services.release_note(
                    actor=request.user,
                    request_id=pk,
                    note_id=note_id,
                    masked_passages=release_form.passages(),
                )
        else:
            form = WithholdNoteForm(request.POST, prefix=f"withhold-{note_id}")

            def call() -> object:
                return services.withhold_note(
                    actor=request.user,
                    request_id=pk,
                    note_id=note_id,
                    ground=form.cleaned_data["ground"],
                )

        if form.is_valid() and run_service(form, call):
            messages.success(
                request,
                _("Note released.") if act == "release" else _("Note withheld."),
            )
            return redirect("note_release", pk=pk)
        bound, status = (note_id, form, "release" if act == "release" else "withhold"), 422
    items = [(item, *_forms_for(item, bound)) for item in work.notes]
    return render(
        request,
        "privacy/releases/note_release.html",
        {"work": work, "items": items},
        status=status,
    )
