"""A web worker warms itself before its first request (deploy/gunicorn.conf.py,
post_worker_init): that request, somebody's quick entry or note, then compiles no
template, parses no statistical grid and loads no dictionary."""

from unittest import mock

from django.forms.renderers import get_default_renderer
from django.template import engines
from django.template.base import Template
from django.utils import timezone
from simplemma.strategies.dictionaries import dictionary_factory

from lien.accounts.roles import Role
from lien.catalog.models import Family
from lien.privacy.guard import expressions
from lien.stats import definitions
from lien.web.warmup import warm_up

from ..factories import ItemFactory


def _forget_everything_compiled():
    for engine in (engines["django"], get_default_renderer().engine):
        for loader in engine.engine.template_loaders:
            loader.reset()
    definitions._parsed.cache_clear()
    expressions.load.cache_clear()


def test_after_warm_up_a_first_quick_entry_compiles_nothing(client, world):
    item = ItemFactory(family=Family.INTERVENTION, label_fr="Entretien au bureau")
    client.force_login(world.users[Role.SOCIAL_WORKER])
    _forget_everything_compiled()
    assert warm_up() > 100
    compile_nodelist = Template.compile_nodelist
    lexicons_read = expressions.load.cache_info().misses
    with (
        mock.patch.object(definitions, "parse_grid", side_effect=AssertionError("grid parsed")),
        mock.patch.object(
            dictionary_factory,
            "_load_dictionary_from_disk",
            side_effect=AssertionError("dictionary loaded"),
        ),
        mock.patch.object(Template, "compile_nodelist", autospec=True) as compiles,
    ):
        compiles.side_effect = compile_nodelist
        entry = client.post(
            f"/files/{world.file.pk}/interventions/",
            {
                "intervention-item": item.pk,
                "intervention-occurred_on": timezone.localdate().isoformat(),
            },
            HTTP_HX_REQUEST="true",
        )
        note = client.post(
            f"/files/{world.file.pk}/notes/",
            {"note-text": "Point sur les démarches du logement.", "note-visibility": "team"},
            HTTP_HX_REQUEST="true",
        )
    assert entry.status_code == 200 and note.status_code == 200
    assert "Entretien au bureau" in entry.content.decode()
    assert "Point sur les démarches du logement." in note.content.decode()
    assert expressions.load.cache_info().misses == lexicons_read
    compiled = [call.args[0].name for call in compiles.call_args_list]
    assert compiled == [], f"compiled during the request: {compiled}"


def test_without_warm_up_the_same_request_would_compile(client, world):
    """The first test's measure is sensitive: cold, the request compiles templates."""
    item = ItemFactory(family=Family.INTERVENTION)
    client.force_login(world.users[Role.SOCIAL_WORKER])
    _forget_everything_compiled()
    compile_nodelist = Template.compile_nodelist
    with mock.patch.object(Template, "compile_nodelist", autospec=True) as compiles:
        compiles.side_effect = compile_nodelist
        client.post(
            f"/files/{world.file.pk}/interventions/",
            {
                "intervention-item": item.pk,
                "intervention-occurred_on": timezone.localdate().isoformat(),
            },
            HTTP_HX_REQUEST="true",
        )
    assert compiles.call_count > 5


def _gunicorn_config():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"
    spec = importlib.util.spec_from_file_location("gunicorn_conf", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_each_gunicorn_worker_warms_itself_and_survives_a_failed_warm_up(monkeypatch):
    config = _gunicorn_config()
    worker = mock.Mock()
    config.post_worker_init(worker)
    assert worker.log.info.call_args.args[1] > 100  # templates compiled
    monkeypatch.setattr("lien.web.warmup.warm_up", mock.Mock(side_effect=RuntimeError("x")))
    config.post_worker_init(worker)  # logged, not raised: the worker still serves
    assert worker.log.exception.called


def test_warm_up_closes_its_connections_but_not_one_inside_a_transaction(monkeypatch):
    """Before a fork no connection may be shared; a caller's transaction (a test's, on
    PostgreSQL) must survive the warm-up."""
    idle, busy = mock.Mock(in_atomic_block=False), mock.Mock(in_atomic_block=True)
    monkeypatch.setattr(
        "lien.web.warmup.connections.all", lambda initialized_only=False: [idle, busy]
    )
    warm_up()
    assert idle.close.called and not busy.close.called
