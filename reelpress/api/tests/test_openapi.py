"""The OpenAPI document: served at /api/openapi.json, parseable, listing every endpoint."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_openapi_document_lists_the_endpoints(client):
    schema = client.get("/api/openapi.json").json()

    assert schema["openapi"].startswith("3.")
    assert {
        "/api/reviews",
        "/api/reviews/{slug}",
        "/api/films/{slug}",
        "/api/people/{slug}",
        "/api/labels/{slug}",
        "/api/search",
    } <= set(schema["paths"])
    post = schema["paths"]["/api/reviews"]["post"]
    body_schema = post["requestBody"]["content"]["application/json"]["schema"]
    assert {"title", "year", "reviewer", "ratings"} <= set(body_schema["properties"])
    assert post["security"]


def test_the_schema_never_mentions_email(client):
    assert "email" not in client.get("/api/openapi.json").content.decode().lower()


def test_the_docs_page_needs_no_cdn(client):
    html = client.get("/api/docs").content.decode()
    assert "cdn" not in html.lower() and "https://" not in html
