"""The home page: one panel per role the user holds, in each office where they hold it."""

from dataclasses import dataclass

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

from lien.accounts.policy import office_roles
from lien.accounts.roles import Role
from lien.casefiles.appointments import selectors as appointment_selectors
from lien.casefiles.deadlines import selectors as deadline_selectors
from lien.casefiles.dormant import selectors as dormant_selectors
from lien.casefiles.files import selectors as file_selectors
from lien.casefiles.visits import selectors as visit_selectors
from lien.offices.models import Office
from lien.privacy.releases import selectors as release_selectors


@dataclass
class OfficePanel:
    office: Office
    roles: frozenset[str]
    reception: object = None
    files: list | None = None

    @property
    def unassigned(self) -> list:
        return [f for f in self.files or [] if f.referent_id is None]


# Dormant files listed on the home page, in each of the referent's and the manager's lists.
DORMANT_SHOWN = 10


def home(request):
    user = request.user
    held = office_roles(user)
    offices = Office.objects.in_bulk(list(held))
    panels = []
    for office_id, roles in sorted(held.items(), key=lambda kv: offices[kv[0]].name):
        panel = OfficePanel(office=offices[office_id], roles=roles)
        if Role.SECRETARY in roles:
            panel.reception = visit_selectors.reception_day_for(actor=user, office_id=office_id)
        if Role.MANAGER in roles:
            panel.files = file_selectors.office_files_for(actor=user, office_id=office_id)
        panels.append(panel)
    all_roles = {r for roles in held.values() for r in roles}
    caseload = file_selectors.caseload_for(actor=user) if Role.SOCIAL_WORKER in all_roles else None
    # Today's appointments, and who reception says has arrived for them.
    worker_day = (
        appointment_selectors.worker_day_for(actor=user)
        if Role.SOCIAL_WORKER in all_roles
        else None
    )
    # Access requests waiting for the user's notes (privacy.releases): he alone can
    # release them, so they come first on his page.
    note_releases = (
        release_selectors.requests_waiting_for(actor=user)
        if Role.SOCIAL_WORKER in all_roles
        else []
    )
    # Open files without contact for the dormant period: the referent's first, the
    # manager's once the grace period is over (lien/casefiles/dormant).
    # The longest without contact of each list: a caseload can hold hundreds, and the
    # page grew with them (0.45 s at 850 files); the page says when there are more.
    referent_files = (
        dormant_selectors.dormant_for_referent(actor=user, limit=DORMANT_SHOWN)
        if Role.SOCIAL_WORKER in all_roles
        else dormant_selectors.DormantFiles()
    )
    more_dormant = referent_files.more
    dormant_files = list(referent_files)
    if Role.MANAGER in all_roles:
        managed = dormant_selectors.dormant_for_manager(actor=user, limit=DORMANT_SHOWN)
        more_dormant = more_dormant or managed.more
        dormant_files += managed
    # The worker's reminders not done yet, overdue first.
    tasks = deadline_selectors.tasks_for(actor=user) if Role.SOCIAL_WORKER in all_roles else None
    return render(
        request,
        "web/home.html",
        {
            "dormant_files": dormant_files,
            "more_dormant": more_dormant,
            "dormant_months": settings.LIEN_DORMANT_MONTHS,
            "panels": panels,
            "caseload": caseload,
            "worker_day": worker_day,
            "roles": all_roles,
            "note_releases": note_releases,
            "tasks": tasks,
            # The CRIP sees no file: its home page leads to the concerns it receives.
            "receives_concerns": Role.CRIP in all_roles,
            "today": timezone.localdate(),
        },
    )
