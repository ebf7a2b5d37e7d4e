"""The access export (GDPR art. 15): everything held about one person, in plain French
with the catalogue's labels, driven by the data inventory: every field marked
`in_access_export` of every model is shown, and a test fails when a model with such
fields has no way here to find the person's rows.

Third parties are blacked out: another member of the household appears by their
relationship only; agents who consulted or changed the file appear by role and office,
never by name. The notes are shown only as their authors released them
(`lien.privacy.releases`): third parties' passages blacked out by the author, a note
withheld shown by its date, author and legal ground, a note not yet released not at all.
The DPO, who delivers the export, never reads a note before its author has released it.
"""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from lien.accounts.roles import roles_in_words
from lien.audit.models import AuditEvent
from lien.audit.object_kinds import kind_in_words
from lien.base.words import euros, yes_no
from lien.casefiles.models import CaseFile, Household, HouseholdMember, Person
from lien.catalog.models import Item
from lien.offices.models import Office

from .inventory import INVENTORY
from .rectification import field_label
from .releases.models import NoteRelease, ReleaseDecision

THIRD_PARTY = "[tiers masqué]"
# The audit events about child-protection concerns, left out of the export (above).
CONCERN_EVENT_KINDS = ("childprotectionconcern", "concern_list")
# The export is plain data: the JSON file as written, and the PDF's content.
Export = dict[str, Any]
Record = dict[str, str]


def _households(person: Person) -> list[int]:
    return list(
        HouseholdMember.objects.filter(person=person).values_list("household_id", flat=True)
    )


def _files(person: Person) -> models.QuerySet[CaseFile]:
    return CaseFile.objects.filter(household_id__in=_households(person))


# Model label → the rows about the person (a queryset), in display order.
FINDERS: dict[str, Callable[[Person], models.QuerySet[Any]]] = {
    "casefiles.Person": lambda p: Person.objects.filter(pk=p.pk),
    "casefiles.Household": lambda p: Household.objects.filter(pk__in=_households(p)),
    "casefiles.HouseholdMember": lambda p: HouseholdMember.objects.filter(
        household_id__in=_households(p)
    ).order_by("household_id", "joined_on"),
    "casefiles.CaseFile": lambda p: _files(p).order_by("opened_on"),
    "casefiles.SituationValue": lambda p: (
        _model("casefiles.SituationValue")
        .objects.filter(casefile__in=_files(p))
        .order_by("recorded_at")
    ),
    "casefiles.Problem": lambda p: (
        _model("casefiles.Problem").objects.filter(casefile__in=_files(p)).order_by("opened_on")
    ),
    "casefiles.Intervention": lambda p: (
        _model("casefiles.Intervention")
        .objects.filter(casefile__in=_files(p))
        .order_by("occurred_on")
    ),
    "casefiles.AidRequest": lambda p: (
        _model("casefiles.AidRequest").objects.filter(casefile__in=_files(p)).order_by("created_at")
    ),
    "casefiles.SocialReport": lambda p: (
        _model("casefiles.SocialReport")
        .objects.filter(aid_request__casefile__in=_files(p))
        .order_by("created_at")
    ),
    "casefiles.BudgetSheet": lambda p: (
        _model("casefiles.BudgetSheet").objects.filter(casefile__in=_files(p)).order_by("dated_on")
    ),
    "casefiles.BudgetLine": lambda p: (
        _model("casefiles.BudgetLine")
        .objects.filter(sheet__casefile__in=_files(p))
        .order_by("sheet__dated_on", "pk")
    ),
    "casefiles.Letter": lambda p: (
        _model("casefiles.Letter").objects.filter(casefile__in=_files(p)).order_by("produced_at")
    ),
    "casefiles.AgendaEntry": lambda p: (
        _model("casefiles.AgendaEntry")
        .objects.filter(aid_request__casefile__in=_files(p))
        .order_by("session__held_on", "pk")
    ),
    "casefiles.PaymentOrder": lambda p: (
        _model("casefiles.PaymentOrder")
        .objects.filter(aid_request__casefile__in=_files(p))
        .order_by("ordered_on", "pk")
    ),
    # Never the text column: the text shown is the one the author released.
    "casefiles.Note": lambda p: (
        _model("casefiles.Note")
        .objects.filter(casefile__in=_files(p))
        .defer("text")
        .order_by("created_at")
    ),
    "casefiles.Appointment": lambda p: (
        _model("casefiles.Appointment").objects.filter(person=p).order_by("starts_at")
    ),
    "casefiles.Visit": lambda p: (
        _model("casefiles.Visit").objects.filter(person=p).order_by("occurred_at")
    ),
    "casefiles.Deadline": lambda p: (
        _model("casefiles.Deadline").objects.filter(casefile__in=_files(p)).order_by("due_on")
    ),
    "casefiles.ReminderConsent": lambda p: (
        _model("casefiles.ReminderConsent").objects.filter(person=p).order_by("given_on")
    ),
    "casefiles.ReminderMessage": lambda p: (
        _model("casefiles.ReminderMessage").objects.filter(consent__person=p).order_by("created_at")
    ),
    "casefiles.SharingAgreement": lambda p: (
        _model("casefiles.SharingAgreement").objects.filter(person=p).order_by("agreed_on")
    ),
    "casefiles.Referral": lambda p: (
        _model("casefiles.Referral").objects.filter(person=p).order_by("sent_on")
    ),
    "casefiles.Document": lambda p: (
        _model("casefiles.Document")
        .objects.filter(casefile__in=_files(p))
        .filter(models.Q(person=p) | models.Q(person__isnull=True))
        .order_by("uploaded_at")
    ),
    "privacy.NoticeGiven": lambda p: (
        _model("privacy.NoticeGiven").objects.filter(person=p).order_by("given_on")
    ),
    "privacy.StatisticsOpposition": lambda p: _model("privacy.StatisticsOpposition").objects.filter(
        person=p
    ),
    "privacy.RightsRequest": lambda p: (
        _model("privacy.RightsRequest").objects.filter(person=p).order_by("received_on")
    ),
    "privacy.Rectification": lambda p: (
        _model("privacy.Rectification").objects.filter(person=p).order_by("changed_at", "pk")
    ),
    "privacy.Limitation": lambda p: (
        _model("privacy.Limitation").objects.filter(rights_request__person=p).order_by("since")
    ),
    # Not the reads and writes of a child-protection concern: the concern itself is
    # answered by the DPO with its author and the CRIP, not by the automated export.
    "audit.AuditEvent": lambda p: (
        AuditEvent.objects.filter(household_id__in=_households(p))
        .exclude(object_kind__in=CONCERN_EVENT_KINDS)
        .order_by("at", "pk")
    ),
}


