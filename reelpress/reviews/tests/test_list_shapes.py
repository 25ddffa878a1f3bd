"""Every list page reads its page down an index: the database never sorts every match.

The queries are the ones the real views run (captured from a request), explained on the
database in use. On SQLite the plan must not say "USE TEMP B-TREE FOR ORDER BY" (a sort of
every row found); "FOR RIGHT PART OF ORDER BY" sorts only rows that share the index's key (one
film's reviews, one date's editions) and is allowed. On PostgreSQL, sorting and scanning are
discouraged (tiny tables make any plan cheap) and the plan must not hold a full Sort.
"""

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from reelpress.pagecache import schedule
from reelpress.reviews import views

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf(stored, settings, monkeypatch):
    """Nine Blu-ray reviews by Ada (two verdict spellings), one DVD by Ben, all 1950s films."""
    settings.PAGE_CACHE = False
    for n in range(9):
        stored(
            slug=f"blu-{n}",
            title=f"Blu {n}",
            year=1950 + n,
            verdict="Recommended" if n % 2 else "recommended",
            published_at=f"2025-0{n + 1}-01T12:00:00+00:00",
            tags=["Monsters"],
        )
    stored(
        slug="dvd",
        title="Odd One",
        year=1951,
        disc_format="DVD",
        reviewer="Ben Critic",
        label="Criterion",
        verdict="Skip It",
        published_at="2025-10-01T12:00:00+00:00",
    )
    monkeypatch.setattr(views, "PER_PAGE", 2)


