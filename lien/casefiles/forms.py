"""The forms of the case-file screens. They only check shapes (a date is a date); the
rules are the services', whose refusals come back next to the field they concern."""

from datetime import datetime, timedelta

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.catalog.models import Family, Item
from lien.web.forms import LienForm

from .models import (
    AppointmentKind,
    CloseReason,
    DocumentKind,
    FileStatus,
    NoteVisibility,
    Relationship,
    Sex,
    VisitReason,
)
from .services import PERSON_FIELDS, PersonData

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DURATIONS = [(m, _("%(minutes)s minutes") % {"minutes": m}) for m in (30, 45, 60, 90)]


class VersionedForm(LienForm):
    """Carries the version the user read, so that a save over someone else's change is
    refused with a conflict message instead of overwriting it."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PersonForm(VersionedForm):
    birth_name = forms.CharField(label=_("Birth name"), max_length=100)
    usage_name = forms.CharField(
        label=_("Usage name"),
        max_length=100,
        required=False,
        help_text=_("If different from the birth name (e.g. married name)."),
    )
    first_names = forms.CharField(label=_("First names"), max_length=150)
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=DATE_WIDGET)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices], required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Address"), max_length=250, required=False)
    postal_code = forms.RegexField(
        label=_("Postal code"),
        regex=r"^\d{5}$",
        required=False,
        error_messages={"invalid": _("A postal code has five digits.")},
    )
    town = forms.CharField(label=_("Town"), max_length=120, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Typing the name asks for likely duplicates (see the register page).
        for name in ("birth_name", "first_names"):
            self.fields[name].widget.attrs["autocomplete"] = "off"
        self.fields["birth_date"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_birth_date(self):
        value = self.cleaned_data.get("birth_date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("A birth date cannot be in the future."))
        return value

    def person_data(self) -> PersonData:
        return PersonData(
            **{name: self.cleaned_data.get(name) or _blank(name) for name in PERSON_FIELDS}
        )

    def changes(self) -> dict:
        return {name: self.cleaned_data.get(name) or _blank(name) for name in PERSON_FIELDS}


def _blank(name: str):
    return None if name == "birth_date" else ""


class CorrectPersonForm(PersonForm):
    """Correcting a person: the former values are kept, with why (GDPR art. 16)."""

    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=300,
        required=False,
        help_text=_('Kept with the former values, e.g. "spelling on the identity card".'),
    )
    rights_request = forms.TypedChoiceField(
        label=_("Rectification request answered"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, rectification_requests=(), **kwargs):
        super().__init__(*args, **kwargs)
        if rectification_requests:
            self.fields["rights_request"].choices = [
                ("", "—"),
                *[
                    (
                        r.pk,
                        _("Request no. %(id)s received on %(date)s")
                        % {"id": r.pk, "date": r.received_on.strftime("%d/%m/%Y")},
                    )
                    for r in rectification_requests
                ],
            ]
        else:
            del self.fields["rights_request"]


class MemberForm(PersonForm):
    relationship = forms.ChoiceField(
        label=_("Relationship to the reference person"),
        choices=[(v, label) for v, label in Relationship.choices if v != Relationship.REFERENCE],
    )
    field_order = ["relationship", "birth_name", "usage_name", "first_names", "birth_date", "sex"]


def member_choices(members) -> list[tuple[int, str]]:
    return [(m.person.pk, m.person.full_name) for m in members]


def worker_choices(workers) -> list[tuple[int, str]]:
    return [(w.pk, str(w)) for w in workers]


class VisitForm(LienForm):
    person = forms.TypedChoiceField(label=_("Who came"), coerce=int)
    reason = forms.ChoiceField(label=_("Reason"), choices=VisitReason.choices)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = member_choices(members)


class AppointmentForm(VersionedForm):
    person = forms.TypedChoiceField(label=_("With whom in the household"), coerce=int)
    worker = forms.TypedChoiceField(label=_("Social worker"), coerce=int)
    day = forms.DateField(label=_("Day"), widget=DATE_WIDGET)
    start = forms.TimeField(
        label=_("Time"), widget=forms.TimeInput(attrs={"type": "time", "step": 300})
    )
    duration = forms.TypedChoiceField(
        label=_("Duration"), choices=DURATIONS, coerce=int, initial=45
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=AppointmentKind.choices)

    def __init__(self, *args, members=(), workers=(), moving=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = worker_choices(workers)
        if moving:
            del self.fields["person"], self.fields["kind"]
        else:
            self.fields["person"].choices = member_choices(members)

    def slot(self) -> tuple[datetime, datetime]:
        zone = timezone.get_current_timezone()
        starts_at = datetime.combine(self.cleaned_data["day"], self.cleaned_data["start"], zone)
        return starts_at, starts_at + timedelta(minutes=self.cleaned_data["duration"])


def _item_field(family: str, label, offered=None) -> forms.ModelChoiceField:
    """`offered`: the active items already read by the caller (the file page reads those
    of its three forms in one query); the queryset still validates what is posted."""
    field = forms.ModelChoiceField(
        label=label, queryset=Item.objects.offered(family), empty_label="—"
    )
    if offered is not None:
        field.choices = [
            ("", field.empty_label),
            *((i.pk, field.label_from_instance(i)) for i in offered if i.family == family),
        ]
    return field


class ProblemForm(LienForm):
    def __init__(self, *args, offered=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"] = _item_field(Family.PROBLEM, _("Problem"), offered)
        self.fields["item"].widget.attrs["class"] = "form-select"


class InterventionForm(LienForm):
    occurred_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    problems = forms.TypedMultipleChoiceField(
        label=_("Problems addressed"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, open_problems=(), offered=None, **kwargs):
        kwargs.setdefault("initial", {"occurred_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["item"] = _item_field(Family.INTERVENTION, _("Intervention"), offered)
        self.fields["item"].widget.attrs["class"] = "form-select"
        self.fields["problems"].choices = [(p.pk, p.item.label) for p in open_problems]
        self.order_fields(["item", "occurred_on", "problems"])


class AidRequestForm(LienForm):
    amount_requested = forms.DecimalField(
        label=_("Amount requested (€)"), max_digits=9, decimal_places=2, min_value=0
    )

    def __init__(self, *args, offered=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aid_type"] = _item_field(Family.AID, _("Type of aid"), offered)
        self.fields["aid_type"].widget.attrs["class"] = "form-select"
        self.order_fields(["aid_type", "amount_requested"])


class AidDecisionForm(LienForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("granted", _("granted")), ("refused", _("refused"))],
        widget=forms.RadioSelect,
    )
    amount_granted = forms.DecimalField(
        label=_("Amount granted (€)"), max_digits=9, decimal_places=2, required=False
    )
    decided_on = forms.DateField(label=_("Decision date"), widget=DATE_WIDGET)


class GuardedTextMixin:
    """The note's text is checked by the free-text guard while it is typed (htmx,
    debounced); the guard's advice lands in the element `guard_target`. It never blocks
    saving."""

    guard_target = "note-guard"

    def __init__(self, *args, casefile_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if casefile_id is not None:
            self.fields["text"].widget.attrs.update(
                {
                    "hx-post": reverse("check_note_text", args=[casefile_id]),
                    "hx-trigger": "keyup changed delay:500ms, change",
                    "hx-target": f"#{self.guard_target}",
                    "hx-swap": "innerHTML",
                    "hx-sync": "this:replace",
                }
            )


class NoteForm(GuardedTextMixin, LienForm):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}))
    visibility = forms.ChoiceField(
        label=_("Who may read it"),
        choices=NoteVisibility.choices,
        initial=NoteVisibility.PRIVATE,
        help_text=_("Private by default: only you can read your notes."),
    )


class NoteEditForm(GuardedTextMixin, VersionedForm):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 6}))


class CloseFileForm(VersionedForm):
    reason = forms.ChoiceField(label=_("Reason for closing"), choices=CloseReason.choices)
    closed_on = forms.DateField(label=_("Closed on"), widget=DATE_WIDGET)


class TransferForm(VersionedForm):
    office = forms.TypedChoiceField(label=_("Receiving office"), coerce=int)
    reason = forms.CharField(
        label=_("Reason for the transfer"),
        max_length=200,
        help_text=_("For example: the household moved to a town of that office."),
    )

    def __init__(self, *args, offices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].choices = [(o.pk, o.name) for o in offices]


class ReassignForm(VersionedForm):
    referent = forms.TypedChoiceField(
        label=_("Referent"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args, workers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referent"].choices = [("", _("no referent")), *worker_choices(workers)]


class DocumentForm(LienForm):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices)
    person = forms.TypedChoiceField(
        label=_("Concerns"), coerce=int, required=False, empty_value=None
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG or PNG, 10 MB at most."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", _("the whole household")), *member_choices(members)]


class CaseloadFilterForm(LienForm):
    status = forms.ChoiceField(
        label=_("Files"),
        required=False,
        choices=[(FileStatus.OPEN, _("open")), (FileStatus.CLOSED, _("closed")), ("all", _("all"))],
    )
    quiet_days = forms.TypedChoiceField(
        label=_("Last contact"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", _("any time")),
            (30, _("more than a month ago")),
            (90, _("more than three months ago")),
            (180, _("more than six months ago")),
        ],
    )
    with_open_problems = forms.BooleanField(label=_("Only with open problems"), required=False)


# A spreadsheet of 100,000 households is about 10 MB as CSV.
MAX_IMPORT_SIZE = 30 * 1024 * 1024


class HouseholdImportForm(LienForm):
    office = forms.TypedChoiceField(label=_("Office"), coerce=int)
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("CSV (separated by semicolons or commas) or XLSX, 30 MB at most."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, offices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].choices = [(office.pk, office.name) for office in offices]

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > MAX_IMPORT_SIZE:
            raise forms.ValidationError(_("The file is too large; the limit is 30 MB."))
        return uploaded


class StartImportForm(LienForm):
    valid_only = forms.BooleanField(required=False)
