"""The API tested by a tool nobody here wrote: Schemathesis generates requests from the live
OpenAPI schema (valid and invalid ones, a bounded number per endpoint and mode) against the
Django app with the demo data, and runs all its checks: no 500, every response matches its
documented schema, content type, headers and status code, invalid input is rejected and valid
input accepted.

(Hypothesis drives each operation's strategy directly: schemathesis' pytest plugin does not yet
work with pytest 9.)
"""

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.generation.modes import GenerationMode

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 30
ALL_CHECKS = list(schemathesis.checks.CHECKS.get_all())


@pytest.fixture
def api_schema(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    call_command("load_demo", "--i-know-this-is-not-production")
    # As Django's test client does: the test's transaction must outlive each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _operations(schema) -> list:
    return [result.ok() for result in schema.get_all_operations()]


def test_api_schema_lists_every_endpoint(api_schema):
    paths = sorted({operation.path for operation in _operations(api_schema)})

    assert paths == [
        "/api/v1/editions",
        "/api/v1/editions/{year}",
        "/api/v1/editions/{year}/items",
        "/api/v1/editions/{year}/stages",
        "/api/v1/editions/{year}/vendors",
        "/api/v1/editions/{year}/vendors/{vendor_id}",
        "/api/v1/exhibits",
        "/api/v1/exhibits/{object_number}",
        "/api/v1/items/{item_id}",
    ]
    assert {operation.method.upper() for operation in _operations(api_schema)} == {"GET"}


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_conforms_to_its_schema(api_schema, mode):
    for operation in _operations(api_schema):

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate(checks=ALL_CHECKS)

        check()
