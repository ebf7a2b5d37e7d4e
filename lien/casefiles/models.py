"""The nominative layer: households, persons and their case files.

Everything personal hangs from a CaseFile, and a CaseFile belongs to one office: that is
what makes access office-scoped. There is no NIR (social-security number) field, by law.
Business rules live in services.py, not here.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.catalog.models import Item
from lien.offices.models import Office

from .notes.crypto import EncryptedTextField
from .search_key import person_key


class Versioned(models.Model):
    """Optimistic concurrency: a form carries the version it was read at, and a service
    refuses to save over a newer one instead of silently overwriting it."""

    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        abstract = True


class Household(Versioned):
    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self):
        return _("Household %(id)s") % {"id": self.pk}


class Sex(models.TextChoices):
    FEMALE = "F", _("female")
    MALE = "M", _("male")


class Person(Versioned):
    birth_name = models.CharField(_("birth name"), max_length=100)
    usage_name = models.CharField(_("usage name"), max_length=100, blank=True)
    first_names = models.CharField(_("first names"), max_length=150)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    town = models.CharField(_("town"), max_length=120, blank=True)
    search_key = models.CharField(_("search key"), max_length=400, db_index=True, editable=False)

    class Meta:
        ordering = ["search_key"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self):
        # Not the name: a str() ends up in logs and error reports.
        return _("Person %(id)s") % {"id": self.pk}

    @property
    def family_name(self) -> str:
        return self.usage_name or self.birth_name

    @property
    def full_name(self) -> str:
        name = f"{self.family_name.upper()} {self.first_names}"
        if self.usage_name and self.usage_name != self.birth_name:
            name += " " + _("née %(birth_name)s") % {"birth_name": self.birth_name.upper()}
        return name

    def computed_search_key(self) -> str:
        return person_key(self.usage_name, self.birth_name, self.first_names)


class Relationship(models.TextChoices):
    REFERENCE = "reference", _("reference person")
    PARTNER = "partner", _("spouse or partner")
    CHILD = "child", _("child")
    RELATIVE = "relative", _("other relative")
    OTHER = "other", _("other person")


class HouseholdMember(models.Model):
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="members", verbose_name=_("household")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    relationship = models.CharField(
        _("relationship to the reference person"), max_length=12, choices=Relationship.choices
    )
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        constraints = [
            models.UniqueConstraint(
                fields=["household", "person"],
                condition=Q(left_on__isnull=True),
                name="member_once_per_household",
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(relationship="reference", left_on__isnull=True),
                name="one_reference_person_per_household",
            ),
        ]


class FileStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class CloseReason(models.TextChoices):
    GOALS_MET = "goals_met", _("support completed")
    MOVED = "moved", _("household moved away")
    NO_CONTACT = "no_contact", _("no contact for a long time")
    REFERRED = "referred", _("referred to another service")
    DECLINED = "declined", _("the person no longer wishes to be supported")
    DECEASED = "deceased", _("death")
    OTHER = "other", _("other reason")


class CaseFile(Versioned):
    """The file of a household in one office."""

    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="casefiles", verbose_name=_("household")
    )
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="casefiles", verbose_name=_("office")
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="caseload",
        verbose_name=_("referent"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=FileStatus.choices, default=FileStatus.OPEN
    )
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.CharField(
        _("reason for closing"), max_length=20, choices=CloseReason.choices, blank=True
    )
    # The retention clock: the last contact coming from the person (a letter sent by the
    # service does not restart it). Kept here so the retention engine needs no scan.
    last_contact_on = models.DateField(_("last contact from the household"), null=True, blank=True)
    # The retention engine's marks (lien/privacy/retention_engine.py). An archived file
    # leaves every list and search (see scope.py); an anonymised one keeps no identity.
    archived_on = models.DateField(_("archived on"), null=True, blank=True)
    anonymised_on = models.DateField(_("anonymised on"), null=True, blank=True)
    legal_hold = models.BooleanField(_("legal hold"), default=False)
    legal_hold_reason = models.CharField(_("reason for the legal hold"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("case file")
        verbose_name_plural = _("case files")
        constraints = [
            models.UniqueConstraint(
                fields=["household", "office"],
                condition=Q(status="open"),
                name="one_open_file_per_household_and_office",
            ),
        ]
        indexes = [
            models.Index(fields=["office", "status"]),
            models.Index(fields=["referent", "status"]),
            # A worker's caseload in the order it is shown (open first, most recent
            # contact first, which in SQLite's descending order puts the never-contacted
            # last), its scope columns after: a page reads 50 entries, the count none of
            # the rows (SQLite; PostgreSQL sorts the worker's few hundred files).
            models.Index(
                fields=[
                    "referent",
                    "-status",
                    "-last_contact_on",
                    "-opened_on",
                    "-id",
                    "office",
                    "archived_on",
                ],
                name="casefile_caseload_order",
            ),
            # The retention engine's candidates, walked in id order batch by batch: only
            # the closed files still holding identity, not the whole table.
            models.Index(
                fields=["id"],
                condition=Q(status="closed", anonymised_on__isnull=True),
                name="casefile_retention_candidates",
            ),
        ]

    def __str__(self):
        return _("File %(id)s") % {"id": self.pk}


class SituationValue(models.Model):
    """A value of a situation item for a file. A change supersedes the row instead of
    overwriting it, so that a rectification keeps the old value in the history."""

    casefile = models.ForeignKey(
        CaseFile, on_delete=models.CASCADE, related_name="situation", verbose_name=_("case file")
    )
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="+", verbose_name=_("item")
    )
    value = models.CharField(_("value"), max_length=200)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("situation value")
        verbose_name_plural = _("situation values")
        constraints = [
            models.UniqueConstraint(
                fields=["casefile", "item"],
                condition=Q(superseded_at__isnull=True),
                name="one_current_value_per_item",
            ),
        ]


class VisitReason(models.TextChoices):
    INFORMATION = "information", _("information or orientation")
    APPOINTMENT = "appointment", _("arrival for an appointment")
    DOCUMENTS = "documents", _("dropping off or collecting documents")
    URGENT = "urgent", _("urgent request")
    OTHER = "other", _("other")


class Visit(models.Model):
    """A passage logged at reception."""

    casefile = models.ForeignKey(
        CaseFile, on_delete=models.CASCADE, related_name="visits", verbose_name=_("case file")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="visits", verbose_name=_("person")
    )
    occurred_at = models.DateTimeField(_("date and time"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=12, choices=VisitReason.choices)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("logged by"),
    )

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")


class AppointmentKind(models.TextChoices):
    OFFICE = "office", _("at the office")
    HOME = "home", _("home visit")
    PHONE = "phone", _("by phone")


class AppointmentStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    DONE = "done", _("took place")
    MISSED = "missed", _("missed")
    CANCELLED = "cancelled", _("cancelled")


class Appointment(Versioned):
    casefile = models.ForeignKey(
        CaseFile, on_delete=models.CASCADE, related_name="appointments", verbose_name=_("case file")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="appointments", verbose_name=_("person")
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("with"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    kind = models.CharField(
        _("kind"), max_length=10, choices=AppointmentKind.choices, default=AppointmentKind.OFFICE
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.PLANNED,
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("booked by"),
    )

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="appointment_ends_after_start"
            )
        ]
        indexes = [models.Index(fields=["worker", "starts_at"])]


class Problem(Versioned):
    """A problem identified with the household, from the catalogue's problem family."""

    casefile = models.ForeignKey(
        CaseFile, on_delete=models.CASCADE, related_name="problems", verbose_name=_("case file")
    )
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="+", verbose_name=_("problem")
    )
    opened_on = models.DateField(_("identified on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["-opened_on"]
        verbose_name = _("problem")
        verbose_name_plural = _("problems")

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class Intervention(models.Model):
    casefile = models.ForeignKey(
        CaseFile,
        on_delete=models.CASCADE,
        related_name="interventions",
        verbose_name=_("case file"),
    )
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="+", verbose_name=_("intervention")
    )
    problems = models.ManyToManyField(
        Problem, related_name="interventions", blank=True, verbose_name=_("problems addressed")
    )
    occurred_on = models.DateField(_("date"), default=timezone.localdate)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-occurred_on", "-created_at"]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")


