"""GET /api/search: the search app's search() as JSON, or a clear 503 while there is none."""

import pytest

from reelpress.api import search as api_search

pytestmark = pytest.mark.django_db


def test_it_finds_public_reviews_with_highlighted_snippets(client, stored):
    stored(slug="them")
    stored(slug="tarantula", title="Tarantula", year=1955, body="A giant spider.", blurb="Spider.")

    data = client.get("/api/search?q=ants").json()

    assert [hit["slug"] for hit in data["hits"]] == ["them"]
    assert data["total"] == 1
    hit = data["hits"][0]
    assert hit["url"].startswith("http") and hit["url"].endswith("/reviews/them/")
    assert "<mark>" in hit["snippet_html"]


def test_drafts_are_never_found(client, stored):
    stored(slug="secret", title="Secret Ants", status="draft")

    assert client.get("/api/search?q=ants").json()["hits"] == []


def test_it_narrows_by_facet(client, stored):
    stored(slug="them")
    stored(slug="them-dvd", disc_format="DVD", street_date="2002-08-06")

    data = client.get("/api/search?q=them&format=dvd").json()

    assert [hit["slug"] for hit in data["hits"]] == ["them-dvd"]


def test_hostile_queries_answer_200(client, stored):
    stored(slug="them")

    for q in ('"', "AND OR NOT", "*", "title:", "-", "NEAR(", "'; drop table"):
        assert client.get("/api/search", {"q": q}).status_code == 200, q


def test_without_a_search_function_it_answers_503_saying_why(client, monkeypatch):
    monkeypatch.setattr(api_search, "_search_function", lambda: None)

    response = client.get("/api/search?q=ants")

    assert response.status_code == 503
    assert "search()" in response.json()["detail"]
