"""Reception: the desk of an office, find-or-register with likely duplicates proposed as
one types, household members, identity corrections and visits."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lien.accounts.policy import Can, offices_where
from lien.offices.models import Office
from lien.privacy.rectification import open_rectification_requests

from .. import selectors, services
from ..forms import CorrectPersonForm, MemberForm, PersonForm, VisitForm
from .common import require, run_service


def _office(request, capability=Can.VIEW_RECEPTION) -> Office:
    """The office asked for (?office=), else the first where the user has the right."""
    allowed = offices_where(request.user, capability)
    wanted = request.GET.get("office") or request.POST.get("office")
    if wanted:
        if not wanted.isdigit() or int(wanted) not in allowed:
            raise Http404
        office_id = int(wanted)
    elif allowed:
        office_id = min(allowed)
    else:
        raise Http404
    return Office.objects.get(pk=office_id)


def _offices(request, capability=Can.VIEW_RECEPTION):
    return Office.objects.filter(pk__in=offices_where(request.user, capability)).order_by("name")


def reception_desk(request):
    office = _office(request)
    day = selectors.reception_day_for(actor=request.user, office_id=office.pk)
    return render(
        request,
        "casefiles/reception_desk.html",
        {"office": office, "offices": _offices(request), "day": day},
    )


def person_search(request):
    query = request.GET.get("q", "").strip()
    matches = similar = None
    if query:
        matches = selectors.search_persons(actor=request.user, query=query)
        found = {m.person.pk for m in matches}
        similar = [
            m
            for m in selectors.similar_persons(actor=request.user, query=query)
            if m.person.pk not in found
        ]
    template = (
        "casefiles/includes/search_results.html" if request.htmx else "casefiles/person_search.html"
    )
    return render(
        request,
        template,
        {
            "query": query,
            "matches": matches,
            "similar": similar,
            "limit": selectors.SEARCH_LIMIT,
            "register_offices": _offices(request, Can.EDIT_IDENTITY),
        },
    )


def likely_duplicates(request):
    """As the register form is typed: persons of the actor's offices with a close name."""
    query = " ".join(
        request.GET.get(name, "") for name in ("birth_name", "usage_name", "first_names")
    ).strip()
    similar = selectors.similar_persons(actor=request.user, query=query) if query else []
    return render(
        request, "casefiles/includes/duplicates.html", {"similar": similar, "query": query}
    )


def register_household(request):
    office = _office(request, Can.EDIT_IDENTITY)
    form = PersonForm(request.POST or None)
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
        {"form": form, "office": office, "offices": _offices(request, Can.EDIT_IDENTITY)},
    )


def add_member(request, pk: int):
    casefile = selectors.casefile_for(actor=request.user, pk=pk)
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
    casefile = selectors.casefile_for(actor=request.user, pk=pk)
    require(request, Can.EDIT_IDENTITY, casefile.office_id)
    person = selectors.person_for(actor=request.user, pk=person_pk)
    initial = {name: getattr(person, name) for name in services.PERSON_FIELDS}
    form = CorrectPersonForm(
        request.POST or None,
        initial={**initial, "version": person.version},
        rectification_requests=open_rectification_requests(person.pk),
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


def log_visit(request, pk: int):
    page = selectors.file_page_for(actor=request.user, pk=pk)
    require(request, Can.EDIT_RECEPTION, page.casefile.office_id)
    # From the desk's "Arrived" button: the person and the reason are already known.
    initial = {"reason": request.GET.get("reason", ""), "person": request.GET.get("person", "")}
    form = VisitForm(request.POST or None, members=page.members, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.log_visit(
                actor=request.user,
                casefile_id=pk,
                person_id=form.cleaned_data["person"],
                reason=form.cleaned_data["reason"],
            ),
        )
        if done:
            messages.success(request, _("Visit logged."))
            return redirect(_desk_url(page.casefile.office_id))
    return render(
        request,
        "casefiles/file_form.html",
        {"casefile": page.casefile, "form": form, "title": _("Log a visit")},
    )


def _desk_url(office_id: int) -> str:
    return f"{reverse('reception_desk')}?office={office_id}"
