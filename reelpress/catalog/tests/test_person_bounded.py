"""A person's page shows a bounded part of a long filmography; each role's full list is paginated."""

import pytest
from django.db.models.signals import post_init
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from reelpress.catalog import views
from reelpress.reviews.models import Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy(stored, settings, monkeypatch):
    """Busy Actor: cast in 7 films (1981-1987) and director of 2; the 1981 film has 4 reviews."""
    settings.PAGE_CACHE = False
    for n in range(7):
        stored(slug=f"busy-{n}", title=f"Busy {n}", year=1981 + n, cast=["Busy Actor"], characters={})
    for n in range(3):
        stored(slug=f"busy-0-again-{n}", title="Busy 0", year=1981, cast=["Busy Actor"], reviewer=f"C{n}")
    for n in range(2):
        stored(slug=f"made-{n}", title=f"Made {n}", year=1990 + n, directors=["Busy Actor"], cast=["Someone"])
    monkeypatch.setattr(views, "FILMS_PER_ROLE", 3)
    monkeypatch.setattr(views, "ROLE_PAGE_SIZE", 2)
    monkeypatch.setattr(views, "REVIEWS_PER_FILM", 2)


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return HTMLParser(response.content.decode())


def sections(page):
    """{role heading: [film titles]} of a person page."""
    found = {}
    for section in page.css("section.role-group"):
        heading = section.css_first("h2").text(separator=" ", strip=True)
        found[heading] = [h.text(strip=True) for h in section.css(".filmography__film h3 a")]
    return found


def test_a_person_page_shows_the_first_films_of_each_role_with_every_role_counted(client, busy):
    page = html(client, "/people/busy-actor/")
    assert sections(page) == {
        "Director 2 films": ["Made 0", "Made 1"],
        "Cast 7 films": ["Busy 0", "Busy 1", "Busy 2"],
    }
    assert "9 films" in page.css_first(".page-header .meta").text()
    assert "1981–1991" in page.css_first(".page-header .meta").text()
    # Only the role with more films than the page shows links to its own pages.
    links = [a.attributes["href"] for a in page.css(".filmography__all a")]
    assert links == ["/people/busy-actor/cast/"]
    assert [a.text() for a in page.css(".role-jump .count")] == ["2", "7"]


def test_a_film_shows_a_few_reviews_and_links_to_the_rest_on_its_page(client, busy):
    page = html(client, "/people/busy-actor/")
    first = page.css("section#role-cast .filmography__film")[0]
    reviews = first.css(".filmography__reviews li")
    assert len(reviews) == 3  # two reviews, then the link to all four
    assert reviews[-1].css_first("a").attributes["href"] == "/films/busy-0-1981/#reviews-heading"
    second = page.css("section#role-cast .filmography__film")[1]
    assert [li.text(strip=True) for li in second.css(".filmography__reviews li")] != []
    assert second.css_first(".filmography__more") is None


def test_a_role_page_lists_every_film_of_the_role_a_page_at_a_time(client, busy):
    titles = []
    for number in (1, 2, 3, 4):
        page = html(client, f"/people/busy-actor/cast/?page={number}")
        titles += [h.text(strip=True) for h in page.css(".filmography__film h3 a")]
        assert page.css_first(".kicker a").attributes["href"] == "/people/busy-actor/"
    assert titles == [f"Busy {n}" for n in range(7)]
    last = html(client, "/people/busy-actor/cast/?page=4")
    assert last.css_first('a[rel="prev"]').attributes["href"] == "?page=3"
    assert last.css_first('a[rel="next"]') is None
    assert last.css_first("ol.filmography").attributes["start"] == "7"
    # The other roles are a link away; the page's own is marked current.
    nav = {a.text(strip=True): a.attributes["href"] for a in last.css(".role-jump a")}
    assert nav == {"All roles": "/people/busy-actor/", "Director": "/people/busy-actor/director/"}
    assert last.css_first('.role-jump [aria-current="page"]').text() == "Cast"


def test_a_role_the_person_never_had_is_not_found(client, busy):
    assert client.get("/people/busy-actor/cinematography/").status_code == 404
    assert client.get("/people/nobody/cast/").status_code == 404


def test_an_ordinary_person_page_shows_every_film_and_review_as_before(client, stored, settings):
    settings.PAGE_CACHE = False
    stored(slug="them-br")
    stored(slug="them-dvd", disc_format="DVD", reviewer="Ben Critic", headline="Them! on DVD")
    page = html(client, "/people/gordon-douglas/")
    assert sections(page) == {"Director 1 film": ["Them!"]}
    reviews = [a.text() for a in page.css(".filmography__reviews li a")]
    assert sorted(reviews) == ["Them!", "Them! on DVD"]
    assert page.css_first(".filmography__all") is None


def test_a_person_page_reads_a_bounded_number_of_reviews(client, busy, stored):
    """The old page read every review of every film; now at most (per film shown) 3."""
    for n in range(6):
        stored(slug=f"busy-5-again-{n}", title="Busy 5", year=1986, cast=["Busy Actor"], reviewer=f"C {n}")
    read = []

    def count(sender, instance, **kwargs):
        read.append(instance)

    post_init.connect(count, sender=Review)
    try:
        client.get("/people/busy-actor/")
    finally:
        post_init.disconnect(count, sender=Review)
    # 3 cast films and 2 directed ones, at most REVIEWS_PER_FILM + 1 each; Busy 5's are not read.
    assert Review.objects.count() == 18
    assert len(read) <= 5 * 3
    assert not any(review.film.title == "Busy 5" for review in read)


def test_a_person_page_checks_the_persons_credits_not_every_public_film(client, busy):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for url in ("/people/busy-actor/", "/people/busy-actor/cast/?page=2"):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        credit_queries = [q["sql"] for q in ctx.captured_queries if "catalog_credit" in q["sql"]]
        assert credit_queries
        # "film IN (every public film)" lists the archive's films before looking at one credit.
        assert not [sql for sql in credit_queries if '"film_id" IN (SELECT' in sql], credit_queries
