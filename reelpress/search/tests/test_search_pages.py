"""The /search/ page, the facet links, "did you mean", and the search-as-you-type JSON."""

from urllib.parse import parse_qs, urlsplit

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

pytestmark = pytest.mark.django_db


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return HTMLParser(response.content.decode())


def test_searching_an_actor_lists_the_review_with_a_marked_snippet_and_facets(client, catalogue):
    html = page(client, "/search/?q=Mironov")
    hits = html.css("li.search-hit")
    assert len(hits) == 1
    assert hits[0].css_first("a").attributes["href"] == catalogue["spacewalker"].get_absolute_url()
    assert "Spacewalker" in hits[0].css_first("h2").text()
    # The meta line is one flex item (a flex row drops the space before a bare <time>).
    meta = hits[0].css_first("p.meta")
    assert len(meta.css("p.meta > *")) == 1 and meta.css_first("p.meta > span > time") is not None
    assert " · Blu-ray" not in meta.text() and "· " + meta.css_first("time").text() in meta.text()
    facets = {s.attributes["data-facet"] for s in html.css("section.search-facet")}
    assert {"format", "label", "decade", "director", "verdict", "author"} <= facets
    assert html.css_first("#site-search").attributes.get("value") == "Mironov"


def test_a_body_match_is_shown_with_mark_in_the_snippet(client, catalogue):
    html = page(client, "/search/?q=airlock")
    assert html.css_first(".search-snippet mark").text() == "airlock"


def test_a_misspelled_title_gets_a_did_you_mean_link(client, catalogue):
    html = page(client, "/search/?q=spacewlaker")
    link = html.css_first(".search-didyoumean a")
    assert link.text() == "Spacewalker"
    assert parse_qs(urlsplit(link.attributes["href"]).query)["q"] == ["Spacewalker"]


def test_facet_links_add_and_remove_filters(client, catalogue):
    html = page(client, "/search/?q=blu-ray")
    label_links = {a.text(strip=True): a.attributes["href"] for a in html.css("section[data-facet=label] a")}
    narrowed = label_links["Capelight"]
    assert parse_qs(urlsplit(narrowed).query) == {"q": ["blu-ray"], "label": ["capelight"]}
    html = page(client, "/search/" + narrowed)
    assert len(html.css("li.search-hit")) == 1
    chip = html.css_first(".search-chosen a")
    assert parse_qs(urlsplit(chip.attributes["href"]).query) == {"q": ["blu-ray"]}
    selected = html.css_first("section[data-facet=label] li.is-selected a")
    assert parse_qs(urlsplit(selected.attributes["href"]).query) == {"q": ["blu-ray"]}


def test_a_facet_browse_page_lists_everything_in_it_without_words(client, catalogue):
    html = page(client, "/search/?format=dvd")
    assert [h.css_first("h2 a").text(strip=True) for h in html.css("li.search-hit")] == ["Them!"]
    html = page(client, "/search/?format=blu-ray&decade=1970")
    assert [h.css_first("h2 a").text(strip=True) for h in html.css("li.search-hit")] == ["Days of Heaven"]


def test_hostile_input_renders_a_friendly_page(client, catalogue):
    for query in ['"', "OR", "-", "\x00", "' OR 1=1 --", "a" * 10_000, "<script>alert(1)</script>"]:
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200
        assert b"<script>alert(1)" not in response.content
    assert client.get("/search/?q=x&page=abc&format=%00&decade=zz").status_code == 200


def test_suggest_returns_titles_and_people_as_json(client, catalogue):
    data = client.get("/search/suggest", {"q": "spa"}).json()
    assert data["suggestions"][0] == {
        "kind": "title",
        "label": "Spacewalker (2017)",
        "url": catalogue["spacewalker"].get_absolute_url(),
    }
    people = client.get("/search/suggest", {"q": "miro"}).json()["suggestions"]
    assert [p["label"] for p in people] == ["Evgeniy Mironov"]
    assert people[0]["kind"] == "person"
    assert (
        client.get("/search/suggest", {"q": "vremya"}).json()["suggestions"][0]["label"]
        == "Spacewalker (2017)"
    )


def test_suggest_gives_at_most_eight_and_nothing_for_one_letter(client, stored):
    for n in range(12):
        stored(title=f"Saturn {n}", headline=f"Saturn {n}", year=2000 + n, directors=[f"Person {n}"])
    assert len(client.get("/search/suggest", {"q": "sat"}).json()["suggestions"]) == 8
    assert client.get("/search/suggest", {"q": "s"}).json()["suggestions"] == []
    assert client.get("/search/suggest", {"q": '"\x00*'}).json()["suggestions"] == []


def test_suggest_never_offers_drafts_or_scheduled_reviews(client, stored, future):
    stored(title="Unseen Draft", headline="Unseen Draft", year=2020, status="draft", directors=["Una Seen"])
    stored(title="Unseen Later", headline="Unseen Later", year=2020, status="scheduled", published_at=future)
    assert client.get("/search/suggest", {"q": "unse"}).json()["suggestions"] == []


def test_the_header_loads_the_suggest_script(client, catalogue):
    html = page(client, "/search/?q=x")
    scripts = [s.attributes.get("src", "") for s in html.css("script")]
    assert any(src.endswith("search/suggest.js") for src in scripts)
    assert client.get("/static/search/suggest.js").status_code == 200
