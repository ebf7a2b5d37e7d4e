"""Appointments: a worker's day and week, booking, moving, cancelling, and the slip
handed to the person."""

from datetime import date, timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.accounts.policy import Can
from lien.base.forms import run_service

from ..files import selectors as file_selectors
from ..views.common import chosen_office, permitted_offices, require
from . import selectors, services
from .forms import AppointmentForm
from .models import AppointmentStatus


def _day(value: str | None) -> date:
    try:
        return date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        return timezone.localdate()


def calendar(request):
    office = chosen_office(request)
    workers = selectors.workers_of_office(actor=request.user, office_id=office.pk)
    worker_id = request.GET.get("worker", "")
    worker = next((w for w in workers if str(w.pk) == worker_id), workers[0] if workers else None)
    week = request.GET.get("view") == "week"
    day = _day(request.GET.get("day"))
    first_day = day - timedelta(days=day.weekday()) if week else day
    span = 7 if week else 1
    days = (
        selectors.worker_calendar_for(
            actor=request.user,
            office_id=office.pk,
            worker_id=worker.pk,
            first_day=first_day,
            days=span,
        )
        if worker
        else []
    )
    return render(
        request,
        "casefiles/calendar.html",
        {
            "office": office,
            "offices": permitted_offices(request),
            "workers": workers,
            "worker": worker,
            "week": week,
            "day": day,
            "days": days,
            "previous": first_day - timedelta(days=span),
            "next": first_day + timedelta(days=span),
        },
    )


def book_appointment(request, pk: int):
    page = file_selectors.file_page_for(actor=request.user, pk=pk)
    require(request, Can.EDIT_RECEPTION, page.casefile.office_id)
    workers = selectors.workers_of_office(actor=request.user, office_id=page.casefile.office_id)
    initial = {"day": timezone.localdate() + timedelta(days=1), "duration": 45}
    if page.casefile.referent_id:
        initial["worker"] = page.casefile.referent_id
    form = AppointmentForm(
        request.POST or None, members=page.members, workers=workers, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.slot()
        appointment = run_service(
            form,
            lambda: services.book_appointment(
                actor=request.user,
                casefile_id=pk,
                person_id=form.cleaned_data["person"],
                worker_id=form.cleaned_data["worker"],
                starts_at=starts_at,
                ends_at=ends_at,
                kind=form.cleaned_data["kind"],
            ),
        )
        if appointment:
            messages.success(request, _("Appointment booked."))
            return redirect("appointment_slip", pk=appointment.pk)
    return render(
        request,
        "casefiles/file_form.html",
        {"casefile": page.casefile, "form": form, "title": _("Book an appointment")},
    )


def move_appointment(request, pk: int):
    appointment = selectors.appointment_for(actor=request.user, pk=pk)
    require(request, Can.EDIT_RECEPTION, appointment.casefile.office_id)
    workers = selectors.workers_of_office(
        actor=request.user, office_id=appointment.casefile.office_id
    )
    start = timezone.localtime(appointment.starts_at)
    form = AppointmentForm(
        request.POST or None,
        workers=workers,
        moving=True,
        initial={
            "worker": appointment.worker_id,
            "day": start.date(),
            "start": start.time().replace(second=0, microsecond=0),
            "duration": int((appointment.ends_at - appointment.starts_at).total_seconds() // 60),
            "version": appointment.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.slot()
        done = run_service(
            form,
            lambda: services.move_appointment(
                actor=request.user,
                appointment_id=pk,
                starts_at=starts_at,
                ends_at=ends_at,
                worker_id=form.cleaned_data["worker"],
                expected_version=form.cleaned_data["version"],
            ),
        )
        if done:
            messages.success(request, _("Appointment moved."))
            return redirect("appointment_slip", pk=pk)
    return render(
        request,
        "casefiles/file_form.html",
        {
            "casefile": appointment.casefile,
            "form": form,
            "title": _("Move the appointment"),
            "intro": _("Currently: %(when)s with %(worker)s.")
            % {
                "when": start.strftime("%d/%m/%Y %H:%M"),
                "worker": appointment.worker,
            },
        },
    )


@require_POST
def set_appointment_status(request, pk: int):
    appointment = selectors.appointment_for(actor=request.user, pk=pk)
    status = request.POST.get("status", "")
    version = request.POST.get("version", "")
    done = run_service(
        request,
        lambda: services.set_appointment_status(
            actor=request.user,
            appointment_id=pk,
            status=status,
            expected_version=int(version) if version.isdigit() else None,
        ),
    )
    if done:
        label = AppointmentStatus(status).label
        messages.success(request, _("Appointment marked as %(status)s.") % {"status": label})
    back = request.POST.get("next", "")
    if back.startswith("/") and not back.startswith("//"):
        return redirect(back)
    return redirect(reverse("casefile_detail", args=[appointment.casefile_id]))


def appointment_slip(request, pk: int):
    appointment = selectors.appointment_for(actor=request.user, pk=pk)
    return render(request, "casefiles/appointment_slip.html", {"appointment": appointment})
