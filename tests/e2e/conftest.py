"""Browser tests: Playwright driving Debian's Chromium against Django's live server.

Playwright's own browser download is never used; the system Chromium is. Without it the
tests are skipped, unless LIEN_REQUIRE_BROWSER=1 (CI), where a missing browser fails."""

import os
import threading
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread


# One request at a time. The live server shares the test's SQLite connection with every
# thread it serves from: two requests at once (the free-text guard's debounced check
# while the note is posted) would run on one connection together and fail with
# "cannot start a transaction within a transaction". Not threaded, the server closes
# each connection after its response, so the browser's requests simply queue.
class _OneRequestAtATime(WSGIServer):
    def __init__(self, *args, connections_override=None, **kwargs):
        # The live server thread itself runs on the shared connections.
        super().__init__(*args, **kwargs)

    def process_request(self, request, client_address):
        with _SERVING:
            super().process_request(request, client_address)


LiveServerThread.server_class = _OneRequestAtATime

# Held while the live server answers a request, and by the database's flush after a
# test: a request the closed page had still sent (a poll, a fragment) would otherwise run
# on the shared connection in the middle of the flush ("cannot commit - no transaction
# is active").
_SERVING = threading.Lock()


@pytest.fixture
def server_idle():
    """`with server_idle:` around a test's own write to the database once a page is open:
    it waits for the request the page may still have in flight (the file page loads its
    budget and letters cards after itself), which runs on the same SQLite connection: a
    write in the middle of its reads failed with "database table is locked"."""
    return _SERVING


@pytest.fixture
def _server_quiet_after_flush():
    yield
    _SERVING.release()


@pytest.fixture
def _django_db_helper(_server_quiet_after_flush, _django_db_helper):
    # pytest-django's fixture, wrapped: its teardown (the flush) runs between this
    # fixture's teardown, which waits for the request being served, and the one above.
    yield
    _SERVING.acquire()


CHROMIUM = Path(os.environ.get("LIEN_CHROMIUM", "/usr/lib/chromium/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    missing = not CHROMIUM.exists()
    if missing and os.environ.get("LIEN_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"LIEN_REQUIRE_BROWSER=1 but there is no Chromium at {CHROMIUM}")
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            if missing:
                item.add_marker(
                    pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)")
                )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-FR", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def login(page, live_server):
    page.set_default_timeout(10_000)

    def _login(user, password="test-password-123"):
        # Leave the current page first: a request it still has in flight (a fragment
        # loading, a poll) would bring the former user's session cookie back after the
        # cookies are cleared, and the login page would then redirect to the home page.
        page.goto("about:blank")
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Identifiant").fill(user.username)
        page.get_by_label("Mot de passe").fill(password)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_url(f"{live_server.url}/")

    return _login


@pytest.fixture
def builtin_letters():
    """The built-in letter templates (a data migration): a transactional test run before
    on the same worker may have flushed them."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("lien.casefiles.migrations.0017_builtin_letter_templates")
    migration.add_templates(apps, None)
