"""The statistical layer: coarse events with a yearly pseudonym, nothing nominative.

No name, file number, worker, exact date, exact amount or free text: only an office, a
year and a month, and categories. Rows carry no timestamp and a random UUID key, so that
the order of rows says nothing about the order of events; `close_year` rewrites a year's
rows in random order with fresh keys and tokens once its pseudonym key is destroyed.
"""

import uuid
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.offices.models import Office


class Kind(models.TextChoices):
    SITUATION = "situation", _("situation at the first contact of the year")
    VISIT = "visit", _("visit")
    FILE_OPENED = "file_opened", _("file opened")
    FILE_CLOSED = "file_closed", _("file closed")
    PROBLEM_OPENED = "problem_opened", _("problem identified")
    INTERVENTION = "intervention", _("intervention")
    AID_DECISION = "aid_decision", _("aid decision")
    # A visit at reception that needed no file: counted, linked to no household.
    ANONYMOUS_VISIT = "anonymous_visit", _("visit without a file")
    AID_PAYMENT = "aid_payment", _("aid paid")


# The coarse dimensions an event may carry, in the order grids may name them.
DIMENSIONS = (
    "kind",
    "month",
    "household_status",
    "household_type",
    "age_band",
    "reference_sex",
    "housing",
    "resources",
    # The other situation and population-survey items of the catalogue that feed
    # statistics, one field each, named after the item (SITUATION_DIMENSIONS).
    "dependent_children",
    "rent_arrears",
    "eviction_procedure",
    "monthly_resources",
    "employment_status",
    "health_coverage",
    "complementary_coverage",
    "ps_first_contact_reason",
    "ps_household_size",
    "ps_age_of_reference",
    "remaining_band",
    "problem_family",
    "intervention_type",
    "aid_type",
    "amount_band",
    "decision",
    "visit_reason",
    "channel",
    "town",
    "delay_band",
    "payment_delay_band",
    "refusal_reason",
)


# The fields of the household's situation, taken at its first event of the year in an
# office and completed as values are recorded. Each is fed by one catalogue item
# (lien/casefiles/statistics.py says which, from the catalogue), coarsened as it declares.
SITUATION_DIMENSIONS = (
    "household_type",
    "housing",
    "resources",
    "dependent_children",
    "rent_arrears",
    "eviction_procedure",
    "monthly_resources",
    "employment_status",
    "health_coverage",
    "complementary_coverage",
    "ps_first_contact_reason",
    "ps_household_size",
    "ps_age_of_reference",
)


