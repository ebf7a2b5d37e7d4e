"""A year's published statistics: every grid, for every office and the département,
withheld together (protection.py), decided once and reused by every page and export.

The counts are cheap to read (kept tallies, typed paper grids); the joint protection is
not (linear programmes over the whole year). The cells it withholds are stored with a
fingerprint of everything they rest on: the counts of every office, the typed grids, the
grids' definitions, the thresholds and the list of offices. A page reads the counts,
compares the fingerprint and, when something changed, asks the task worker to decide the
protection again (stats/tasks.py) and shows nothing of the year meanwhile: a page never
solves the linear programmes itself, and never shows a count before its protection is
decided (`stats_protect` decides it ahead, from cron or as a task; the commands decide it
at once, `year_release`).

What a page reads is the result: `publish_year` (the task) folds the year's pending tally
changes into the kept cells, decides the protection if the counts changed, and stores
every grid as published for every scope (`Publication`: the counts with the withheld
cells already removed, and its date). A page reads one row; when the counts changed since
(pending tally changes, a paper grid typed after it) it asks for the task and shows the
last publication with its date meanwhile.
"""

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lien.offices.models import Office

from . import linkage
from .compute import Matrix, add, count_grid, empty_matrix
from .definitions import TOTAL, Grid, grid_codes, load_grid
from .disclosure import Index, LinearTable, Position, linear_table, suppress
from .models import PaperGridVersion, ProtectedYear, Publication, StatEvent
from .paper.cells import paper_matrix
from .paper.typed import TypedValues, typed_grid_values
from .protection import ALL, CellKey, PublishedCell, Scope, withhold_jointly
from .tally import fold, kept_counts, pending_changes

VERSION = 1  # of the protection: a change of method decides every year again


def typed_paper_grids(year: int, office_ids: list[int]) -> dict[str, dict[int, TypedValues]]:
    """{grid code: {office id: values}} of the grids typed from paper that count for the
    year (`typed_grid_values`: current versions, paper-based years only). Every cell of
    such a grid is known to whoever typed it."""
    typed: dict[str, dict[int, TypedValues]] = {}
    for code in grid_codes(year):
        values = typed_grid_values(grid_code=code, year=year, office_ids=office_ids)
        if values:
            typed[code] = values
    return typed


def _key(position: Position) -> str:
    return "|".join(map(str, position))