def view_queries(client, url, table='"reviews_review"'):
    """The ordered SELECTs of ``table``'s rows with a LIMIT that a request to ``url`` ran."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].startswith(f"SELECT {table}.")
        and f"FROM {table}" in q["sql"]
        and "ORDER BY" in q["sql"]
        and "LIMIT" in q["sql"]
        and schedule.MARK not in q["sql"]
    ]


def plan(sql: str) -> str:
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            return "\n".join(str(row[-1]) for row in cursor.fetchall())
        for setting in ("enable_seqscan", "enable_sort", "enable_bitmapscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def assert_walked(sql: str, index: str | None = None):
    found = plan(sql)
    if connection.vendor == "sqlite":
        assert "USE TEMP B-TREE FOR ORDER BY" not in found, found
        if index:
            assert index in found, found
    else:
        # An incremental sort of rows sharing the index's key is fine; a Sort of every match is not.
        assert not re.search(r"(?m)^\s*(?:->\s+)?Sort\s+\(", found), found
        if index:
            assert index in found, found


def test_an_author_page_walks_the_author_index(client, shelf):
    (query,) = view_queries(client, "/authors/ada-critic/?page=2")
    assert_walked(query, "review_author_published")


def test_a_verdict_page_walks_each_spelling_and_merges_them(client, shelf):
    queries = view_queries(client, "/browse/verdict/recommended/?page=2")
    assert len(queries) == 2  # "Recommended" and "recommended", each down its own index
    for query in queries:
        assert_walked(query, "review_verdict_published")


def test_a_verdict_page_lists_both_spellings_newest_first(client, shelf):
    response = client.get("/browse/verdict/recommended/?page=2")
    titles = [review.film.title for review in response.context["page"].object_list]
    assert titles == ["Blu 6", "Blu 5"]
    assert response.context["page"].paginator.num_pages == 5


def test_a_common_format_is_walked_down_the_publication_index(client, shelf):
    for query in view_queries(client, "/browse/format/blu-ray/"):
        assert "EXISTS" in query
        assert_walked(query)
    page = client.get("/browse/format/blu-ray/?page=2").context["page"]
    assert [review.slug for review in page.object_list] == ["blu-6", "blu-5"]


def test_a_rare_format_is_read_through_its_own_index(client, shelf):
    for query in view_queries(client, "/browse/format/dvd/"):
        assert "EXISTS" not in query  # one match: sorting it costs less than walking every review


def test_a_common_tag_is_walked_down_the_publication_index(client, shelf):
    (query,) = view_queries(client, "/tags/monsters/?page=3")
    assert "EXISTS" in query
    assert_walked(query)


def test_a_decade_walks_films_by_year_and_title(client, shelf):
    (query,) = view_queries(client, "/browse/decade/1950s/?page=2")
    if connection.vendor == "sqlite":
        assert_walked(query, "film_year_title_id")
    else:
        # PostgreSQL picks between the two indexes on the film's year by its statistics (on a few
        # rows, either); what must hold is that the films come in year order from an index and
        # only the rows of one year (or film) are sorted, incrementally.
        assert_walked(query)
        assert "Presorted Key: catalog_film.year" in plan(query), plan(query)
    page = client.get("/browse/decade/1950s/?page=2").context["page"]
    assert [review.slug for review in page.object_list] == ["dvd", "blu-2"]


def test_an_archive_year_walks_the_publication_index(client, shelf):
    (query,) = view_queries(client, "/archive/2025/")
    assert_walked(query)


def test_a_label_page_walks_its_editions_by_date(client, shelf):
    (query,) = view_queries(client, "/labels/warner-archive-collection/", table='"catalog_release"')
    assert_walked(query, "release_label_dated")


@pytest.mark.parametrize(
    "url",
    [
        "/api/reviews?author=ada-critic&page=2&limit=2",
        "/api/reviews?verdict=RECOMMENDED&limit=2",
        "/api/reviews?format=Blu-ray&limit=2",
        "/api/reviews?label=warner-archive-collection&limit=2",
    ],
)
def test_a_filtered_api_list_walks_an_index(client, shelf, url):
    queries = view_queries(client, url)
    assert queries
    for query in queries:
        assert_walked(query)


def test_a_rare_condition_in_the_api_is_read_through_its_own_index(client, shelf):
    (query,) = view_queries(client, "/api/reviews?year=1955&limit=2")
    assert "EXISTS" not in query  # one film that year: its reviews are sorted, not every review walked
    assert client.get("/api/reviews?year=1955").json()["count"] == 1


def test_the_api_verdict_filter_still_ignores_case(client, shelf):
    answer = client.get("/api/reviews?verdict=RECOMMENDED&limit=4").json()
    assert answer["count"] == 9
    assert [item["slug"] for item in answer["items"]] == ["blu-8", "blu-7", "blu-6", "blu-5"]
    deeper = client.get(f"/api/reviews?verdict=recommended&limit=4&after={answer['next']}").json()
    assert [item["slug"] for item in deeper["items"]] == ["blu-4", "blu-3", "blu-2", "blu-1"]


def test_a_page_past_the_deepest_says_where_to_look(client, shelf, monkeypatch):
    from reelpress.lib import paging

    monkeypatch.setattr(paging, "MAX_PAGE", 3)
    monkeypatch.setattr(views, "MAX_PAGE", 3)
    deepest = client.get("/authors/ada-critic/?page=3")
    assert deepest.status_code == 200
    assert b'rel="next"' not in deepest.content
    assert b"Older: the archive by year" in deepest.content
    beyond = client.get("/authors/ada-critic/?page=4")
    assert beyond.status_code == 404
    assert b"Lists stop at page 3" in beyond.content


def test_the_api_sends_deep_numbered_pages_to_the_cursor(client, shelf, monkeypatch):
    from reelpress.api import reviews as api

    monkeypatch.setattr(api, "MAX_OFFSET", 4)
    assert client.get("/api/reviews?limit=2&page=3").status_code == 200
    answer = client.get("/api/reviews?limit=2&page=4")
    assert answer.status_code == 422
    assert "after" in answer.content.decode()
    assert client.get("/api/reviews?limit=2&page=50").json()["items"] == []  # past the end: empty


def test_the_api_walks_a_labels_editions_down_its_dated_index(client, shelf):
    first = client.get("/api/labels/warner-archive-collection?limit=2").json()
    for url in (
        "/api/labels/warner-archive-collection?limit=2",
        f"/api/labels/warner-archive-collection?limit=2&after={first['next']}",
    ):
        (query,) = view_queries(client, url, table='"catalog_release"')
        assert_walked(query, "release_label_dated")


def test_the_api_walks_a_films_reviews_down_the_film_index(client, shelf):
    for url in ("/api/films/blu-3-1953", "/api/reviews?film=blu-3-1953&limit=2"):
        (query,) = view_queries(client, url)
        assert_walked(query, "review_film_published")


def test_a_verdict_beside_an_edition_condition_is_checked_not_walked(client, shelf):
    url = "/api/reviews?verdict=recommended&format=Blu-ray&year=1955&limit=2"
    queries = view_queries(client, url)
    assert queries
    for query in queries:
        # A sixth of the archive has each verdict: walking its index read all of them whenever
        # the other conditions matched almost nothing. The rarer condition leads instead.
        assert "review_verdict_published" not in plan(query), plan(query)
    assert [item["slug"] for item in client.get(url).json()["items"]] == ["blu-5"]


@pytest.fixture
def long_archive(stored, settings):
    """3,000 public reviews, one a day back from 2025 (bulk rows beside one stored review)."""
    import datetime as dt

    from reelpress.reviews.models import Review

    settings.PAGE_CACHE = False
    first = stored(slug="seed", title="Seed", year=1950, published_at="2025-06-01T12:00:00+00:00")
    start = dt.datetime(2025, 1, 1, 12, tzinfo=dt.UTC)
    Review.objects.bulk_create(
        Review(
            slug=f"bulk-{n}",
            headline=f"Bulk {n}",
            film_id=first.film_id,
            release_id=first.release_id,
            author_id=first.author_id,
            status=Review.Status.PUBLISHED,
            published_at=start - dt.timedelta(days=n),
            body="",
        )
        for n in range(3000)
    )
    return Review.objects.public().order_by("published_at", "id")


def steps(client, url) -> tuple[int, list[str]]:
    """SQLite virtual-machine instructions a request ran (0 elsewhere), and its SELECTs of reviews."""
    counted = [0]

    def tick():
        counted[0] += 1
        return 0

    connection.ensure_connection()
    if connection.vendor == "sqlite":
        connection.connection.set_progress_handler(tick, 1)
    try:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
    finally:
        if connection.vendor == "sqlite":
            connection.connection.set_progress_handler(None, 1)
    assert response.status_code == 200, url
    return counted[0], [q["sql"] for q in ctx.captured_queries if 'FROM "reviews_review"' in q["sql"]]


@pytest.mark.parametrize("verdict", ["", "&verdict=recommended"])
def test_an_api_cursor_page_costs_the_same_at_any_depth(client, long_archive, verdict):
    """A cursor near the oldest review must not walk every newer one first (it did on SQLite: the
    public reviews' "published_at <= now" was the bound the index walk started from)."""
    from reelpress.lib.keyset import cursor, time_key
    from reelpress.reviews.models import Review

    if verdict:
        Review.objects.update(verdict="Recommended")
    newest, oldest = long_archive.last(), long_archive[5]
    shallow, _ = steps(
        client, f"/api/reviews?after={cursor(time_key(newest.published_at), newest.pk)}{verdict}"
    )
    deep, sql = steps(
        client, f"/api/reviews?after={cursor(time_key(oldest.published_at), oldest.pk)}{verdict}"
    )
    walk = [q for q in sql if "ORDER BY" in q and "LIMIT" in q][-1]
    where = walk[walk.index("WHERE") :]
    # The cursor's own bound leads the WHERE clause, before the public reviews' time bound.
    assert where.index('"published_at" <=') < where.index("NOT ("), walk
    if connection.vendor == "sqlite":
        assert deep < 3 * shallow, (shallow, deep)