def _model(label: str) -> Any:
    """The model of a label, reached without importing its app (the export walks them
    all, through the data inventory); Any, since its fields are read by their names."""
    return apps.get_model(label)


def exported_fields(label: str) -> list[str]:
    return [name for name, fc in INVENTORY[label].items() if fc.in_access_export]


def _office_name(office_id: int | None) -> str:
    office = Office.objects.filter(pk=office_id).first() if office_id else None
    return office.name if office else ""


def _value(obj: Any, field: Any, person: Person) -> str:
    """`obj` is a row of any model of the inventory and `field` one of its fields (or
    relations), both read by their names."""
    name = field.name
    if obj._meta.label == "audit.AuditEvent":
        if name == "actor":  # an agent is shown by role and office, never by name
            return roles_in_words(obj.actor_roles) or "—"
        if name == "actor_roles":  # "travailleur social", not the code social_worker
            return roles_in_words(obj.actor_roles)
        if name == "office_id":
            return _office_name(obj.office_id)
        if name == "object_kind":  # "dossier", not the code casefile
            return kind_in_words(obj.object_kind)
    if obj._meta.label == "casefiles.SituationValue" and name == "value":
        return str(obj.item.display_value(obj.value))  # "Propriétaire", not the code owner
    if field.many_to_many:
        return ", ".join(_display(related, person) for related in getattr(obj, name).all())
    if field.is_relation:
        related = getattr(obj, name)
        return _display(related, person) if related is not None else ""
    if obj._meta.label == "privacy.Rectification" and name == "field_name":
        return field_label(Person, obj.field_name)
    if obj._meta.label == "casefiles.AidRequest" and name == "earlier_decisions":
        return "; ".join(
            f"{earlier.summary} (corrigée le {timezone.localtime(earlier.corrected_at):%d/%m/%Y} : "
            f"{earlier.correction_reason})"
            for earlier in obj.earlier_history
        )
    if obj._meta.label == "casefiles.AgendaEntry" and name == "missing_documents":
        return ", ".join(obj.missing_documents_in_words)
    if field.choices:
        return str(getattr(obj, f"get_{name}_display")())
    value = getattr(obj, name)
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, Decimal):
        return euros(value)  # the export's decimals are amounts: "150,00 €"
    if isinstance(value, models.fields.files.FieldFile):
        return (value.name or "").rsplit("/", 1)[-1]
    if hasattr(value, "isoformat"):
        if hasattr(value, "hour"):
            return str(timezone.localtime(value).strftime("%d/%m/%Y %H:%M"))
        return str(value.strftime("%d/%m/%Y"))
    return str(value)


