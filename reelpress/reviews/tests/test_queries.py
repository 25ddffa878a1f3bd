"""Public pages use a bounded number of queries, however many credits, editions or reviews they show."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reelpress.pagecache import schedule
from reelpress.reviews.models import Column, ColumnEntry

pytestmark = pytest.mark.django_db

MAX_QUERIES = 16  # 15, plus one for every picture a review page shows (images.show.review_pictures)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    # Savepoints (PostgreSQL search guards a failed tsquery with one) read nothing, and the page
    # cache's one question (when a scheduled review turns public) is not the page's: not counted.
    return sum(
        1 for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"] and schedule.MARK not in q["sql"]
    )


def big_record(n_cast, **fields):
    people = {
        "directors": [f"Director {i}" for i in range(2)],
        "writers": [f"Writer {i}" for i in range(2)],
        "cast": [f"Actor {i}" for i in range(n_cast)],
        "characters": {f"Actor {i}": f"Role {i}" for i in range(n_cast)},
        "other_credits": {"Stunts": [f"Stunt {i}" for i in range(max(1, n_cast // 10))]},
        "audio": [f"Track {i}" for i in range(max(1, n_cast // 10))],
        "extras": [f"Extra {i} ({i + 1} min)" for i in range(max(1, n_cast // 5))],
        "tags": [f"tag {i}" for i in range(max(1, n_cast // 10))],
    }
    people.update(fields)
    return people


def test_a_review_page_costs_the_same_queries_with_5_or_60_credits(client, stored):
    small = stored(
        slug="small", title="Small", year=1960, directors=["D"], cinematographers=["C"], cast=["A", "B", "E"]
    )
    large = stored(
        slug="large",
        title="Large",
        year=1961,
        **big_record(50, directors=["D1", "D2"], cinematographers=["C1"], writers=["W1", "W2"]),
    )
    assert small.film.credits.count() == 5
    assert large.film.credits.count() >= 60
    small_n = queries_for(client, small.get_absolute_url())
    large_n = queries_for(client, large.get_absolute_url())
    assert small_n == large_n
    assert large_n <= MAX_QUERIES


def test_a_film_page_costs_the_same_queries_with_one_or_many_editions(client, stored):
    one = stored(slug="one", title="One", year=1970, **big_record(3))
    for n, fmt in enumerate(["Blu-ray", "DVD", "4K Ultra HD", "Laserdisc", "VHS"]):
        stored(
            slug=f"many-{n}",
            title="Many",
            year=1971,
            disc_format=fmt,
            reviewer=f"Critic {n}",
            **big_record(40),
        )
    one_n = queries_for(client, one.film.get_absolute_url())
    many_n = queries_for(client, "/films/many-1971/")
    assert one_n == many_n
    assert many_n <= MAX_QUERIES


def test_a_person_page_costs_the_same_queries_for_one_or_many_films(client, stored):
    # The same two roles for both: a page reads each role's first films down the index, one
    # query per role (a bounded number: the roles a person has), never one per film.
    stored(
        slug="solo", title="Solo", year=1980, cast=["Busy Actor", "Quiet Actor"], directors=["Quiet Actor"]
    )
    for n in range(12):
        stored(
            slug=f"busy-{n}", title=f"Busy {n}", year=1981 + n, cast=["Busy Actor"], directors=["Busy Actor"]
        )
    quiet_n = queries_for(client, "/people/quiet-actor/")
    busy_n = queries_for(client, "/people/busy-actor/")
    assert quiet_n == busy_n
    assert busy_n <= MAX_QUERIES


def test_the_home_page_costs_the_same_queries_with_few_or_many_reviews(client, stored):
    first = stored(slug="first")
    column = Column.objects.create(date=dt.date.today(), title="Now", slug="now")
    ColumnEntry.objects.create(column=column, review=first)
    few_n = queries_for(client, "/")
    for n in range(15):
        review = stored(slug=f"r{n}", title=f"Film {n}", year=1950 + n, label=f"Label {n}")
        ColumnEntry.objects.create(column=column, review=review, order=n + 1)
        old = Column.objects.create(
            date=dt.date(2024, 1, 1) + dt.timedelta(days=n), title=f"Old {n}", slug=f"o{n}"
        )
        ColumnEntry.objects.create(column=old, review=review)
    many_n = queries_for(client, "/")
    assert few_n == many_n
    assert many_n <= MAX_QUERIES


@pytest.mark.parametrize(
    "url",
    [
        "/archive/2026/",
        "/authors/ada-critic/",
        "/browse/format/blu-ray/",
        "/labels/warner-archive-collection/",
        "/feeds/reviews.rss",
    ],
)
def test_list_pages_cost_the_same_queries_for_one_or_many_reviews(client, stored, url):
    stored(slug="only")
    one_n = queries_for(client, url)
    for n in range(12):
        stored(slug=f"more-{n}", title=f"Film {n}", year=1950 + n, tags=["x"])
    assert queries_for(client, url) == one_n
