"""The pages where a social worker releases his notes for the access exports waiting for
them: the list of requests, and one request's notes with a form on each."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lien.base.forms import add_service_errors

from . import selectors, services
from .forms import ReleaseNoteForm, WithholdNoteForm


def note_releases(request):
    return render(
        request,
        "privacy/releases/note_releases.html",
        {"waiting": selectors.requests_waiting_for(actor=request.user)},
    )


def _forms_for(item, bound):
    pk = item.note.pk
    release = ReleaseNoteForm(prefix=f"release-{pk}")
    withhold = WithholdNoteForm(prefix=f"withhold-{pk}")
    if bound is not None and bound[0] == pk:
        release, withhold = (bound[1], withhold) if bound[2] == "release" else (release, bound[1])
    return release, withhold


def note_release(request, pk: int):
    """One access request: the actor's notes, each to release or withhold."""
    work = selectors.release_work_for(actor=request.user, request_id=pk)
    bound, status = None, 200
    if request.method == "POST":
        act, note_id = request.POST.get("act"), request.POST.get("note", "")
        note_id = int(note_id) if note_id.isdigit() else 0
        if act == "release":
            form = ReleaseNoteForm(request.POST, prefix=f"release-{note_id}")

            def call():
                return services.release_note(
                    actor=request.user,
                    request_id=pk,
                    note_id=note_id,
                    masked_passages=form.passages(),
                )
        else:
            form = WithholdNoteForm(request.POST, prefix=f"withhold-{note_id}")

            def call():
                return services.withhold_note(
                    actor=request.user,
                    request_id=pk,
                    note_id=note_id,
                    ground=form.cleaned_data["ground"],
                )

        if form.is_valid():
            try:
                call()
            except ValidationError as error:
                add_service_errors(form, error)
            else:
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
