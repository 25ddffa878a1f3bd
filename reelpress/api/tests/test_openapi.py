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


def test_every_operation_with_query_parameters_documents_the_422_it_answers(client, stored):
    schema = client.get("/api/openapi.json").json()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if any(p["in"] == "query" for p in operation.get("parameters", [])):
                assert "422" in operation["responses"], (method, path)

    answer = client.get("/api/reviews?year=AAA")
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["query", "year"]