class StatEvent(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="+", verbose_name=_("office")
    )
    # HMAC of the household id with the year's key while the year is open; a random token
    # with no key at all once it is closed. Stable within a year, so that households are
    # counted once.
    household_token = models.CharField(_("household pseudonym"), max_length=32)
    household_status = models.CharField(_("new or known household"), max_length=10, blank=True)
    household_type = models.CharField(_("household type"), max_length=30, blank=True)
    age_band = models.CharField(_("age band of the reference person"), max_length=10, blank=True)
    reference_sex = models.CharField(_("sex of the reference person"), max_length=1, blank=True)
    housing = models.CharField(_("housing"), max_length=30, blank=True)
    resources = models.CharField(_("main resource"), max_length=30, blank=True)
    dependent_children = models.CharField(_("dependent children"), max_length=10, blank=True)
    rent_arrears = models.CharField(_("rent arrears"), max_length=10, blank=True)
    eviction_procedure = models.CharField(_("eviction procedure"), max_length=10, blank=True)
    monthly_resources = models.CharField(_("monthly resources"), max_length=12, blank=True)
    employment_status = models.CharField(_("employment status"), max_length=30, blank=True)
    health_coverage = models.CharField(_("health coverage"), max_length=10, blank=True)
    complementary_coverage = models.CharField(
        _("complementary health coverage"), max_length=10, blank=True
    )
    ps_first_contact_reason = models.CharField(
        _("reason for the first contact of the year"), max_length=30, blank=True
    )
    ps_household_size = models.CharField(
        _("number of persons in the household"), max_length=10, blank=True
    )
    ps_age_of_reference = models.CharField(
        _("age of the reference person (survey)"), max_length=10, blank=True
    )
    # The budget's reste à vivre a day per consumption unit, as a band of
    # lien.catalog.coarsening (never the amount).
    remaining_band = models.CharField(
        _("band of reste à vivre a day per consumption unit"), max_length=6, blank=True
    )
    problem_family = models.CharField(_("problem family"), max_length=60, blank=True)
    intervention_type = models.CharField(_("intervention type"), max_length=60, blank=True)
    aid_type = models.CharField(_("aid type"), max_length=60, blank=True)
    amount_band = models.CharField(_("amount band"), max_length=12, blank=True)
    decision = models.CharField(_("decision"), max_length=10, blank=True)
    # Only for the visits without a file: why they came, how, from which town (its INSEE
    # code, one of the office's towns).
    visit_reason = models.CharField(_("reason for the visit"), max_length=30, blank=True)
    channel = models.CharField(_("channel"), max_length=10, blank=True)
    town = models.CharField(_("town"), max_length=5, blank=True)
    # Days from the submission to the decision (aid_decision) or to the payment
    # (aid_payment), in bands (lien/casefiles/statistics.py): never the dates.
    delay_band = models.CharField(_("delay band"), max_length=10, blank=True)
    # Days from the decision to the payment (aid_payment), in the same bands.
    payment_delay_band = models.CharField(
        _("delay band from the decision to the payment"), max_length=10, blank=True
    )
    # A refusal's reason, as the département-wide family of the first reason given in the
    # scheme's list (aid_decision, refused): never the wording or the worker's text.
    refusal_reason = models.CharField(
        _("family of the refusal's reason"), max_length=20, blank=True
    )

    class Meta:
        verbose_name = _("statistical event")
        verbose_name_plural = _("statistical events")
        constraints = [
            # The situation is taken once per household, office and year: grids count
            # households on it with a plain count.
            models.UniqueConstraint(
                fields=["year", "office", "household_token"],
                condition=Q(kind=Kind.SITUATION),
                name="one_situation_per_household_office_year",
            ),
        ]
        # Covering indexes: each grid query filters on year and kind and groups by office
        # and a few fields; with all of them in one index the database answers from the
        # index alone, in group order, without reading the table (see bench/README.md).
        indexes = [
            models.Index(fields=["year", "kind", "office"], name="stats_year_kind_office"),
            models.Index(
                fields=[
                    "year",
                    "kind",
                    "office",
                    "household_status",
                    "household_type",
                    "age_band",
                    "housing",
                    "resources",
                ],
                name="stats_situation_cover",
            ),
            models.Index(
                fields=["year", "kind", "office", "problem_family", "household_token"],
                name="stats_problem_cover",
            ),
            models.Index(
                fields=["year", "kind", "office", "intervention_type", "month", "household_token"],
                name="stats_intervention_cover",
            ),
            models.Index(
                fields=["year", "kind", "office", "aid_type", "decision", "amount_band"],
                name="stats_aid_cover",
            ),
        ]


