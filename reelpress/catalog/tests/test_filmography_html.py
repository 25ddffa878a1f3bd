"""The filmography lines a person page prints (templatetags/filmography.py writes them as a string):
the markup readers and the stylesheet rely on, escaped, through the real views."""

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from reelpress.catalog import views
from reelpress.catalog.filmography import Line, ReviewLine
from reelpress.catalog.templatetags.filmography import filmography

pytestmark = pytest.mark.django_db

HOSTILE = '<b>"Tom & Jerry\'s"</b>'


@pytest.fixture
def cast(stored, settings, monkeypatch):
    """An actor in three films: one with three reviews (one more than the page lists), one whose
    title, character, label, headline and verdict hold markup, one with no year."""
    settings.PAGE_CACHE = False
    monkeypatch.setattr(views, "REVIEWS_PER_FILM", 2)
    for n in range(3):
        stored(
            slug=f"plain-{n}",
            title="Plain Film",
            year=1960,
            cast=["Pat Player"],
            headline=f"Plain review {n}",
            reviewer=f"Critic {n}",
            published_at=f"2026-01-1{n}T12:00:00+00:00",
        )
    stored(
        slug="hostile",
        title=HOSTILE,
        year=1970,
        cast=["Pat Player"],
        characters={"Pat Player": HOSTILE},
        label=HOSTILE,
        headline=HOSTILE,
        verdict=HOSTILE,
    )
    stored(slug="yearless", title="No Year Known", year=None, cast=["Pat Player"], disc_format="", verdict="")


def test_each_film_is_a_line_with_its_latest_reviews_and_a_link_to_the_rest(client, cast):
    response = client.get("/people/pat-player/")
    assert response.status_code == 200
    page = HTMLParser(response.content.decode())
    films = page.css("section#role-cast ol.filmography > li.filmography__film")
    # Oldest first (a film with no year before the rest, as the role pages' index orders them).
    assert [f.css_first("h3 a").text() for f in films] == ["No Year Known", "Plain Film", HOSTILE]
    yearless, plain, hostile = films
    assert plain.css_first("h3 a").attributes["href"] == "/films/plain-film-1960/"
    assert plain.css_first("h3 .muted").text() == "(1960)"
    # The two newest of its three reviews, then the way to every review on the film's page.
    lines = plain.css(".filmography__reviews li")
    assert [li.css_first("a").text() for li in lines[:2]] == ["Plain review 2", "Plain review 1"]
    assert lines[0].css_first("a").attributes["href"] == "/reviews/plain-2/"
    assert lines[0].css_first(".muted").text() == "Blu-ray, Warner Archive Collection"
    assert lines[0].css_first(".verdict-tag").text() == "Highly Recommended"
    assert lines[2].attributes["class"] == "filmography__more"
    assert lines[2].css_first("a").attributes["href"] == "/films/plain-film-1960/#reviews-heading"
    assert lines[2].text() == "Every review of Plain Film"
    # Markup in any field is text, never markup.
    assert hostile.css_first("h3 a").text() == HOSTILE
    assert hostile.css_first(".character").text() == f"as {HOSTILE}"
    assert hostile.css_first(".filmography__reviews a").text() == HOSTILE
    assert hostile.css_first(".filmography__reviews .muted").text() == f"Blu-ray, {HOSTILE}"
    assert hostile.css_first(".verdict-tag").text() == HOSTILE
    assert not page.css("section#role-cast b")
    assert yearless.css_first("h3 .muted") is None
    assert yearless.css_first(".filmography__reviews .muted") is None
    assert yearless.css_first(".verdict-tag") is None


def test_a_role_page_numbers_its_list_from_where_the_page_starts(client, cast, monkeypatch):
    monkeypatch.setattr(views, "ROLE_PAGE_SIZE", 2)
    page = HTMLParser(client.get("/people/pat-player/cast/?page=2").content.decode())
    ol = page.css_first("ol.filmography")
    assert ol.attributes["start"] == "3"
    assert [h.text() for h in ol.css("h3 a")] == [HOSTILE]
    first = HTMLParser(client.get("/people/pat-player/cast/").content.decode()).css_first("ol.filmography")
    assert "start" not in first.attributes


def test_the_tag_escapes_what_it_is_given():
    line = Line(1, '/films/x/?a=1&b="2"', "<i>T</i>", None, "", [ReviewLine("/r/", "&", None, None, "")])
    html = filmography([line])
    assert 'href="/films/x/?a=1&amp;b=&quot;2&quot;"' in html
    assert "&lt;i&gt;T&lt;/i&gt;" in html
    assert '<a href="/r/">&amp;</a></li>' in html
    assert filmography([]) == '<ol class="filmography">\n</ol>'
