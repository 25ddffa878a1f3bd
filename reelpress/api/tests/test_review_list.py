"""GET /api/reviews: public reviews only, newest first, compact, filtered and paginated."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_lists_public_reviews_newest_first_as_compact_summaries(client, stored):
    stored(slug="older", published_at="2025-05-01T12:00:00+00:00")
    stored(slug="newer", title="Tarantula", year=1955, published_at="2026-02-01T12:00:00+00:00")

    data = client.get("/api/reviews").json()

    assert data["count"] == 2
    assert [item["slug"] for item in data["items"]] == ["newer", "older"]
    first = data["items"][0]
    assert set(first) == {
        "slug", "headline", "film", "format", "label", "verdict", "author", "published_at", "url",
    }  # fmt: skip
    assert first["film"]["title"] == "Tarantula"
    assert first["film"]["year"] == 1955
    assert first["format"] == "Blu-ray"
    assert first["label"] == "Warner Archive Collection"
    assert first["verdict"] == "Highly Recommended"
    assert first["author"] == "Ada Critic"
    assert first["url"].endswith("/reviews/newer/")
    assert first["published_at"].startswith("2026-02-01T12:00:00")


def test_it_hides_drafts_and_scheduled_reviews(client, stored, future):
    stored(slug="out-now")
    stored(slug="draft", title="Draft Film", status="draft")
    stored(slug="scheduled", title="Later Film", status="scheduled", published_at=future)

    data = client.get("/api/reviews").json()

    assert [item["slug"] for item in data["items"]] == ["out-now"]
    assert data["count"] == 1


def test_it_filters_by_author_format_verdict_and_year(client, stored):
    stored(slug="them")
    stored(slug="tarantula", title="Tarantula", year=1955, disc_format="DVD", reviewer="Bo Writer")
    stored(slug="blob", title="The Blob", year=1958, verdict="Recommended")

    def slugs(query):
        return [item["slug"] for item in client.get(f"/api/reviews?{query}").json()["items"]]

    assert slugs("author=bo-writer") == ["tarantula"]
    assert slugs("format=dvd") == ["tarantula"]
    assert sorted(slugs("format=Blu-ray")) == ["blob", "them"]
    assert slugs("verdict=recommended") == ["blob"]
    assert slugs("year=1954") == ["them"]
    assert slugs("label=warner-archive-collection&year=1958") == ["blob"]


def test_it_pages_through_reviews_and_caps_the_limit(client, stored):
    for n in range(5):
        stored(slug=f"review-{n}", title=f"Film {n}", published_at=f"2026-01-0{n + 1}T12:00:00+00:00")

    page2 = client.get("/api/reviews?page=2&limit=2").json()

    assert [item["slug"] for item in page2["items"]] == ["review-2", "review-1"]
    assert (page2["count"], page2["page"], page2["limit"], page2["pages"]) == (5, 2, 2, 3)
    assert client.get("/api/reviews?page=9&limit=2").json()["items"] == []
    assert client.get("/api/reviews?limit=101").status_code == 422
    assert client.get("/api/reviews?page=0").status_code == 422


def test_listing_takes_the_same_few_queries_however_many_reviews(
    client, stored, django_assert_max_num_queries
):
    for n in range(12):
        stored(slug=f"review-{n}", title=f"Film {n}", reviewer=f"Critic {n}", label=f"Label {n}")

    with django_assert_max_num_queries(3):
        data = client.get("/api/reviews?limit=100").json()

    assert len(data["items"]) == 12


def test_a_cursor_walks_every_review_once_newest_first(client, stored):
    for n in range(7):
        stored(slug=f"review-{n}", title=f"Film {n}", published_at=f"2026-01-0{n + 1}T12:00:00+00:00")
    # Two reviews at the same moment: the id breaks the tie.
    stored(slug="review-tie", title="Film tie", published_at="2026-01-04T12:00:00+00:00")

    seen, data = [], client.get("/api/reviews?limit=3").json()
    assert data["page"] == 1 and data["count"] == 8
    while True:
        seen += [item["slug"] for item in data["items"]]
        if not data["next"]:
            break
        data = client.get("/api/reviews", {"limit": 3, "after": data["next"]}).json()
        assert data["page"] is None and data["count"] == 8
    assert seen == [item["slug"] for item in client.get("/api/reviews?limit=100").json()["items"]]
    assert len(seen) == len(set(seen)) == 8


def test_a_cursor_that_this_api_did_not_give_is_refused_by_name(client, stored):
    stored(slug="one")
    for bad in ("nonsense", "2026-13-45~3", "~", "x~y"):
        response = client.get("/api/reviews", {"after": bad})
        assert response.status_code == 422
        # The shape of every bad query parameter's 422 (the one the operation documents).
        [issue] = response.json()["detail"]
        assert issue["loc"] == ["query", "after"] and "cursor" in issue["msg"]
