"""Persons and households at reception: finding a person, registering a household,
adding a member, correcting a person's identity."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lien.accounts.policy import Can
from lien.base.forms import run_service

from ..files import selectors as file_selectors
from ..privacy_questions import privacy
from ..views.common import (
    chosen_office,
    permitted_offices,
    require,
)
from . import selectors, services
from .forms import CorrectPersonForm, MemberForm, PersonForm


def person_search(request):
    query = request.GET.get("q", "").strip()
    matches = similar = None
    too_short = more_found = False
    typing = bool(request.htmx) and request.GET.get("more") != "1"
    limit = selectors.TYPING_LIMIT if typing else selectors.SEARCH_LIMIT
    if query:
        found = selectors.find_persons(actor=request.user, query=query, limit=limit)
        too_short = found.too_short
        if not too_short:
            matches, similar, more_found = found.matches, found.similar, found.more
    template = (
        "casefiles/includes/search_results.html" if request.htmx else "casefiles/person_search.html"
    )
    return render(
        request,
        template,
        {
            "query": query,
            "too_short": too_short,
            "matches": matches,
            "similar": similar,
            "limit": limit,
            "more_found": more_found,
            "can_show_more": typing,
            "most": selectors.SEARCH_LIMIT,
            "register_offices": permitted_offices(request, Can.EDIT_IDENTITY),
        },
    )


def likely_duplicates(request):
    """As the register form is typed: persons of the actor's offices with a close name."""
    query = " ".join(
        request.GET.get(name, "") for name in ("birth_name", "usage_name", "first_names")
    ).strip()
    similar = selectors.similar_persons(actor=request.user, query=query) if query else []
    return render(
        request,
        "casefiles/includes/duplicates.html",
        {"similar": similar, "query": query, "registering": True},
    )


def _names_typed(data) -> str:
    return " ".join(data.get(name, "") for name in ("birth_name", "usage_name", "first_names"))


def register_household(request):
    office = chosen_office(request, Can.EDIT_IDENTITY)
    form = PersonForm(request.POST or None)
    similar = []
    if request.method == "POST" and form.is_valid():
        # A person with a close name is already known: registering needs the explicit
        # "this is another person" (the box next to the likely duplicates).
        similar = selectors.similar_persons(actor=request.user, query=_names_typed(request.POST))
        if similar and request.POST.get("other_person") != "yes":
            form.add_error(
                None,
                _(
                    "A person with a close name is already known (see “Already known?”). "
                    "Open their file, or tick “This is another person” to register anyway."
                ),
            )
    if request.method == "POST" and form.is_valid():
        casefile = run_service(
            form,
            lambda: services.register_household(
                actor=request.user, office_id=office.pk, reference=form.person_data()
            ),
        )
        if casefile:
            messages.success(request, _("Household registered: its file is open."))
            return redirect("casefile_detail", pk=casefile.pk)
    return render(
        request,
        "casefiles/register_household.html",
        {
            "form": form,
            "office": office,
            "offices": permitted_offices(request, Can.EDIT_IDENTITY),
            "similar": similar,
            "query": _names_typed(request.POST).strip(),
            "registering": True,
        },
    )


def add_member(request, pk: int):
    casefile = file_selectors.casefile_for(actor=request.user, pk=pk)
    require(request, Can.EDIT_IDENTITY, casefile.office_id)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.add_household_member(
                actor=request.user,
                casefile_id=pk,
                person=form.person_data(),
                relationship=form.cleaned_data["relationship"],
                joined_on=form.cleaned_data["joined_on"],
            ),
        )
        if done:
            messages.success(request, _("Member added to the household."))
            return redirect("casefile_detail", pk=pk)
    return render(
        request,
        "casefiles/file_form.html",
        {"casefile": casefile, "form": form, "title": _("Add a member to the household")},
    )


def edit_person(request, pk: int, person_pk: int):
    casefile = file_selectors.casefile_for(actor=request.user, pk=pk)
    require(request, Can.EDIT_IDENTITY, casefile.office_id)
    person = selectors.person_for(actor=request.user, pk=person_pk)
    initial = {name: getattr(person, name) for name in services.PERSON_FIELDS}
    form = CorrectPersonForm(
        request.POST or None,
        initial={**initial, "version": person.version},
        rectification_requests=privacy().open_rectification_requests(person.pk),
    )
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.update_person(
                actor=request.user,
                person_id=person.pk,
                expected_version=form.cleaned_data["version"],
                changes=form.changes(),
                reason=form.cleaned_data["reason"],
                rights_request_id=form.cleaned_data.get("rights_request"),
            ),
        )
        if done:
            messages.success(request, _("Identity and contact details saved."))
            return redirect("casefile_detail", pk=pk)
    return render(
        request,
        "casefiles/file_form.html",
        {"casefile": casefile, "form": form, "title": _("Correct identity and contact details")},
    )