class NoteVisibility(models.TextChoices):
    PRIVATE = "private", _("only me")
    TEAM = "team", _("the social workers of the office")


class Note(Versioned):
    """A narrative note. Private to its author unless shared: professional secrecy."""

    casefile = models.ForeignKey(
        CaseFile, on_delete=models.CASCADE, related_name="notes", verbose_name=_("case file")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="notes",
        verbose_name=_("author"),
    )
    visibility = models.CharField(
        _("visible to"),
        max_length=10,
        choices=NoteVisibility.choices,
        default=NoteVisibility.PRIVATE,
    )
    text = EncryptedTextField(_("text"))  # ciphertext in the database: notes/crypto.py

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")


class AidStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    GRANTED = "granted", _("granted")
    REFUSED = "refused", _("refused")
    WITHDRAWN = "withdrawn", _("withdrawn")


class AidRequest(Versioned):
    casefile = models.ForeignKey(
        CaseFile, on_delete=models.CASCADE, related_name="aid_requests", verbose_name=_("case file")
    )
    aid_type = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="+", verbose_name=_("type of aid")
    )
    amount_requested = models.DecimalField(_("amount requested"), max_digits=9, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=10, choices=AidStatus.choices, default=AidStatus.DRAFT
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    amount_granted = models.DecimalField(
        _("amount granted"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("aid request")
        verbose_name_plural = _("aid requests")
        constraints = [
            models.CheckConstraint(condition=Q(amount_requested__gt=0), name="aid_amount_positive")
        ]


class DocumentKind(models.TextChoices):
    IDENTITY = "identity", _("identity document")
    RESOURCES = "resources", _("proof of resources")
    HOUSING = "housing", _("proof of address or housing")
    OTHER = "other", _("other supporting document")


class Document(models.Model):
    """A scanned document (identity, proofs) kept with a file. The bytes live under
    MEDIA_ROOT, which is never served as static files: they are only sent by a view that
    looks the document up through a selector."""

    casefile = models.ForeignKey(
        CaseFile, on_delete=models.CASCADE, related_name="documents", verbose_name=_("case file")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("concerns"),
    )
    kind = models.CharField(_("kind of document"), max_length=12, choices=DocumentKind.choices)
    # The stored name is random: the original file name may contain a person's name.
    file = models.FileField(_("file"), upload_to="documents/%Y/%m/", max_length=200)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")


# Registered with the app from here; defined apart to keep this file about the file itself.
# An import of households, kept apart with the rest of the import code.
from .imports.models import HouseholdImport, ImportStatus  # noqa: E402, F401
from .notes.models import AccessKind, NoteAccess  # noqa: E402, F401
