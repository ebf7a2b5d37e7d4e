"""The logs never carry personal data: a search for a name, a form refused with a name
in it and an unknown address with a name in it leave no trace of the name."""

import io
import json
import logging

import pytest

from lien.accounts.roles import Role
from lien.monitoring.logs import JsonFormatter

pytestmark = pytest.mark.django_db

NAME = "Zorglubinska"
FIRST_NAME = "Philomène"


@pytest.fixture
def log_lines():
    """Every record of every logger, at DEBUG, as Lien's handler would write it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    quieted = {name: logging.getLogger(name).level for name in ("django", "lien")}
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    for name in quieted:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)
        for name, level in quieted.items():
            logging.getLogger(name).setLevel(level)


def test_search_and_refused_form_leave_no_name_in_the_logs(client, world, log_lines):
    secretary = world.users[Role.SECRETARY]
    client.force_login(secretary)
    assert client.get("/persons/search/", {"q": NAME}).status_code == 200
    assert (
        client.get("/persons/search/", {"q": FIRST_NAME}, HTTP_HX_REQUEST="true").status_code == 200
    )
    refused = client.post(
        f"/households/new/?office={world.office.pk}",
        {"birth_name": NAME, "first_names": FIRST_NAME, "postal_code": "9Q3Z"},
    )
    assert refused.status_code == 200  # shown again with its errors, nothing saved
    assert client.get(f"/persons/{NAME}/").status_code == 404

    lines = log_lines()
    assert len(lines) >= 4  # one line per request at least
    text = json.dumps(lines, ensure_ascii=False)
    for word in (NAME, FIRST_NAME, "9Q3Z", "q="):
        assert word not in text, word
    for line in lines:
        assert {"time", "level", "logger", "message", "request_id", "user_id", "route"} <= set(line)
    served = [line for line in lines if line["logger"] == "lien.requests"]
    assert [line["route"] for line in served] == [
        "persons/search/",
        "persons/search/",
        "households/new/",
        "-",
    ]
    assert all(line["user_id"] == secretary.pk for line in served)
    assert all(len(line["request_id"]) == 32 for line in served)
    not_found = [line for line in lines if line["logger"] == "django.request"]
    assert not_found and not_found[0]["message"] == "Not Found: -"


def test_an_error_is_logged_with_its_type_and_frames_not_its_message():
    try:
        raise ValueError(f"duplicate key (birth_name)=({NAME})")
    except ValueError:
        record = logging.LogRecord(
            "lien.test", logging.ERROR, __file__, 1, "failed", None, exc_info=True
        )
        import sys

        record.exc_info = sys.exc_info()
    line = json.loads(JsonFormatter().format(record))
    assert line["exception"]["type"] == "builtins.ValueError"
    assert line["exception"]["frames"]
    assert NAME not in json.dumps(line)


def test_sql_parameters_are_never_logged(settings):
    assert logging.getLogger("django.db.backends").getEffectiveLevel() > logging.DEBUG
