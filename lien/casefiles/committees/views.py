"""The committee secretary's pages (sessions, agenda, decisions in session) and the
members' reading of an agenda on the day of the session."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.accounts.policy import Can, can
from lien.base.forms import run_service

from ..views.common import today
from . import selectors, services
from .forms import SessionDecisionForm, SessionForm


def committee_sessions(request):
    secretary = can(request.user, Can.RUN_COMMITTEES)
    sessions = list(selectors.sessions_for(actor=request.user))
    if not secretary and not sessions:
        raise Http404
    form = SessionForm(request.POST or None, initial={"held_on": today()}) if secretary else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            session = run_service(
                form,
                lambda: services.create_session(
                    actor=request.user,
                    scheme_id=form.cleaned_data["scheme"].pk,
                    held_on=form.cleaned_data["held_on"],
                    member_ids=[m.pk for m in form.cleaned_data["members"]],
                ),
            )
            if session is not None:
                messages.success(request, _("Committee session prepared."))
                return redirect("committee_session", pk=session.pk)
    return render(
        request,
        "casefiles/committees/sessions.html",
        {"sessions": sessions, "form": form, "secretary": secretary},
        status=422 if form is not None and form.errors else 200,
    )


def committee_session(request, pk: int):
    page = selectors.session_for(actor=request.user, pk=pk)
    awaiting = []
    if page.may_decide:
        awaiting = selectors.requests_awaiting_session(actor=request.user, session=page.session)
    return render(
        request, "casefiles/committees/session.html", {"page": page, "awaiting": awaiting}
    )


@require_POST
def put_on_agenda(request, pk: int, aid_pk: int):
    if run_service(
        request,
        lambda: services.put_on_agenda(actor=request.user, session_id=pk, aid_request_id=aid_pk),
    ):
        messages.success(request, _("Request put on the agenda."))
    return redirect("committee_session", pk=pk)


@require_POST
def close_session(request, pk: int):
    if run_service(request, lambda: services.close_session(actor=request.user, session_id=pk)):
        messages.success(request, _("Session closed: its members no longer see its agenda."))
    return redirect("committee_session", pk=pk)


def decide_in_session(request, pk: int):
    entry = selectors.entry_for(actor=request.user, pk=pk)
    form = SessionDecisionForm(request.POST or None, scheme=entry.session.scheme)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_service(
            form,
            lambda: services.record_session_decision(
                actor=request.user,
                entry_id=pk,
                decision=services.SessionDecision(
                    outcome=data["outcome"],
                    amount_granted=data["amount_granted"],
                    reason_ids=[int(r) for r in data["reasons"]],
                    reason_text=data["reason_text"],
                    missing_documents=data["missing_documents"],
                ),
            ),
        )
        if done:
            messages.success(request, _("Decision of the committee recorded."))
            return redirect("committee_session", pk=entry.session_id)
    return render(
        request,
        "casefiles/committees/decide.html",
        {"entry": entry, "form": form},
        status=422 if form.errors else 200,
    )


@require_POST
def resubmit_aid_request(request, pk: int):
    """The social worker's new draft from a refused request."""
    from ..aid.selectors import aid_request_for

    aid = aid_request_for(actor=request.user, pk=pk)
    if run_service(
        request, lambda: services.resubmit_request(actor=request.user, aid_request_id=pk)
    ):
        messages.success(request, _("A new draft request was made from the refused one."))
    return redirect("casefile_detail", pk=aid.casefile_id)


def agenda_report(request, pk: int):
    """A member reads the committee's copy of a request's social report, on the day of
    the session."""
    entry, copy = selectors.agenda_report_for(actor=request.user, entry_id=pk)
    return render(
        request, "casefiles/committees/agenda_report.html", {"entry": entry, "copy": copy}
    )
