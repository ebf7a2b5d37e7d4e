"""The département (or CCAS) running Lien, its local offices and the towns they cover,
and whether each office keeps its records in Lien or on paper (with the history)."""

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
    # The legal population (INSEE): statistics count a town of residence on its own row
    # only from LIEN_STATS_TOWN_MIN_POPULATION inhabitants, the smaller ones together.
    population = models.PositiveIntegerField(
        _("population"),
        null=True,
        blank=True,
        help_text=_(
            "Legal population (INSEE). The statistics show a town of residence on its own "
            "only from a size set by the installation; smaller towns, and towns whose "
            "population is not given, are counted together."
        ),
    )

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


class Weekday(models.IntegerChoices):
    # Python's numbering (date.weekday()): Monday is 0.
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningPeriod(models.Model):
    """One stretch of a week day when the office receives the public (a day may have a
    morning and an afternoon). An office with none recorded has unknown hours: the
    appointment checks then say nothing (see `lien.offices.opening_hours`)."""

    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="opening_periods", verbose_name=_("office")
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))

    class Meta:
        ordering = ["weekday", "opens_at"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="opening_period_closes_after_it_opens",
            )
        ]

    def __str__(self):
        opens, closes = self.opens_at.strftime("%H:%M"), self.closes_at.strftime("%H:%M")
        return f"{self.get_weekday_display()} {opens}–{closes}"


class RecordKeeping(models.TextChoices):
    COMPUTERISED = "computerised", _("computerised (uses Lien)")
    PAPER = "paper", _("paper-based")


class RecordKeepingChange(models.Model):
    """From `since` on, the office keeps its records this way. An empty date is the
    office's way from the start. Before the first dated change, the office kept them the
    other way (a change is a change); an office with no change recorded is computerised.

    The statistics read this history (`record_keeping`): a paper grid is typed only for a
    year in which the office was paper-based, and a computerised office's figures come
    only from the statistical record. Written by `lien.accounts.organisation.services`,
    which audits every change."""

    office = models.ForeignKey(
        Office,
        on_delete=models.CASCADE,
        related_name="record_keeping_changes",
        verbose_name=_("office"),
    )
    since = models.DateField(
        _("from"),
        null=True,
        blank=True,
        help_text=_("Leave empty for the way the office kept its records from the start."),
    )
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
