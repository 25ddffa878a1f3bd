"""Every list of reviews or editions shows each item's cover, fetched for the whole list at once:
a page of eight covered reviews costs the same queries as a page of one."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reelpress.images.tests.shown import cover, page
from reelpress.reviews.models import Column, ColumnEntry

pytestmark = pytest.mark.django_db

# (url, CSS selector of one item's cover)
LISTS = {
    "home (no column yet)": ("/", ".review-item .review-item__cover img"),
    "column": ("/columns/now/", ".review-item .review-item__cover img"),
    "archive year": ("/archive/2026/", ".archive-list .archive-list__thumb img"),
    "author": ("/authors/ada-critic/", ".review-item .review-item__cover img"),
    "browse format": ("/browse/format/blu-ray/", ".review-item .review-item__cover img"),
    "browse decade": ("/browse/decade/1950s/", ".review-item .review-item__cover img"),
    "browse verdict": ("/browse/verdict/highly-recommended/", ".review-item .review-item__cover img"),
    "tag": ("/tags/creature/", ".review-item .review-item__cover img"),
    "search results": ("/search/?q=ants", ".search-hit .review-item__cover img"),
    "label": ("/labels/warner-archive-collection/", ".edition-list .edition-list__thumb img"),
    "feed": ("/feeds/reviews.rss", None),
}


def covered(stored, n, column=None):
    """A review of film n with a cover on its edition (and in the column, when given)."""
    review = stored(
        slug=f"film-{n}",
        title=f"Film {n}",
        year=1950 + n,
        headline=f"Film {n}",
        blurb="Giant ants.",
        body="Giant ants in the desert.",
        tags=["creature"],
    )
    cover(review.release, alt=f"Front cover of Film {n}")
    if column is not None:
        ColumnEntry.objects.create(column=column, review=review, order=n)
    return review


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return sum(1 for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"])


@pytest.mark.parametrize("name", list(LISTS))
def test_a_list_shows_every_cover_in_a_fixed_number_of_queries(client, stored, name):
    url, selector = LISTS[name]
    column = None
    if name == "column":
        column = Column.objects.create(date=dt.date(2026, 1, 10), title="Now", slug="now")
    covered(stored, 0, column)
    one = queries(client, url)
    for n in range(1, 8):
        covered(stored, n, column)
    assert queries(client, url) == one, f"{name}: a query per row"
    if selector is None:
        return
    tree = page(client, url)
    found = tree.css(selector)
    assert sorted(img.attributes["alt"] for img in found) == [f"Front cover of Film {n}" for n in range(8)]
    for img in found:
        assert img.attributes["loading"] == "lazy"
        assert int(img.attributes["width"]) == 1000 and int(img.attributes["height"]) == 1500


def test_the_home_page_with_a_column_shows_covers_of_its_reviews_and_the_latest(client, stored):
    column = Column.objects.create(date=dt.date(2026, 1, 10), title="Now", slug="now")
    covered(stored, 0, column)
    covered(stored, 1)  # published, not in the column: "Latest reviews"
    one = queries(client, "/")
    for n in range(2, 6):
        covered(stored, n, column if n % 2 else None)
    assert queries(client, "/") == one
    tree = page(client, "/")
    column_alts = [i.attributes["alt"] for i in tree.css(".column .review-item__cover img")]
    latest_alts = [i.attributes["alt"] for i in tree.css(".latest-reviews .review-item__cover img")]
    assert sorted(column_alts) == ["Front cover of Film 0", "Front cover of Film 3", "Front cover of Film 5"]
    assert sorted(latest_alts) == ["Front cover of Film 1", "Front cover of Film 2", "Front cover of Film 4"]


@pytest.mark.parametrize("name", [n for n in LISTS if LISTS[n][1]])
def test_a_list_without_covers_has_no_pictures_and_no_empty_boxes(client, stored, name):
    url, _ = LISTS[name]
    if name == "column":
        column = Column.objects.create(date=dt.date(2026, 1, 10), title="Now", slug="now")
    for n in range(3):
        review = stored(
            slug=f"film-{n}", title=f"Film {n}", year=1950 + n, headline=f"Film {n}", tags=["creature"]
        )
        if name == "column":
            ColumnEntry.objects.create(column=column, review=review, order=n)
    tree = page(client, url)
    assert tree.css("main img, main picture") == []
    html = tree.html
    for empty in ("review-item--cover", "archive-list__cover", "edition-list__cover"):
        assert empty not in html
