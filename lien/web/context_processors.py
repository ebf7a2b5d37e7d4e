from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from lien.accounts.policy import Can, can, may_approve_role_changes
from lien.base.compiled import compiled
from lien.casefiles.committees.models import CommitteeSession


@dataclass
class NavEntry:
    label: str
    url: str
    current: bool


@compiled
def _open_committee_sessions_of(user_id: int) -> QuerySet:
    """Whether the user sits on a committee not yet closed (read on every page)."""
    sessions = CommitteeSession.objects.filter(members=user_id, closed_at__isnull=True)
    return sessions.order_by().values_list("pk", flat=True)[:1]


def navigation(request):
    """The menu shows only what the user's roles open to them."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    entries = [(_("Home"), reverse("home"))]
    if can(user, Can.EDIT_SOCIAL):
        entries.append((_("My caseload"), reverse("caseload")))
    if can(user, Can.EDIT_RECEPTION):
        entries.append((_("Reception desk"), reverse("reception_desk")))
    if can(user, Can.VIEW_RECEPTION):
        entries.append((_("Calendars"), reverse("calendar")))
    if can(user, Can.ASSIGN_REFERENT):
        entries.append((_("Files of the office"), reverse("office_files")))
    # The manager's duplicates, the office's reminders and concerns open from the office's card on
    # the home page: the menu keeps to one line on a laptop (tests/e2e/test_screens_fit.py).
    if can(user, Can.RECEIVE_CHILD_PROTECTION):  # the CRIP; the manager's are on the home page
        entries.append((_("Child-protection concerns"), reverse("concern_list")))
    if can(user, Can.IMPORT_HOUSEHOLDS):
        entries.append((_("Import households"), reverse("household_imports")))
    if can(user, Can.VIEW_IDENTITY):
        entries.append((_("Find a person"), reverse("person_search")))
    if can(user, Can.WRITE_NOTES):
        entries.append((_("Emergency access"), reverse("break_glass")))
    if can(user, Can.RUN_COMMITTEES) or _open_committee_sessions_of(user_id=user.pk):
        entries.append((_("Aid committees"), reverse("committee_sessions")))
    if can(user, Can.ORDER_PAYMENTS):
        entries.append((_("Payment orders"), reverse("payments")))
    if can(user, Can.VIEW_AUDIT):
        entries.append((_("Data protection"), reverse("audit_dashboard")))
    if can(user, Can.VIEW_AUDIT) or can(user, Can.ASSIGN_REFERENT):
        entries.append((_("Archive"), reverse("archive_files")))
    if can(user, Can.HANDLE_RIGHTS_REQUESTS):
        entries.append((_("Rights requests"), reverse("rights_requests")))
    if can(user, Can.VIEW_ALL_STATISTICS) or can(user, Can.VIEW_OFFICE_STATISTICS):
        entries.append((_("Statistics"), reverse("stats_grid")))
    entries.append(
        (_("Audit log") if can(user, Can.VIEW_AUDIT) else _("My activity"), reverse("audit_events"))
    )
    if can(user, Can.MANAGE_CATALOG) or can(user, Can.READ_REGISTER):
        entries.append((_("Catalogue and register"), reverse("catalog_home")))
    if may_approve_role_changes(user):
        # The tokens of the other systems (lien/api), under the same two keys, open from
        # the roles' page.
        entries.append((_("Agents' roles"), reverse("role_changes")))
    if can(user, Can.MANAGE_CATALOG) or can(user, Can.MANAGE_ACCOUNTS):
        entries.append((_("Administration"), reverse("admin:index")))
    return {"navigation": [NavEntry(label, url, request.path == url) for label, url in entries]}


def choices(request: object = None) -> dict[str, type]:
    """The enums templates compare values with (`casefile.status == FileStatus.OPEN`),
    so that a template never spells a stored value itself (docs/architecture.md)."""
    from lien.background.models import JobStatus
    from lien.casefiles.aid.models import AidStatus
    from lien.casefiles.appointments.models import AppointmentStatus
    from lien.casefiles.committees.models import AgendaOutcome
    from lien.casefiles.files.models import FileStatus
    from lien.casefiles.households.models import Relationship
    from lien.casefiles.notes.models import AccessKind
    from lien.casefiles.payments.models import PaymentStatus
    from lien.catalog.models import Status as ItemStatus
    from lien.privacy.models import RequestStatus, RightKind
    from lien.privacy.releases.models import ReleaseDecision
    from lien.stats.models import VersionKind

    return {
        "AgendaOutcome": AgendaOutcome,
        "AidStatus": AidStatus,
        "AppointmentStatus": AppointmentStatus,
        "FileStatus": FileStatus,
        "ItemStatus": ItemStatus,
        "JobStatus": JobStatus,
        "PaymentStatus": PaymentStatus,
        "AccessKind": AccessKind,
        "ReleaseDecision": ReleaseDecision,
        "Relationship": Relationship,
        "RequestStatus": RequestStatus,
        "RightKind": RightKind,
        "VersionKind": VersionKind,
    }
