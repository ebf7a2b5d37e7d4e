"""The pages of the household changes, each opened from the household card of the file."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lien.accounts.policy import Can
from lien.base.forms import run_service

from ..appointments import selectors as appointment_selectors
from ..files import selectors as file_selectors
from ..households import selectors as person_selectors
from ..households.models import Relationship
from ..views.common import require
from . import services
from .forms import ArrivalForm, DeathForm, LeaveForm, ReferenceForm, SeparationForm


def _current_members(casefile):
    return list(
        casefile.household.members.filter(left_on__isnull=True)
        .select_related("person")
        .order_by(file_selectors.RELATIONSHIP_ORDER, "person__birth_date")
    )


def _member(casefile, person_pk):
    for member in _current_members(casefile):
        if member.person_id == person_pk:
            return member
    raise Http404


def _page(request, casefile, form, title, intro="", submit_label=None):
    return render(
        request,
        "casefiles/file_form.html",
        {
            "casefile": casefile,
            "form": form,
            "title": title,
            "intro": intro,
            "submit_label": submit_label,
        },
    )


def member_leaves(request, pk: int, person_pk: int):
    casefile = file_selectors.casefile_for(actor=request.user, pk=pk)
    require(request, Can.EDIT_IDENTITY, casefile.office_id)
    member = _member(casefile, person_pk)
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.member_leaves(
                actor=request.user,
                casefile_id=pk,
                person_id=person_pk,
                left_on=form.cleaned_data["left_on"],
                joins_casefile_id=form.cleaned_data["joins_casefile"],
                relationship=form.cleaned_data["relationship"],
            ),
        )
        if done:
            messages.success(request, _("The departure is recorded; the history keeps it."))
            return redirect("casefile_detail", pk=pk)
    title = _("%(name)s leaves the household") % {"name": member.person.full_name}
    return _page(request, casefile, form, title)


def member_arrives(request, pk: int):
    """A person already in Lien (of another household, perhaps of another office the user
    can see) arrives in this one: found by name, then dated; their former household
    records that they left the same day."""
    casefile = file_selectors.casefile_for(actor=request.user, pk=pk)
    require(request, Can.EDIT_IDENTITY, casefile.office_id)
    query = (request.GET.get("q") or request.POST.get("q") or "").strip()
    present = {m.person_id for m in _current_members(casefile)}
    found = []
    if query:
        found = [
            match
            for match in person_selectors.search_persons(actor=request.user, query=query)
            if match.person.pk not in present and match.person.died_on is None
        ]
    form = ArrivalForm(request.POST or None, found=found)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.member_arrives(
                actor=request.user,
                casefile_id=pk,
                person_id=form.cleaned_data["person"],
                relationship=form.cleaned_data["relationship"],
                joined_on=form.cleaned_data["joined_on"],
            ),
        )
        if done:
            messages.success(
                request,
                _("The arrival is recorded; the household the person left records the departure."),
            )
            return redirect("casefile_detail", pk=pk)
    return render(
        request,
        "casefiles/member_arrives.html",
        {"casefile": casefile, "form": form, "query": query, "found": found},
    )


def record_death(request, pk: int, person_pk: int):
    casefile = file_selectors.casefile_for(actor=request.user, pk=pk)
    require(request, Can.EDIT_IDENTITY, casefile.office_id)
    member = _member(casefile, person_pk)
    others = [m for m in _current_members(casefile) if m.person_id != person_pk]
    form = DeathForm(request.POST or None, others=others)
    if member.relationship != Relationship.REFERENCE or not others:
        del form.fields["new_reference"]
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.record_death(
                actor=request.user,
                casefile_id=pk,
                person_id=person_pk,
                died_on=form.cleaned_data["died_on"],
                new_reference_id=form.cleaned_data.get("new_reference"),
            ),
        )
        if done:
            messages.success(request, _("The death is recorded."))
            return redirect("casefile_detail", pk=pk)
    title = _("Record the death of %(name)s") % {"name": member.person.full_name}
    return _page(request, casefile, form, title)


def change_reference(request, pk: int):
    casefile = file_selectors.casefile_for(actor=request.user, pk=pk)
    require(request, Can.EDIT_IDENTITY, casefile.office_id)
    members = [m for m in _current_members(casefile) if m.relationship != Relationship.REFERENCE]
    form = ReferenceForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.change_reference(
                actor=request.user,
                casefile_id=pk,
                person_id=form.cleaned_data["person"],
                changed_on=form.cleaned_data["changed_on"],
                former_reference_becomes=form.cleaned_data["former_reference_becomes"],
            ),
        )
        if done:
            messages.success(request, _("The reference person is changed."))
            return redirect("casefile_detail", pk=pk)
    return _page(request, casefile, form, _("Change the reference person"))


def separate_household(request, pk: int):
    casefile = file_selectors.casefile_for(actor=request.user, pk=pk)
    require(request, Can.EDIT_SOCIAL, casefile.office_id)
    form = SeparationForm(
        request.POST or None,
        members=_current_members(casefile),
        problems=casefile.problems.filter(closed_on__isnull=True).select_related("item"),
        aid_requests=casefile.aid_requests.select_related("aid_type"),
        workers=appointment_selectors.workers_of_office(
            actor=request.user, office_id=casefile.office_id
        ),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new_file = run_service(
            form,
            lambda: services.separate_household(
                actor=request.user,
                casefile_id=pk,
                split=services.Separation(
                    leaving=data["leaving"],
                    new_reference_id=data["new_reference"],
                    separated_on=data["separated_on"],
                    problem_ids=data["problems"],
                    aid_request_ids=data["aid_requests"],
                    referent_id=data["referent"],
                    remaining_reference_id=data["remaining_reference"],
                ),
            ),
        )
        if new_file:
            messages.success(
                request,
                _("The household is separated: file no. %(id)s is opened for the new household.")
                % {"id": new_file.pk},
            )
            return redirect("casefile_detail", pk=new_file.pk)
    return _page(
        request,
        casefile,
        form,
        _("Separation: split the household into two files"),
        intro=_(
            "Those who leave form a new household with its own file in this office; the "
            "problems and aid requests ticked go with them, the rest stay in this file."
        ),
        submit_label=_("Split the household"),
    )
