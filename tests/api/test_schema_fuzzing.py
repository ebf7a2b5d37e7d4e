"""schemathesis against /api/schema/, in the normal suite (so in CI): every operation,
called with a token that opens every family, answers no server error and nothing the
schema does not describe (status, content type, headers, body). Driven by hypothesis
directly (schemathesis' pytest plugin does not run under pytest 9)."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis import checks

from lien.accounts.api_tokens.models import ApiScope

from ..accounts.permission_matrix.test_api import _exported_batch
from .tokens import bearer, issue

EXAMPLES_PER_OPERATION = 20
# Schema-valid input a rule of Lien refuses (a username already taken, an office code
# that is no office's) is a 400 with its French sentence, not a fault: the check that
# every schema-valid request succeeds is left out. Every other default check runs.
NOT_CHECKED = [checks.positive_data_acceptance]


def _aimed_at_the_world(case, world) -> None:
    """Random codes and names almost never exist, so half the cases name the world's
    office, a real grid and year, a real agent and a batch of payment orders awaiting its
    return: the answered path is fuzzed too."""
    if case.query and "office" in case.query:
        case.query["office"] = world.office.code
    if isinstance(case.body, dict) and "office" in case.body:
        case.body["office"] = world.office.code
    if case.path_parameters:
        for name, value in (
            ("grid", "activity"),
            ("year", timezone.localdate().year),
            ("username", world.nobody.username),
            ("pk", _exported_batch(world)[0].pk),
        ):
            if name in case.path_parameters:
                case.path_parameters[name] = value


@pytest.fixture
def connection_kept_between_requests():
    """As Django's test client does: the test's transaction holds the connection, which
    the end of a request must not close (schemathesis calls the WSGI application itself)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_api_conforms_to_its_schema(world, settings, connection_kept_between_requests):
    settings.LIEN_API_RATE = "100000/minute"
    settings.LIEN_API_FAILED_TOKEN_RATE = "100000/minute"
    secret, _token = issue(world, ApiScope.values, [world.office])
    headers = {"Authorization": bearer(secret)["HTTP_AUTHORIZATION"]}
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10

    for operation in operations:

        @given(case=operation.as_strategy(), aimed=st.booleans())
        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def conforms(case, aimed):
            if aimed:
                _aimed_at_the_world(case, world)
            case.call_and_validate(headers=headers, excluded_checks=NOT_CHECKED)

        conforms()
