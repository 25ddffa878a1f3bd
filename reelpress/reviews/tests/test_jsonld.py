"""Review pages carry schema.org JSON-LD (a Review of a Movie), Open Graph tags and a canonical link."""

import json

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from reelpress.reviews.jsonld import five_point, iso_duration

pytestmark = pytest.mark.django_db


def jsonld_of(client, review):
    response = client.get(review.get_absolute_url())
    assert response.status_code == 200
    tree = HTMLParser(response.content.decode())
    scripts = tree.css('script[type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].text()), tree


def test_the_review_page_describes_a_review_of_a_movie(client, stored, settings):
    review = stored(slug="them", runtime_minutes=94, alternate_titles=["Formicula"])
    data, _ = jsonld_of(client, review)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Review"
    assert data["url"] == "http://testserver/reviews/them/"
    movie = data["itemReviewed"]
    assert movie["@type"] == "Movie"
    assert movie["name"] == "Them!"
    assert movie["alternateName"] == ["Formicula"]
    assert movie["dateCreated"] == "1954"
    assert movie["duration"] == "PT94M"
    assert movie["director"] == [
        {"@type": "Person", "name": "Gordon Douglas", "url": "http://testserver/people/gordon-douglas/"}
    ]
    assert [a["name"] for a in movie["actor"]] == [
        "James Whitmore",
        "Edmund Gwenn",
        "Joan Weldon",
        "James Arness",
    ]
    assert all(a["@type"] == "Person" for a in movie["actor"])
    assert data["author"]["@type"] == "Person" and data["author"]["name"] == "Ada Critic"
    assert data["datePublished"].startswith("2026-01-10T12:00:00")
    assert data["description"] == review.blurb
    assert data["publisher"]["@type"] == "Organization"
    assert data["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 5.0,
        "bestRating": 5,
        "worstRating": 0,
        "name": "Excellent",
    }


def test_a_review_without_a_numeric_movie_rating_has_no_review_rating(client, stored):
    review = stored(slug="odd", ratings={"Movie": "Sui generis", "Video": "Excellent"})
    data, _ = jsonld_of(client, review)
    assert "reviewRating" not in data


def test_text_in_the_json_ld_cannot_close_the_script_element(client, stored):
    review = stored(slug="evil", headline="</script><script>alert(1)</script>", blurb="a & b <!-- c")
    response = client.get(review.get_absolute_url())
    body = response.content.decode()
    start = body.index('<script type="application/ld+json">')
    script = body[start : body.index("</script>", start)]
    assert "<script>alert" not in script and "<!--" not in script
    data = json.loads(script.split(">", 1)[1])
    assert data["name"] == "</script><script>alert(1)</script>"
    assert data["description"] == "a & b <!-- c"


def test_the_review_page_carries_open_graph_tags_and_a_canonical_link(client, stored, settings):
    review = stored(slug="them")
    _, tree = jsonld_of(client, review)
    og = {m.attributes["property"]: m.attributes["content"] for m in tree.css("meta[property]")}
    assert og["og:title"] == "Them!"
    assert og["og:type"] == "article"
    assert og["og:url"] == "http://testserver/reviews/them/"
    assert og["og:description"] == review.blurb
    assert og["og:site_name"] == settings.SITE_NAME
    assert tree.css_first('link[rel="canonical"]').attributes["href"] == "http://testserver/reviews/them/"
    feeds = {link.attributes["type"] for link in tree.css('link[rel="alternate"]')}
    assert {"application/rss+xml", "application/atom+xml"} <= feeds


def test_scores_map_to_a_five_point_scale_and_minutes_to_iso_durations():
    assert five_point(95) == 5.0
    assert five_point(80) == 4.0
    assert five_point(45) == 2.5
    assert five_point(None) is None
    assert iso_duration(137) == "PT137M"
    assert iso_duration(None) is None


def test_without_a_blurb_the_description_is_an_excerpt_of_the_body(client, stored):
    review = stored(slug="no-blurb", blurb="", body="A *tight* monster picture. " * 40)
    data, tree = jsonld_of(client, review)
    assert data["description"].startswith("A tight monster picture.")
    assert len(data["description"]) <= 300
    og = {m.attributes["property"]: m.attributes["content"] for m in tree.css("meta[property]")}
    assert og["og:description"] == data["description"]


def test_the_body_excerpt_follows_an_edit_of_the_body(client, stored, settings):
    """The excerpt is kept by a hash of the body (lib.markdown.summary_cached): an edited body
    gives a new excerpt at once, even with the page cache off and the old one still stored."""
    from reelpress.reviews.models import Review

    settings.PAGE_CACHE = False
    review = stored(slug="no-blurb", blurb="", body="First *words* of the piece. " * 30)
    first, _ = jsonld_of(client, review)
    Review.objects.filter(pk=review.pk).update(body="Other **words** entirely. " * 30)
    second, _ = jsonld_of(client, Review.objects.get(pk=review.pk))
    assert first["description"].startswith("First words of the piece.")
    assert second["description"].startswith("Other words entirely.")
