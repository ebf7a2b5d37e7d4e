"""The register of processing (GDPR art. 30) and the inputs of the impact assessment
(GDPR art. 35), computed on each call from the catalogue in use, the data inventory, the
access policy, the retention rules and the settings: never written by hand, never stale.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.accounts.policy import ROLE_CAPABILITIES, Can
from lien.accounts.roles import Role
from lien.casefiles import statistics
from lien.catalog.models import CatalogueVersion, Family, Item, Purpose, Status
from lien.catalog.models import Sensitivity as ItemSensitivity
from lien.offices.models import Organisation
from lien.privacy.inventory import INVENTORY, Sensitivity
from lien.privacy.retention import RETENTION_RULES, RetentionRule

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

IN_USE = (Status.ACTIVE, Status.DEPRECATED)

CAPABILITY_LABELS = {
    Can.VIEW_IDENTITY: _("identity of persons, household composition, file metadata"),
    Can.EDIT_IDENTITY: _("register and correct persons and households"),
    Can.VIEW_RECEPTION: _("visits and appointments"),
    Can.EDIT_RECEPTION: _("log visits, book appointments"),
    Can.VIEW_SOCIAL: _("situation, problems, interventions, aid requests"),
    Can.EDIT_SOCIAL: _("record the situation, problems, interventions, aid"),
    Can.WRITE_NOTES: _("write notes; read their own and those shared with them"),
    Can.VIEW_NOTE_METADATA: _("that a note exists, its author and date (never its text)"),
    Can.ASSIGN_REFERENT: _("assign the referent of a file"),
    Can.HAND_OVER_NOTES: _(
        "name who inherits the private notes of a social worker who left (never reads them)"
    ),
    Can.VIEW_OFFICE_AUDIT: _("office-level audit summaries"),
    Can.VIEW_OFFICE_STATISTICS: _("the office's statistical tables after small-cell suppression"),
    Can.ENTER_PAPER_GRID: _("type in the paper statistics grid of an office without Lien"),
    Can.WRITE_ANNUAL_REPORT: _(
        "write the commentary of the office's annual report and generate it from its "
        "published tables"
    ),
    Can.IMPORT_HOUSEHOLDS: _("import the households of an office from a spreadsheet"),
    Can.MERGE_DUPLICATES: _(
        "merge two persons or two households registered twice, and undo it within 30 days"
    ),
    Can.VIEW_ALL_STATISTICS: _("statistical tables after small-cell suppression"),
    Can.VIEW_AUDIT: _("the whole audit log"),
    Can.MANAGE_CATALOG: _("the catalogue of data items"),
    Can.APPROVE_CATALOG_ITEMS: _("approve sensitive catalogue items"),
    Can.READ_REGISTER: _("the register of processing and the catalogue usage"),
    Can.MANAGE_ACCOUNTS: _("agents' accounts and roles"),
    Can.HANDLE_RIGHTS_REQUESTS: _("the persons' rights requests and their access exports"),
    Can.WRITE_CHILD_PROTECTION: _("write child-protection concerns and read their own"),
    Can.OVERSEE_CHILD_PROTECTION: _(
        "read the office's child-protection concerns and record their follow-up"
    ),
    Can.RECEIVE_CHILD_PROTECTION: _("receive every office's child-protection concerns (CRIP)"),
    Can.RUN_COMMITTEES: _(
        "the aid committees: their agenda of requests of every office and the decisions "
        "taken in session"
    ),
    Can.ORDER_PAYMENTS: _(
        "the payment orders of granted aid, with the payee's bank details, their export "
        "to the finance software"
    ),
}

PERSON_CATEGORIES: list["StrOrPromise"] = [
    _(
        "Persons received by the social service and the members of their household, adults and children."
    ),
    _("Agents of the service (accounts, roles, and their actions in the audit log)."),
]

RECIPIENTS_OUTSIDE = _(
    "Partners of the directory (benefit office, CCAS, MDPH, France Travail, associations) "
    "receive what a referral carries: only the items the person agreed to share, one by "
    "one, and that the partner may receive. The département's child-protection unit (CRIP) "
    "receives the child-protection concerns (Code de l'action sociale et des familles, "
    "L. 226-2-1). The aid committee receives the committee's copy of a social report (the "
    "household's shape and budget totals, never the address, birth dates or each member's "
    "income), read with the person first; letters are produced for the person or a partner "
    "from templates whose fields the catalogue allows. Appointment reminders go, with the "
    "person's consent, through the mail server and the SMS provider (processors), carrying "
    "only the date, time and place. No transfer outside the European Union."
)


@dataclass
class Recipient:
    role: str
    label: "StrOrPromise"
    capabilities: list["StrOrPromise"]
    items: list[Item]


@dataclass
class PurposeEntry:
    code: str
    label: "StrOrPromise"
    items: list[Item]


@dataclass
class InventoryRow:
    model: str
    field: str
    category: str
    sensitivity: str
    retention: str
    in_access_export: bool


@dataclass
class RegisterDocument:
    organisation: Organisation | None
    generated_at: datetime
    version: int | None
    items: list[Item]
    families: Sequence[tuple["StrOrPromise", list[Item]]]
    purposes: list[PurposeEntry]
    sensitive_items: list[Item]
    forbidden_or_pending: list[Item]
    recipients: list[Recipient]
    retention: list[RetentionRule]
    security: list["StrOrPromise"]
    person_categories: list["StrOrPromise"] = field(default_factory=lambda: PERSON_CATEGORIES)
    recipients_outside: "StrOrPromise" = RECIPIENTS_OUTSIDE
    inventory: list[InventoryRow] = field(default_factory=list)
    access_matrix: list[tuple["StrOrPromise", list[bool]]] = field(default_factory=list)
    capability_labels: list["StrOrPromise"] = field(default_factory=list)

    @property
    def dpo_name(self) -> str:
        return self.organisation.dpo_name if self.organisation else ""

    @property
    def dpo_email(self) -> str:
        return self.organisation.dpo_email if self.organisation else ""


def _security_measures() -> list["StrOrPromise"]:
    validators: list[Any] = settings.AUTH_PASSWORD_VALIDATORS
    minimum = next(
        (
            v.get("OPTIONS", {}).get("min_length")
            for v in validators
            if v["NAME"].endswith("MinimumLengthValidator")
        ),
        None,
    )
    hasher = settings.PASSWORD_HASHERS[0].rsplit(".", 1)[-1].removesuffix("PasswordHasher")
    measures: list[StrOrPromise] = [
        _("Access by role held in an office; a forbidden file answers like a missing one."),
        _("Every read and write of a file is recorded in an append-only audit log."),
        _("Narrative notes are private to their author unless shared by name."),
        _(
            "A social report is shown to the person, whose agreement is recorded, before "
            "its copy goes to the aid committee; the budget reaches statistics only as a "
            "band of reste à vivre."
        ),
        _("Passwords of at least %(n)s characters, stored with %(hasher)s.")
        % {"n": minimum or "?", "hasher": hasher},
        _(
            "Sessions end after %(minutes)s minutes without activity, after %(hours)s hours "
            "whatever the activity, and when the browser closes."
        )
        % {
            "minutes": settings.LIEN_IDLE_TIMEOUT // 60,
            "hours": settings.SESSION_COOKIE_AGE // 3600,
        },
        _(
            "Statistics are computed from a separate, non-nominative layer; cells under %(n)s households are suppressed."
        )
        % {"n": getattr(settings, "LIEN_STATS_THRESHOLD", 5)},
        _("No software loaded from outside at run time (no CDN); pages refuse to be framed."),
        _(
            "A merge of duplicates is made by the office's manager only, audited, and can be "
            "undone for %(days)s days; the statistics learn no identity from it."
        )
        % {"days": settings.LIEN_MERGE_UNDO_DAYS},
        _(
            "An open file without contact for %(months)s months is proposed for closing to "
            "its referent, then to the manager, so that it enters the retention rules."
        )
        % {"months": settings.LIEN_DORMANT_MONTHS},
    ]
    if getattr(settings, "SESSION_COOKIE_SECURE", False):
        measures.append(_("Cookies only over HTTPS."))
    if getattr(settings, "SECURE_HSTS_SECONDS", 0):
        measures.append(_("HTTPS enforced by the browser (HSTS)."))
    return measures


def _inventory() -> list[InventoryRow]:
    rows = []
    for label, fields in INVENTORY.items():
        for name, klass in fields.items():
            if klass.sensitivity == Sensitivity.NONE:
                continue
            rows.append(
                InventoryRow(
                    label,
                    name,
                    klass.category.value,
                    klass.sensitivity.value,
                    klass.retention.value,
                    klass.in_access_export,
                )
            )
    return rows


def _with_statistical_field(items: list[Item]) -> list[Item]:
    """Each item with the words of the field of the statistical record it is counted in
    (`statistics_field`, empty when it is not counted), asked of the very code that
    records it: the register cannot claim a use the record does not make."""
    for item in items:
        dimension = statistics.recorded_as(item)
        # An attribute for the template only, set on the instance.
        item.statistics_field = (  # type: ignore[attr-defined]
            statistics.dimension_label(dimension) if dimension else ""
        )
    return items


def build_register() -> RegisterDocument:
    items = _with_statistical_field(
        list(Item.objects.filter(status__in=IN_USE).order_by("family", "position", "code"))
    )
    families = [
        (family.label, [i for i in items if i.family == family.value])
        for family in Family
        if any(i.family == family.value for i in items)
    ]
    purposes = [
        PurposeEntry(p.value, p.label, [i for i in items if p.value in (i.purposes or [])])
        for p in Purpose
    ]
    recipients = [
        Recipient(
            role.value,
            role.label,
            [CAPABILITY_LABELS[c] for c in Can if c in ROLE_CAPABILITIES[role.value]],
            [i for i in items if role.value in (i.visible_to_roles or [])],
        )
        for role in Role
    ]
    capabilities = list(Can)
    version = CatalogueVersion.objects.order_by("-number").values_list("number", flat=True).first()
    return RegisterDocument(
        organisation=Organisation.objects.order_by("pk").first(),
        generated_at=timezone.now(),
        version=version,
        items=items,
        families=families,
        purposes=[p for p in purposes if p.items],
        sensitive_items=[i for i in items if i.is_sensitive],
        forbidden_or_pending=list(
            Item.objects.filter(status=Status.DRAFT)
            .filter(sensitivity__in=[ItemSensitivity.SENSITIVE, ItemSensitivity.OFFENCES])
            .order_by("code")
        ),
        recipients=recipients,
        retention=list(RETENTION_RULES.values()),
        security=_security_measures(),
        inventory=_inventory(),
        access_matrix=[
            (role.label, [c in ROLE_CAPABILITIES[role.value] for c in capabilities])
            for role in Role
        ],
        capability_labels=[CAPABILITY_LABELS[c] for c in capabilities],
    )
