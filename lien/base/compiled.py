"""Queries compiled once per process: for the queries a busy page runs at every visit.

Django builds a queryset and compiles its SQL at each evaluation. On the file page, whose
two dozen queries change only by the file's key, that building and compiling was a
quarter of the request's processor time (bench/README.md, "the eighth pass"). A compiled
query is written as a function of whole-number parameters (keys) that returns a queryset:

    @compiled
    def problems_of(casefile_id: int):
        return Problem.objects.filter(casefile_id=casefile_id).select_related("item")

    problems_of(casefile_id=7)  # a list of Problem, as list(queryset) would give

A parameter is a whole number unless annotated `date` or `datetime` (`def current(today:
date)`), sent to the database as its field would send it. The function runs once per
database, with markers in place of its parameters; each call
puts its values where the markers landed in the compiled SQL's parameters and runs the
same SQL, the rows turned into objects by Django's own iterables (select_related,
annotations, values_list and prefetch_related work as on the queryset).

The function must read nothing but its parameters: no clock, no setting, no user. The
first compilation builds it twice with different markers and refuses one whose SQL or
other parameters differ (a `timezone.now()` would), or whose parameter does not reach
the SQL as it was given. Today's date read inside would be the same in both builds, and
kept: so a date or an instant is always a parameter, never read inside.
"""

import copy
import functools
import operator
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Generic, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

T = TypeVar("T")

# Whole numbers no key of Lien reaches, inside every integer column's range (Django
# empties a query compared with a number out of its column's range); days and instants
# of a year no file knows.
_MARKER_BASE = 1_999_000_000
_MARKER_DAY = date(1901, 1, 1)


def _int(value, ops) -> int:
    return operator.index(value)  # refuses "12" and 1.5, as a key must


def _date(value, ops):
    if not isinstance(value, date) or isinstance(value, datetime):
        raise TypeError(f"a date is expected, not {value!r}")
    return ops.adapt_datefield_value(value)


def _datetime(value, ops):
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise TypeError(f"an aware datetime is expected, not {value!r}")
    return ops.adapt_datetimefield_value(value)


# For each kind of parameter: its marker in a round, and what its field sends the database.
_KINDS: dict[type, tuple[Callable[[int], Any], Callable[[Any, Any], Any]]] = {
    int: (lambda n: _MARKER_BASE + n, _int),
    date: (lambda n: _MARKER_DAY + timedelta(days=n), _date),
    datetime: (
        lambda n: datetime.combine(_MARKER_DAY, datetime.min.time(), UTC) + timedelta(hours=n),
        _datetime,
    ),
}


class NotCompilable(TypeError):
    """The function cannot be compiled once: it is the code's mistake, shown at its first
    call (and so by the tests)."""


@dataclass(frozen=True)
class _Plan:
    template: QuerySet  # built with the first markers: model, iterable, prefetches
    compiler: Any  # the compiler after its compilation: select, klass_info, converters
    sql: str
    params: tuple
    slots: tuple[tuple[int, str], ...]  # (position in params, parameter's name)


class _Compiled:
    """Stands for a queryset's query whose SQL is made: hands Django's iterables a
    compiler that runs it with this call's parameters."""

    def __init__(self, plan: _Plan, params: list, alias: str):
        self._query = plan.template.query
        compiler = copy.copy(plan.compiler)
        compiler.connection = connections[alias]  # this thread's connection
        compiler.as_sql = lambda *args, **kwargs: (plan.sql, params)
        self._compiler = compiler

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        return self._compiler

    def __getattr__(self, name):
        return getattr(self._query, name)


class CompiledQuery(Generic[T]):
    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self.names = tuple(build.__code__.co_varnames[: build.__code__.co_argcount])
        hints = typing.get_type_hints(build)
        self.kinds = {name: hints.get(name, int) for name in self.names}
        unknown = {kind for kind in self.kinds.values() if kind not in _KINDS}
        if unknown:
            raise NotCompilable(f"{build.__name__}: parameters are int, date or datetime")
        self._plans: dict[str, _Plan] = {}
        functools.update_wrapper(self, build)

    def __call__(self, **values: Any) -> list[T]:
        if set(values) != set(self.names):
            raise TypeError(f"{self.build.__name__} takes {', '.join(self.names)}")
        alias = DEFAULT_DB_ALIAS  # Lien has one database
        connection = connections[alias]
        plan = self._plans.get(connection.vendor) or self._compile(alias)
        sent = {
            name: _KINDS[self.kinds[name]][1](value, connection.ops)
            for name, value in values.items()
        }
        params = list(plan.params)
        for position, name in plan.slots:
            params[position] = sent[name]
        template: Any = plan.template
        queryset: Any = template.__class__(
            model=template.model, query=_Compiled(plan, params, alias), using=alias
        )
        queryset._iterable_class = template._iterable_class
        queryset._fields = template._fields
        queryset._prefetch_related_lookups = template._prefetch_related_lookups
        return list(queryset)

    def _markers(self, round_: int) -> dict[str, Any]:
        return {
            name: _KINDS[self.kinds[name]][0](100 * round_ + i) for i, name in enumerate(self.names)
        }

    def _compile_with(self, markers: dict[str, Any], alias: str):
        queryset = self.build(**markers).using(alias)
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        ops = connections[alias].ops
        sent = {_KINDS[self.kinds[name]][1](value, ops): name for name, value in markers.items()}
        return queryset, compiler, sql, tuple(params), sent

    def _compile(self, alias: str) -> _Plan:
        template, compiler, sql, params, first = self._compile_with(self._markers(0), alias)
        _, _, sql_again, params_again, second = self._compile_with(self._markers(1), alias)
        name = self.build.__name__
        if sql != sql_again or len(params) != len(params_again):
            raise NotCompilable(f"{name}: its SQL changes with its parameters' values")
        slots = []
        for position, (one, other) in enumerate(zip(params, params_again, strict=True)):
            if one == other:
                continue
            key = first.get(one) if _hashable(one) else None
            if key is None or (second.get(other) if _hashable(other) else None) != key:
                raise NotCompilable(f"{name} reads something besides its parameters")
            slots.append((position, key))
        missing = set(self.names) - {key for _, key in slots}
        if missing:
            raise NotCompilable(f"{name}: {', '.join(sorted(missing))} do not reach its SQL")
        plan = _Plan(template, compiler, sql, params, tuple(slots))
        self._plans[connections[alias].vendor] = plan
        return plan


def _hashable(value) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def compiled(build: Callable[..., QuerySet]) -> CompiledQuery:
    """The decorator: `build(**keys)` returns the queryset, compiled at its first call."""
    return CompiledQuery(build)
