"""A review's body is read only by what shows it (reviews migration 0004, docs/decisions.md).

On SQLite a row's columns past its first kilobyte or so live in overflow pages: with the body
(≈5 KB) last, a list reads the film, edition, author and verdict without touching them.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reelpress.reviews.models import Review


@pytest.mark.django_db
def test_the_body_is_the_last_column_of_a_review_row_on_sqlite():
    with connection.cursor() as cursor:
        described = connection.introspection.get_table_description(cursor, "reviews_review")
    columns = [row.name for row in described]
    assert sorted(columns) == sorted(field.column for field in Review._meta.concrete_fields)
    # PostgreSQL keeps large values out of the row (TOAST): its column order does not matter.
    if connection.vendor == "sqlite":
        assert columns[-1] == "body"


@pytest.mark.django_db
def test_lists_do_not_read_the_body_and_the_review_page_does(client, stored):
    stored(slug="one", title="Them!", year=1954, body="Giant *ants* in the storm drains.")
    stored(slug="two", title="Tarantula", year=1955, body="A spider the size of a barn.")
    for url in ("/", "/archive/2026/", "/feeds/reviews.rss", "/api/reviews", "/browse/format/blu-ray/"):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, url
        review_reads = [q["sql"] for q in ctx.captured_queries if 'FROM "reviews_review"' in q["sql"]]
        assert review_reads, url
        assert not [sql for sql in review_reads if '"reviews_review"."body"' in sql], url
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/reviews/one/")
    assert b"<em>ants</em>" in page.content
    assert any('"reviews_review"."body"' in q["sql"] for q in ctx.captured_queries)
