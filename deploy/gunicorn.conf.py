"""gunicorn's configuration for Lien (docs/admin/deploy.md), read with
`gunicorn -c deploy/gunicorn.conf.py config.wsgi:application` by deploy/lien-web.service.

Every value can be changed through the environment (LIEN_GUNICORN_*) so that the same
file serves production and the CI smoke test (.ci/smoke-stack)."""

import os
import shutil
from pathlib import Path

# nginx on the same machine is the only client: never listen on a public address.
bind = os.environ.get("LIEN_GUNICORN_BIND", "127.0.0.1:8001")
# Synchronous workers: Lien's requests are short, its long work goes to the task worker.
# Two per core is the usual start; each holds one database connection.
workers = int(os.environ.get("LIEN_GUNICORN_WORKERS", str(2 * (os.cpu_count() or 1))))
worker_class = "sync"
# A request taking longer than this is killed (and logged): an export that long belongs
# in the task worker. Kept above nginx's proxy_read_timeout so nginx answers first.
timeout = int(os.environ.get("LIEN_GUNICORN_TIMEOUT", "75"))
graceful_timeout = 30
keepalive = 5
# Workers are replaced after a few thousand requests, so that a slow leak never grows.
max_requests = 2000
max_requests_jitter = 200
# Heartbeat files in memory rather than on a disk that may stall (ProtectSystem=strict).
# (S108: a folder of gunicorn's own files, never user data.)
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# X-Forwarded-Proto and X-Forwarded-For are trusted from nginx on the loopback only.
forwarded_allow_ips = os.environ.get("LIEN_GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# The access log stays off: a request line carries query strings, and a search's terms
# are names. Lien writes its own JSON line per request without them (lien.monitoring).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LIEN_GUNICORN_LOG_LEVEL", "warning")
# A request line or header over these is refused by gunicorn before Django sees it.
limit_request_line = 8190
limit_request_fields = 100
proc_name = "lien"


def on_starting(server):
    """Empties the directory where the workers gather their Prometheus figures: figures
    of a former run's workers would otherwise be added to the new ones."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        path = Path(folder)
        if path.is_dir():
            shutil.rmtree(path)
        path.mkdir(parents=True, exist_ok=True)


def post_worker_init(worker):
    """Each worker, at the start and at each replacement, warms itself before it takes
    its first request (lien/web/warmup.py): otherwise that request, somebody's, pays for
    compiling the templates and parsing the grids (0.6 s against 0.07 s for a quick
    entry). Done here rather than once in the master (`preload_app`) so that `systemctl
    reload lien-web` still starts workers on new code."""
    from lien.web.warmup import warm_up

    try:
        worker.log.info("Lien worker warmed up: %d templates compiled", warm_up())
    except Exception:
        # A template that does not compile is for its own page to report (and for the
        # tests to catch, tests/web/test_warmup.py): the worker still serves the others.
        worker.log.exception("Lien worker's warm-up failed; it serves requests unwarmed")


def child_exit(server, worker):
    """A worker gone: its live gauges no longer count (prometheus_client's multiprocess
    mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