class YearKey(models.Model):
    """The key of a year's pseudonyms, kept apart from the events. Destroyed (set to
    null) when the year is closed; the row stays to say that the year is closed."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    key = models.BinaryField(_("key"), null=True)
    closed = models.BooleanField(_("closed"), default=False)

    class Meta:
        verbose_name = _("year key")
        verbose_name_plural = _("year keys")


class PaperGrid(models.Model):
    """The paper grid of an office for a year, for an office that was paper-based that
    year: what was typed is in its versions, the last one counting (none once withdrawn).
    Read through `paper_grids.typed_grid_values`; written by `services.type_paper_grid`
    and `services.withdraw_paper_grid`."""

    grid = models.CharField(_("grid"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"))
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="+", verbose_name=_("office")
    )

    class Meta:
        verbose_name = _("paper grid")
        verbose_name_plural = _("paper grids")
        constraints = [
            models.UniqueConstraint(
                fields=["grid", "year", "office"], name="one_paper_grid_per_office_year"
            )
        ]


class VersionKind(models.TextChoices):
    TYPED = "typed", _("typed")
    CORRECTED = "corrected", _("corrected")
    WITHDRAWN = "withdrawn", _("withdrawn")


class PaperGridVersion(models.Model):
    """One state of a paper grid, never changed once written: a correction or a
    withdrawal is a new version, with its reason. `values` maps each table code to
    {"row|column": count}, margins included; empty for a withdrawal."""

    paper_grid = models.ForeignKey(
        PaperGrid, on_delete=models.PROTECT, related_name="versions", verbose_name=_("paper grid")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    kind = models.CharField(_("change"), max_length=10, choices=VersionKind.choices)
    values = models.JSONField(_("values"), default=dict)
    reason = models.TextField(_("reason"), blank=True)
    # The agent who typed it: a user id, as in the audit log (stats knows no accounts).
    typed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("typed by"),
    )
    typed_at = models.DateTimeField(_("typed at"), default=timezone.now)

    class Meta:
        ordering = ["paper_grid", "number"]
        verbose_name = _("paper grid version")
        verbose_name_plural = _("paper grid versions")
        constraints = [
            models.UniqueConstraint(
                fields=["paper_grid", "number"], name="one_number_per_paper_grid_version"
            )
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("a paper grid version is never changed: write a new one")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ValueError("a paper grid version is never deleted: withdraw the grid")


class GridTally(models.Model):
    """That the cells of a grid's definition are kept for a year: written when the year's
    first event is recorded, or by `stats_rebuild_tallies`. Without it the grid is counted
    from the events themselves."""

    grid = models.CharField(_("grid"), max_length=40)
    definition = models.CharField(_("definition fingerprint"), max_length=16)
    year = models.PositiveSmallIntegerField(_("year"))

    class Meta:
        verbose_name = _("grid tally")
        verbose_name_plural = _("grid tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["grid", "definition", "year"], name="one_tally_per_grid_definition_year"
            )
        ]


class GridCell(models.Model):
    """A cell of a grid's table for an office and a year, kept up to date as events are
    recorded, so that a grid is read from a few thousand cells rather than counted from
    a million events. Counts only: no pseudonym, nothing about a household."""

    tally = models.ForeignKey(
        GridTally, on_delete=models.CASCADE, related_name="cells", verbose_name=_("grid tally")
    )
    table = models.CharField(_("table"), max_length=60)
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="+", verbose_name=_("office")
    )
    row = models.CharField(_("row"), max_length=60)
    column = models.CharField(_("column"), max_length=60)
    n = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("grid cell")
        verbose_name_plural = _("grid cells")
        constraints = [
            models.UniqueConstraint(
                fields=["tally", "table", "office", "row", "column"], name="one_cell_per_address"
            )
        ]


class ProtectedYear(models.Model):
    """The cells withheld in a year's published grids, decided for every grid and scope
    together (lien/stats/publication.py), and the fingerprint of the counts they were
    decided on: when the counts change, they are decided again. Addresses of cells
    only, no count."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    fingerprint = models.CharField(_("fingerprint of the counts"), max_length=64)
    withheld = models.JSONField(_("withheld cells"), default=list)
    figures = models.JSONField(_("figures of the computation"), default=dict)
    decided_at = models.DateTimeField(_("decided at"), auto_now=True)

    class Meta:
        verbose_name = _("protection of a year")
        verbose_name_plural = _("protections of years")


