"""Writing and editing a note on the file page, the author's page for sharing a note, and
the manager's page for handing over the private notes of social workers who left the
office."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.accounts.policy import Can
from lien.base.forms import run_service

from ..views.common import (
    NOTE_ENTRY,
    TIMELINE,
    after_entry,
    chosen_office,
    permitted_offices,
    render_file_page,
    require_file,
)
from . import selectors, services
from .access import social_workers_of
from .forms import HandOverForm, NoteEditForm, NoteForm, ShareNoteForm


@require_POST
def write_note(request, pk: int):
    require_file(request, pk, Can.WRITE_NOTES)
    form = NoteForm(request.POST, prefix="note", casefile_id=pk)
    if form.is_valid() and run_service(
        form,
        lambda: services.write_note(
            actor=request.user,
            casefile_id=pk,
            text=form.cleaned_data["text"],
            visibility=form.cleaned_data["visibility"],
        ),
    ):
        return after_entry(request, pk, _("Note saved."), cards=(NOTE_ENTRY, TIMELINE))
    return render_file_page(request, pk, status=422, note_form=form, cards=(NOTE_ENTRY,))


def edit_note(request, pk: int):
    note = selectors.note_for(actor=request.user, pk=pk)
    if note.author_id != request.user.pk:
        raise Http404  # only the author edits a note
    form = NoteEditForm(
        request.POST or None,
        initial={"text": note.text, "version": note.version},
        casefile_id=note.casefile_id,
    )
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.edit_note(
                actor=request.user,
                note_id=pk,
                text=form.cleaned_data["text"],
                expected_version=form.cleaned_data["version"],
            ),
        )
        if done:
            return redirect("casefile_detail", pk=note.casefile_id)
    return render(
        request,
        "casefiles/file_form.html",
        {
            "casefile": note.casefile,
            "form": form,
            "title": _("Edit the note"),
            "guard_target": form.guard_target,
        },
    )


def share_note(request, pk: int):
    sharing = selectors.note_sharing_for(actor=request.user, pk=pk)
    form = ShareNoteForm(request.POST or None, colleagues=sharing.colleagues)
    status = 200
    if request.method == "POST":
        if form.is_valid() and run_service(
            form,
            lambda: services.share_note(
                actor=request.user,
                note_id=pk,
                grantee_ids=form.cleaned_data["grantees"],
                reason=form.cleaned_data["reason"],
                expires_on=form.cleaned_data["expires_on"],
            ),
        ):
            messages.success(request, _("Note shared."))
            return redirect("share_note", pk=pk)
        status = 422
    return render(
        request,
        "casefiles/notes/share_note.html",
        {"sharing": sharing, "casefile": sharing.note.casefile, "form": form},
        status=status,
    )


@require_POST
def revoke_note_share(request, pk: int):
    share = services.revoke_note_share(actor=request.user, access_id=pk)
    messages.success(request, _("Share revoked."))
    return redirect("share_note", pk=share.note_id)


def departed_notes(request):
    office = chosen_office(request, Can.HAND_OVER_NOTES)
    return _departed_page(request, office)


def _departed_page(request, office, *, bound=None, status=200):
    workers = list(social_workers_of(office.pk))
    authors = selectors.departed_notes_for(actor=request.user, office_id=office.pk)

    def form_for(author, casefile=None):
        prefix = f"a{author.pk}-f{casefile.pk if casefile else 'all'}"
        if bound is not None and bound.prefix == prefix:
            return bound
        initial = {"author": author.pk, "casefile": casefile.pk if casefile else None}
        return HandOverForm(workers=workers, prefix=prefix, initial=initial)

    groups = [
        {
            "author": group.author,
            "waiting": group.waiting,
            "all_form": form_for(group.author),
            "files": [(row, form_for(group.author, row.casefile)) for row in group.files],
        }
        for group in authors
    ]
    return render(
        request,
        "casefiles/notes/departed_notes.html",
        {
            "office": office,
            "offices": permitted_offices(request, Can.HAND_OVER_NOTES),
            "groups": groups,
        },
        status=status,
    )


@require_POST
def hand_over_notes(request):
    office = chosen_office(request, Can.HAND_OVER_NOTES)
    prefix = request.POST.get("prefix", "")
    form = HandOverForm(
        request.POST, workers=social_workers_of(office.pk), prefix=prefix if prefix else None
    )
    if form.is_valid():
        count = run_service(
            form,
            lambda: services.hand_over_notes(
                actor=request.user,
                office_id=office.pk,
                author_id=form.cleaned_data["author"],
                heir_id=form.cleaned_data["heir"],
                reason=form.cleaned_data["reason"],
                casefile_id=form.cleaned_data["casefile"],
            ),
        )
        if count:
            messages.success(request, _("%(count)s notes handed over.") % {"count": count})
            return redirect(reverse("departed_notes") + f"?office={office.pk}")
    return _departed_page(request, office, bound=form, status=422)
