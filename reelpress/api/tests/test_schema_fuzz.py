"""The API fuzzed from its own OpenAPI document (schemathesis): no 5xx, answers as documented.

Every operation the document lists is called with generated parameters and bodies, writes with
an editor's bearer token, on a database seeded with reviews (so slugs and filters hit real rows).
Each answer must be a documented status, match its schema and never be a 5xx. Examples are
bounded and derandomized, so a run is repeatable and quick; the test follows the document, so a
new endpoint or parameter is fuzzed without changing it.
"""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from reelpress.api.urls import api

pytestmark = pytest.mark.django_db

# The document the API builds (the one /api/openapi.json serves: checked below), called through
# the site itself (WSGI, no server). It is not fetched over WSGI here: at collection time the
# database is closed to tests, and the site's page cache reads it on every anonymous GET.
DOCUMENT = json.loads(json.dumps(api.get_openapi_schema()))
schema = schemathesis.openapi.from_dict(DOCUMENT)
schema.app = get_wsgi_application()
schema.location = "/api/openapi.json"

SEEDED = [
    {"title": "Them!", "year": 1954, "slug": "them", "label": "Warner Archive Collection"},
    {"title": "Tarantula", "year": 1955, "slug": "tarantula", "label": "Kino Lorber", "disc_format": "DVD"},
    {"title": "The Killing", "year": 1956, "slug": "the-killing", "verdict": "Highly Recommended"},
]


@pytest.fixture
def same_connection():
    # Django's test client keeps the test's database connection across requests; a bare WSGI
    # call would close it at the end of each request (on PostgreSQL, mid-transaction).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(same_connection, stored, editor, token_for):
    for fields in SEEDED:
        stored(**fields)
    return {"Authorization": f"Bearer {token_for(editor)}"}


@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_documented_and_never_5xx(case, seeded):
    # A record can be well-typed and still not storable (an empty title, a year 3000, a name made
    # of invisible characters): the document says so with its 422, so "schema-valid means
    # accepted" is not a promise this API makes. Every other check runs.
    case.call_and_validate(headers=seeded, excluded_checks=[positive_data_acceptance])


def test_the_fuzzed_document_is_the_one_the_site_serves(client):
    # Guards the test above against fuzzing an empty or stale document.
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.json() == DOCUMENT
    served = {(path, method) for path, item in DOCUMENT["paths"].items() for method in item}
    fuzzed = {(op.ok().path, op.ok().method) for op in schema.get_all_operations()}
    assert served and fuzzed == served
