"""The département (or CCAS) running Lien, its local offices and the towns they cover,
and whether each office keeps its records in Lien or on paper (with the history)."""

from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """The controller of the processing: one per deployment."""

    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"), blank=True)
    dpo_name = models.CharField(_("data-protection officer"), max_length=200, blank=True)
    dpo_email = models.EmailField(_("data-protection officer's e-mail"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


class Town(models.Model):
    insee_code = models.CharField(_("INSEE code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=120)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("town")
        verbose_name_plural = _("towns")

    def __str__(self):
        return self.name


class Office(models.Model):
    """A circonscription de service social (or a CCAS): the unit that scopes access to files."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="offices",
        verbose_name=_("organisation"),
    )
    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    towns = models.ManyToManyField(
        Town, related_name="offices", blank=True, verbose_name=_("towns covered")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self):
        return self.name


class RecordKeeping(models.TextChoices):
    COMPUTERISED = "computerised", _("computerised (uses Lien)")
    PAPER = "paper", _("paper-based")


class RecordKeepingChange(models.Model):
    """From `since` on, the office keeps its records this way. An empty date is the
    office's way from the start. Before the first dated change, the office kept them the
    other way (a change is a change); an office with no change recorded is computerised.

    The statistics read this history: a paper grid is typed only for a year in which the
    office was paper-based, and a computerised office's figures come only from the
    statistical record. Written by `lien.offices.services`, which audits every change."""

    office = models.ForeignKey(
        Office,
        on_delete=models.CASCADE,
        related_name="record_keeping_changes",
        verbose_name=_("office"),
    )
    since = models.DateField(_("from"), null=True, blank=True)
    mode = models.CharField(_("record keeping"), max_length=20, choices=RecordKeeping.choices)

    class Meta:
        verbose_name = _("change of record keeping")
        verbose_name_plural = _("changes of record keeping")
        constraints = [
            models.UniqueConstraint(fields=["office", "since"], name="one_change_per_office_day"),
            models.UniqueConstraint(
                fields=["office"],
                condition=models.Q(since__isnull=True),
                name="one_undated_start_per_office",
            ),
        ]

    def __str__(self):
        return self.get_mode_display()


def _other(mode: str) -> str:
    return RecordKeeping.PAPER if mode == RecordKeeping.COMPUTERISED else RecordKeeping.COMPUTERISED


def _mode_on(changes: list[RecordKeepingChange], day: date) -> str:
    """The mode in force on `day`, from one office's changes sorted by date (undated first)."""
    if not changes:
        return RecordKeeping.COMPUTERISED
    in_force = [c for c in changes if c.since is None or c.since <= day]
    if in_force:
        return in_force[-1].mode
    return _other(changes[0].mode)


def _changes_by_office(office_ids) -> dict[int, list[RecordKeepingChange]]:
    by_office: dict[int, list[RecordKeepingChange]] = {pk: [] for pk in office_ids}
    rows = RecordKeepingChange.objects.filter(office_id__in=list(office_ids)).order_by(
        models.F("since").asc(nulls_first=True)
    )
    for change in rows:
        by_office[change.office_id].append(change)
    return by_office


def _kept_in_year(changes: list[RecordKeepingChange], year: int, mode: str) -> bool:
    """Whether the office kept its records this way on at least one day of the year."""
    if _mode_on(changes, date(year, 1, 1)) == mode:
        return True
    return any(c.mode == mode and c.since is not None and c.since.year == year for c in changes)


def offices_paper_based_in(year: int, office_ids) -> frozenset[int]:
    """Of these offices, those that were paper-based on at least one day of the year:
    the only ones whose paper grid for that year may be typed and counted. An office
    that moves to Lien on 1 March 2026 was paper-based in 2026 (January and February)
    and is computerised from then on."""
    return frozenset(
        office_id
        for office_id, changes in _changes_by_office(office_ids).items()
        if _kept_in_year(changes, year, RecordKeeping.PAPER)
    )


def offices_computerised_in(year: int, office_ids) -> frozenset[int]:
    """Of these offices, those that used Lien on at least one day of the year."""
    return frozenset(
        office_id
        for office_id, changes in _changes_by_office(office_ids).items()
        if _kept_in_year(changes, year, RecordKeeping.COMPUTERISED)
    )


def record_keeping_on(office_id: int, day: date) -> str:
    """How the office kept its records on that day (a RecordKeeping value)."""
    return _mode_on(_changes_by_office([office_id])[office_id], day)


@dataclass(frozen=True)
class Period:
    mode: str
    since: date | None  # None: from the start

    @property
    def label(self) -> str:
        return RecordKeeping(self.mode).label


def record_keeping_history(office_id: int) -> list[Period]:
    """The office's periods, oldest first: the last one is in force today (or from a
    date to come, when a change is planned)."""
    changes = _changes_by_office([office_id])[office_id]
    if not changes:
        return [Period(RecordKeeping.COMPUTERISED, None)]
    periods = [] if changes[0].since is None else [Period(_other(changes[0].mode), None)]
    for change in changes:
        if not periods or periods[-1].mode != change.mode:  # a repeated mode changes nothing
            periods.append(Period(change.mode, change.since))
    return periods