class MergedTokens(models.Model):
    """Two households of the case files found to be one: the statistical rows of the
    absorbed household were moved under the kept one's pseudonym, for one open year.
    Holds only the keys of the rows moved and the situation rows removed (a household has
    one situation per office and year), so that the merge can be undone; knows no
    household. `handle` is what the case files keep; deleted when the year closes."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    handle = models.UUIDField(_("handle"), db_index=True)
    year = models.PositiveSmallIntegerField(_("year"))
    moved = models.JSONField(_("rows moved"), default=list)
    removed = models.JSONField(_("situation rows removed"), default=list)

    class Meta:
        verbose_name = _("merged pseudonyms")
        verbose_name_plural = _("merged pseudonyms")


class GridCellDelta(models.Model):
    """A change of a kept cell, appended by the writer of an event rather than applied to
    the shared cell in its transaction: writers of one office never wait for one another
    on a cell's row. The task that publishes the year folds them into the cells
    (tally.fold); until then every read of the counts adds them up."""

    tally = models.ForeignKey(
        GridTally, on_delete=models.CASCADE, related_name="deltas", verbose_name=_("grid tally")
    )
    table = models.CharField(_("table"), max_length=60)
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="+", verbose_name=_("office")
    )
    row = models.CharField(_("row"), max_length=60)
    column = models.CharField(_("column"), max_length=60)
    n = models.IntegerField(_("change of the count"))

    class Meta:
        verbose_name = _("change of a grid cell")
        verbose_name_plural = _("changes of grid cells")


class StatYear(models.Model):
    """That an office has statistical events in a year: the years a statistics page
    offers are read from these few rows, not from the events."""

    year = models.PositiveSmallIntegerField(_("year"))
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="+", verbose_name=_("office")
    )

    class Meta:
        verbose_name = _("year with statistics")
        verbose_name_plural = _("years with statistics")
        constraints = [
            models.UniqueConstraint(fields=["year", "office"], name="one_stat_year_per_office")
        ]


class Publication(models.Model):
    """A grid as published for a scope (an office, or the whole département) and a year:
    every table's counts with the cells its joint protection withholds already removed,
    written by the task that decides the year (publication.publish_year). Pages and
    exports read it as it is; while the year is decided again they show this one, dated."""

    grid = models.CharField(_("grid"), max_length=40)
    scope = models.CharField(_("scope"), max_length=20)  # an office id, or "all"
    year = models.PositiveSmallIntegerField(_("year"))
    # {table code: {"row|column": count, or null when withheld}}
    tables = models.JSONField(_("published tables"), default=dict)
    typed_offices = models.JSONField(_("offices whose paper grid is counted"), default=list)
    published_at = models.DateTimeField(_("published at"))

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [
            models.UniqueConstraint(
                fields=["grid", "scope", "year"], name="one_publication_per_grid_scope_year"
            )
        ]


class ReportCommentary(models.Model):
    """What the statistician or the manager writes in the annual report of a scope (an
    office, or the whole département) and a year, section by section, before generating
    it: their words about published figures, read by the free-text guard when saved."""

    scope = models.CharField(_("scope"), max_length=20)  # an office id, or "all"
    year = models.PositiveSmallIntegerField(_("year"))
    introduction = models.TextField(_("introduction"), blank=True)
    activity = models.TextField(_("activity"), blank=True)
    population = models.TextField(_("population"), blank=True)
    aid = models.TextField(_("financial aid"), blank=True)
    trends = models.TextField(_("five-year trends"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    SECTIONS = ("introduction", "activity", "population", "aid", "trends")

    class Meta:
        verbose_name = _("annual report commentary")
        verbose_name_plural = _("annual report commentaries")
        constraints = [
            models.UniqueConstraint(fields=["scope", "year"], name="one_commentary_per_scope_year")
        ]


class GridVersion(models.Model):
    """A definition of a grid saved by a statistician (the grid editor), in force from
    `valid_from` on: a year is computed with the version of greatest `valid_from` not
    after it, or with the grid shipped in lien/stats/grids/ when there is none. Never
    changed once written; a version is only saved for years not published yet, so that a
    published year keeps the grid it was published with."""

    grid = models.CharField(_("grid"), max_length=40)
    number = models.PositiveSmallIntegerField(_("version"))
    valid_from = models.PositiveSmallIntegerField(_("valid from the year"))
    definition = models.TextField(_("definition"))  # the grid's YAML, as a shipped file
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("saved by"),
    )
    saved_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        ordering = ["grid", "valid_from"]
        verbose_name = _("grid version")
        verbose_name_plural = _("grid versions")
        constraints = [
            models.UniqueConstraint(fields=["grid", "number"], name="one_number_per_grid_version"),
            models.UniqueConstraint(
                fields=["grid", "valid_from"], name="one_grid_version_per_year"
            ),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("a grid version is never changed: save a new one")
        super().save(*args, **kwargs)
