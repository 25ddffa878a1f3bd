"""GET /api/films|people|labels/{slug}: the catalogue as readers see it."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_film_carries_its_credits_editions_and_public_reviews(client, stored):
    whitmore_plays = {"James Whitmore": "Sgt. Ben Peterson"}
    review = stored(slug="them", characters=whitmore_plays)
    stored(slug="them-draft", status="draft", disc_format="DVD", characters=whitmore_plays)

    data = client.get(f"/api/films/{review.film.slug}").json()

    assert (data["title"], data["year"], data["aspect_ratio"]) == ("Them!", 1954, "1.37:1")
    directors = [c["person"]["name"] for c in data["credits"] if c["role"] == "director"]
    assert directors == ["Gordon Douglas"]
    whitmore = next(c for c in data["credits"] if c["person"]["name"] == "James Whitmore")
    assert whitmore["character"] == "Sgt. Ben Peterson"
    assert whitmore["person"]["url"].endswith("/people/james-whitmore/")
    assert [r["format"] for r in data["releases"]] == ["Blu-ray"]
    assert [r["slug"] for r in data["reviews"]] == ["them"]


def test_a_person_lists_their_films_and_roles(client, stored):
    stored(slug="them")
    stored(slug="tarantula", title="Tarantula", year=1955, cast=["John Agar"], directors=["Jack Arnold"])
    stored(slug="gunsmoke", title="Gunsmoke", year=1953, cast=["Audie Murphy"], directors=["Gordon Douglas"])

    data = client.get("/api/people/gordon-douglas").json()

    assert data["name"] == "Gordon Douglas"
    assert [f["title"] for f in data["films"]] == ["Gunsmoke", "Them!"]
    assert {(r["role"], r["film"]["title"]) for r in data["roles"]} == {
        ("director", "Gunsmoke"),
        ("director", "Them!"),
    }


def test_a_label_lists_its_reviewed_editions(client, stored):
    review = stored(slug="them")

    data = client.get(f"/api/labels/{review.release.label.slug}").json()

    assert data["name"] == "Warner Archive Collection"
    assert [(r["film"]["title"], r["format"], r["street_date"]) for r in data["releases"]] == [
        ("Them!", "Blu-ray", "2014-06-17")
    ]


def test_what_only_unpublished_reviews_brought_in_is_not_found(client, stored, future):
    review = stored(
        slug="secret", title="Secret Film", directors=["Nobody Known"], label="Hidden Label", status="draft"
    )
    stored(
        slug="soon", title="Soon Film", directors=["Later Person"], status="scheduled", published_at=future
    )

    for url in (
        f"/api/films/{review.film.slug}",
        "/api/films/soon-film-1954",
        "/api/people/nobody-known",
        "/api/people/later-person",
        "/api/labels/hidden-label",
        "/api/films/no-such-film",
    ):
        assert client.get(url).status_code == 404, url
