"""What a web process does once, before its first request: import every view, read the
translations, compile every template, parse the shipped statistical grids, load the
note guard's lexicon and French dictionary.

Django does all of it lazily, in the first request that needs it: a worker's first quick
entry cost 0.67 s against 0.07 s for the next ones (bench/concurrent_writers.py), and
gunicorn replaces its workers every few thousand requests (deploy/gunicorn.conf.py), so
after every restart and every replacement somebody at the desk waited. Each gunicorn
worker now calls `warm_up` before it takes a request (`post_worker_init`); the benches
call it before forking their agents. No database connection it opened is left open.
"""

from pathlib import Path

import django.forms
from django.apps import apps
from django.conf import settings
from django.db import connections
from django.forms.renderers import get_default_renderer
from django.template import engines
from django.urls import get_resolver
from django.utils import translation

from lien.privacy import guard
from lien.stats.definitions import load_grid, shipped_codes


def _names_in(folder: Path) -> list[str]:
    paths = sorted(folder.rglob("*.html")) + sorted(folder.rglob("*.txt"))
    return [path.relative_to(folder).as_posix() for path in paths]


def _engines_and_templates():
    """The page engine with Lien's templates; the forms' engine (forms and widgets are
    rendered by an engine of their own) with Lien's templates and Django's widgets."""
    lien = [
        name
        for config in apps.get_app_configs()
        if config.name.startswith("lien.")
        for name in _names_in(Path(config.path) / "templates")
    ]
    for engine in engines.all():
        yield engine, lien
    widgets = _names_in(Path(django.forms.__file__).parent / "templates")
    # Django's form renderers have an engine of their own; one set up to use the pages'
    # engine (TemplatesSetting) has been warmed above.
    forms_engine = getattr(get_default_renderer(), "engine", None)
    if forms_engine is not None:
        yield forms_engine, lien + widgets


def warm_up() -> int:
    """Returns how many templates were compiled."""
    resolver = get_resolver()
    resolver.reverse_dict  # noqa: B018 (imports every view and its forms, maps the names)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):  # activating a language reads its catalogues
            pass
    for code in shipped_codes():
        # Parsed once per text: the grid in force in a year is the shipped text unless
        # a version was saved, so the tallies of the first act find it parsed.
        load_grid(code)
    # The lexicon and the lemmatiser's dictionary: 0.6 s in a worker's first note.
    guard.find("Entretien avec la famille au sujet des démarches.")
    compiled = 0
    for engine, names in _engines_and_templates():
        for name in names:
            engine.get_template(name)
            compiled += 1
    _close_connections_outside_transactions()
    return compiled


def _close_connections_outside_transactions() -> None:
    """A process about to fork or serve must not share a connection it opened here;
    one inside a transaction (the caller's, or a test's) is the caller's to keep."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()