def _display(related: Any, person: Person) -> str:
    if isinstance(related, Person):
        return related.full_name if related.pk == person.pk else THIRD_PARTY
    if isinstance(related, Item):
        return related.label_fr
    if isinstance(related, CaseFile):
        return f"Dossier n° {related.pk}"
    if isinstance(related, Household):
        return f"Ménage n° {related.pk}"
    if isinstance(related, Office):
        return related.name
    if related._meta.label == "accounts.User":
        return str(related.get_full_name() or related.get_username())
    if related._meta.label == "casefiles.Problem":
        return str(related.item.label_fr)
    if related._meta.label == "casefiles.Appointment":  # a reminder's appointment
        return f"Rendez-vous du {timezone.localtime(related.starts_at):%d/%m/%Y %H:%M}"
    if related._meta.label == "casefiles.ReminderConsent":  # the consent a reminder used
        return str(related.get_channel_display())
    if related._meta.label == "casefiles.AidRequest":
        return f"{related.aid_type.label_fr} du {related.created_at:%d/%m/%Y} ({euros(related.amount_requested)})"
    if related._meta.label == "casefiles.BudgetSheet":
        return f"Budget du {related.dated_on:%d/%m/%Y}"
    if related._meta.label == "casefiles.LetterTemplate":
        return str(related.name)
    if related._meta.label == "casefiles.CommitteeSession":
        return f"Commission {related.scheme.aid_type.label_fr} du {related.held_on:%d/%m/%Y}"
    if related._meta.label == "casefiles.PaymentBatch":
        return str(related.reference)
    if related._meta.label == "privacy.NoticeText":
        return f"version {related.version}"
    return str(related)


def _released_text(release: NoteRelease) -> str:
    if release.decision == ReleaseDecision.WITHHELD:
        return _("Not communicated: %(ground)s.") % {"ground": release.get_ground_display()}
    return release.released_text


def _records(
    label: str,
    finder: Callable[[Person], models.QuerySet[Any]],
    fields: list[Any],
    person: Person,
    releases: dict[int, NoteRelease],
) -> list[Record]:
    if label != "casefiles.Note":
        return [{f.name: _value(obj, f, person) for f in fields} for obj in finder(person)]
    records = []
    for note in finder(person):
        release = releases.get(note.pk)
        if release is None:  # not released: not shown (the export waits for it anyway)
            continue
        record = {f.name: _value(note, f, person) for f in fields if f.name != "text"}
        record["text"] = _released_text(release)
        records.append(record)
    return records


def build_access_export(person: Person, *, releases: dict[int, NoteRelease]) -> Export:
    """The export as plain data (the JSON file, and the PDF's content). `releases` maps
    a note's id to its release (`NoteRelease`): only those notes are shown."""
    with translation.override("fr"):
        sections = []
        for label, finder in FINDERS.items():
            model = _model(label)
            names = exported_fields(label)
            fields = [model._meta.get_field(name) for name in names]
            records = _records(label, finder, fields, person, releases)
            sections.append(
                {
                    "model": label,
                    "title": capfirst(str(model._meta.verbose_name_plural)),
                    "fields": [
                        {"name": f.name, "label": capfirst(str(f.verbose_name))} for f in fields
                    ],
                    "records": records,
                }
            )
        return {
            "person": person.full_name,
            "produced_on": timezone.localdate().strftime("%d/%m/%Y"),
            "sections": sections,
        }