@dataclass
class YearRelease:
    year: int
    grids: dict[str, Grid]
    offices: list[Office]
    computed: dict[str, dict[str, dict[int, Matrix]]]  # grid code → table code → office id →
    papers: dict[str, dict[int, TypedValues]]  # grid code → office id → values
    withheld: set[CellKey] = field(default_factory=set)
    figures: dict[str, float] = field(default_factory=dict)  # about the protection's run

    def typed(self, grid_code: str, office_id: int) -> bool:
        return office_id in self.papers.get(grid_code, {})

    def _scope_offices(self, scope: Scope) -> list[int]:
        return [o.pk for o in self.offices] if scope == ALL else [scope]

    def matrix(self, grid_code: str, scope: Scope, table_code: str, *, typed: bool) -> Matrix:
        """The sum of the scope's computed (typed False) or typed (True) tables. A typed
        grid adds to what the record holds for its office (the months it kept on paper
        in the year it moved to Lien), it never replaces it."""
        table = self.grids[grid_code].table(table_code)
        total = empty_matrix(table)
        for office_id in self._scope_offices(scope):
            if typed:
                if self.typed(grid_code, office_id):
                    total = add(total, paper_matrix(table, self.papers[grid_code][office_id]))
            else:
                office = self.computed[grid_code][table_code].get(office_id)
                total = add(total, office or empty_matrix(table))
        return total

    def published(
        self, grid_code: str, scope: Scope, table_code: str
    ) -> tuple[LinearTable, set[Position]]:
        """The table with its margins, and the positions withheld."""
        computed = self.matrix(grid_code, scope, table_code, typed=False)
        typed = self.matrix(grid_code, scope, table_code, typed=True)
        linear = linear_table(add(computed, typed))
        withheld = {p for p in linear.values if (grid_code, scope, table_code, p) in self.withheld}
        return linear, withheld

    def withheld_on_paper(self) -> set[CellKey]:
        """In the scopes made only of typed grids, nothing is unknown to whoever typed
        them: their cells are withheld table by table, for the other readers."""
        withheld: set[CellKey] = set()
        scopes: list[Scope] = [o.pk for o in self.offices] + [ALL]
        for grid_code, grid in self.grids.items():
            for scope in scopes:
                if not self._paper_only(grid_code, scope):
                    continue
                for table in grid.tables:
                    typed = self.matrix(grid_code, scope, table.code, typed=True)
                    _linear, positions = suppress(typed, table.threshold)
                    withheld.update((grid_code, scope, table.code, p) for p in positions)
        return withheld

    def _paper_only(self, grid_code: str, scope: Scope) -> bool:
        """Every office of the scope typed its grid and the record holds nothing for it."""
        active = self.active_offices
        return all(self.typed(grid_code, o) and o not in active for o in self._scope_offices(scope))

    def cells(self, model: linkage.AttackerModel) -> list[PublishedCell]:
        """Every count of the year that a page or an export can show."""
        cells: list[PublishedCell] = []
        active = self.active_offices
        for grid_code, grid in self.grids.items():
            scopes: list[Scope] = [o.pk for o in self.offices] + [ALL]
            for scope in scopes:
                if self._paper_only(grid_code, scope):
                    continue
                # The record's part of every active office is unknown to the attacker,
                # typed or not; the typed part is known (a constant).
                members = [o for o in self._scope_offices(scope) if o in active]
                for table in grid.tables:
                    counts = linear_table(
                        self.matrix(grid_code, scope, table.code, typed=False)
                    ).values
                    known = linear_table(self.matrix(grid_code, scope, table.code, typed=True))
                    for position, known_count in known.values.items():
                        terms = frozenset().union(
                            *(model.terms(o, grid, table, position) for o in members)
                        )
                        cells.append(
                            PublishedCell(
                                key=(grid_code, scope, table.code, position),
                                count=counts[position] + known_count,
                                known=known_count,
                                terms=terms,
                                threshold=table.threshold,
                            )
                        )
        return cells

    @cached_property
    def active_offices(self) -> set[int]:
        """Offices with some count: the others publish zeros everywhere, known to all."""
        return {
            office_id
            for by_table in self.computed.values()
            for by_office in by_table.values()
            for office_id, matrix in by_office.items()
            if any(map(any, matrix))
        }

    def fingerprint(self) -> str:
        payload = {
            "version": VERSION,
            "thresholds": [
                getattr(settings, "LIEN_STATS_THRESHOLD", 5),
                getattr(settings, "LIEN_STATS_SENSITIVE_THRESHOLD", 11),
            ],
            "grids": {code: grid.digest for code, grid in self.grids.items()},
            "offices": [o.pk for o in self.offices],
            "computed": {
                g: {t: sorted(by_office.items()) for t, by_office in tables.items()}
                for g, tables in self.computed.items()
            },
            "papers": {g: sorted(by_office.items()) for g, by_office in self.papers.items()},
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _other_values(year: int) -> Callable[[str, str, set[str]], bool]:
    """Whether the year's events of a kind hold a value of a field that no table lists."""

    def check(kind: str, name: str, listed: set[str]) -> bool:
        values: list[int] | list[str]
        if name == "month":
            values = sorted(int(v) for v in listed if v.isdigit())
        else:
            values = sorted(listed)
        events = StatEvent.objects.filter(year=year, kind=kind)
        return events.exclude(**{f"{name}__in": values}).exists()

    return check


def _counts(grid: Grid, year: int, office_ids: list[int]) -> dict[str, dict[int, Matrix]]:
    kept = kept_counts(grid, year, office_ids)
    return kept if kept is not None else count_grid(grid, year, office_ids)


def read_year(year: int) -> YearRelease:
    """The year's counts, before any protection."""
    grids = {code: load_grid(code, year) for code in grid_codes(year)}
    offices = list(Office.objects.order_by("name", "pk"))
    ids = [o.pk for o in offices]
    papers = typed_paper_grids(year, ids)
    computed = {code: _counts(grid, year, ids) for code, grid in grids.items()}
    return YearRelease(year, grids, offices, computed, papers)


def protect(release: YearRelease) -> None:
    """Decides the cells to withhold, for every grid and scope of the year together."""
    started = time.perf_counter()
    populations = linkage.populations(list(release.grids.values()), _other_values(release.year))
    model = linkage.AttackerModel(populations, list(release.grids.values()))
    release.withheld, release.figures = withhold_jointly(model, release.cells(model))
    release.withheld |= release.withheld_on_paper()
    release.figures["seconds"] = round(time.perf_counter() - started, 3)


def _encode(keys: set[CellKey]) -> list[str]:
    return sorted("|".join(map(str, (g, s, t, _key(p)))) for g, s, t, p in keys)


def _decode(stored: list[str]) -> set[CellKey]:
    def scope_of(text: str) -> Scope:
        return ALL if text == ALL else int(text)

    def index(text: str) -> Index:
        return TOTAL if text == TOTAL else int(text)

    keys: set[CellKey] = set()
    for entry in stored:
        grid_code, scope, table_code, row, column = entry.split("|")
        keys.add((grid_code, scope_of(scope), table_code, (index(row), index(column))))
    return keys


class ProtectionPending(Exception):
    """The year's counts changed since its protection was decided, and the task worker is
    deciding it again: nothing of the year can be published until it has."""


def stored_release(year: int) -> YearRelease | None:
    """The year as published with its stored protection, or None when there is none or
    something it rests on changed since (then nothing of the year may be shown)."""
    release = read_year(year)
    return release if _reuse_stored(release) else None


def _reuse_stored(release: YearRelease) -> bool:
    stored = ProtectedYear.objects.filter(year=release.year).first()
    if stored is None or stored.fingerprint != release.fingerprint():
        return False
    release.withheld = _decode(stored.withheld)
    release.figures = stored.figures
    return True


def year_release(year: int) -> YearRelease:
    """The year as published: the stored protection when nothing it rests on changed,
    else decided again, now, and stored (the commands and the task worker)."""
    release = read_year(year)
    if _reuse_stored(release):
        return release
    current = release.fingerprint()
    protect(release)
    with transaction.atomic():
        ProtectedYear.objects.update_or_create(
            year=year,
            defaults={
                "fingerprint": current,
                "withheld": _encode(release.withheld),
                "figures": release.figures,
            },
        )
    return release


def _index(text: str) -> Index:
    return TOTAL if text == TOTAL else int(text)


def decode_position(key: str) -> Position:
    row, column = key.split("|")
    return _index(row), _index(column)


def _scope_key(scope: Scope) -> str:
    return str(scope)


def publish_year(year: int) -> YearRelease:
    """Folds the year's pending tally changes, decides its protection if the counts
    changed, and stores every grid as published for every office and the département.
    Run by the task worker (tasks.protect_year) and by the commands."""
    fold(year)
    release = year_release(year)
    scopes: list[Scope] = [o.pk for o in release.offices] + [ALL]
    now = timezone.now()
    rows = []
    for grid_code, grid in release.grids.items():
        for scope in scopes:
            tables = {}
            for table in grid.tables:
                linear, withheld = release.published(grid_code, scope, table.code)
                tables[table.code] = {
                    _key(p): None if p in withheld else v for p, v in linear.values.items()
                }
            typed = [o for o in release._scope_offices(scope) if release.typed(grid_code, o)]
            rows.append(
                Publication(
                    grid=grid_code,
                    scope=_scope_key(scope),
                    year=year,
                    tables=tables,
                    typed_offices=typed,
                    published_at=now,
                )
            )
    with transaction.atomic():
        Publication.objects.filter(year=year).delete()
        Publication.objects.bulk_create(rows)
    return release


def stored_publication(grid_code: str, scope: Scope, year: int) -> Publication | None:
    return Publication.objects.filter(grid=grid_code, scope=_scope_key(scope), year=year).first()


def changed_since(publication: Publication) -> bool:
    """Whether something the publication rests on changed since it was written: counts
    recorded (tally changes not folded yet) or a paper grid typed, corrected or
    withdrawn. Two small indexed reads; a change of grid definitions, thresholds or
    offices is found by `stats_protect` (cron) and by the task."""
    if pending_changes(publication.year):
        return True
    return PaperGridVersion.objects.filter(
        paper_grid__year=publication.year, typed_at__gt=publication.published_at
    ).exists()
