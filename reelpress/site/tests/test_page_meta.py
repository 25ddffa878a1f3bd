"""Every public page type has one meta description of its own, and the site has a favicon."""

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from reelpress.reviews.models import Column, ColumnEntry

pytestmark = pytest.mark.django_db
DEFAULT = "film and home-video reviews"


@pytest.fixture
def site(stored):
    review = stored(slug="them")
    column = Column.objects.create(date="2026-01-11", title="Ants", slug="ants")
    ColumnEntry.objects.create(column=column, review=review)
    return review


def descriptions(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    tree = HTMLParser(response.content.decode())
    return [m.attributes["content"] for m in tree.css('meta[name="description"]')]


def test_every_public_page_has_exactly_one_description(client, site):
    urls = ["/", "/archive/", "/browse/", "/labels/", "/authors/", "/films/", "/people/", "/mail/", "/api/"]
    urls += ["/search/?q=them", "/archive/2026/", "/browse/format/blu-ray/", "/browse/verdict/"]
    for url in urls:
        found = descriptions(client, url)
        assert len(found) == 1 and found[0].strip(), (url, found)


@pytest.mark.parametrize(
    "url, words",
    [
        ("/reviews/them/", "Giant ants"),
        ("/films/them-1954/", "Them! (1954): 1 edition compared and 1 review"),
        ("/people/gordon-douglas/", "Gordon Douglas: director. 1 film from 1954"),
        ("/labels/warner-archive-collection/", "Warner Archive Collection: 1 edition"),
        ("/authors/ada-critic/", "Reviews by Ada Critic"),
        ("/columns/ants/", "Ants: the ReelPress column of 11 January 2026"),
    ],
)
def test_pages_of_one_thing_describe_that_thing(client, site, url, words):
    [found] = descriptions(client, url)
    assert words in found and DEFAULT not in found


def test_an_edition_page_describes_the_edition(client, site):
    [found] = descriptions(client, site.release.get_absolute_url())
    assert "Them! (1954) on Blu-ray from Warner Archive Collection, 17 June 2014" in found


def test_the_site_has_a_favicon(client, site):
    tree = HTMLParser(client.get("/").content.decode())
    icon = tree.css_first('link[rel="icon"]').attributes["href"]
    assert client.get(icon).status_code == 200
    assert client.get("/favicon.ico").status_code in (200, 301, 302)
