"""Sitemap files are primary-key ranges: no counting, each file one index range, every public row in one."""

import xml.etree.ElementTree as ET
from collections import Counter
from urllib.parse import urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reelpress.catalog import public
from reelpress.lib import sitemaps
from reelpress.reviews.models import Review

# Keys from 1 on every database (PostgreSQL's sequences otherwise go on from earlier tests), so
# the files' ranges are known.
pytestmark = pytest.mark.django_db(transaction=True, reset_sequences=True)
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def archive(stored, future, settings, monkeypatch):
    """Seven public reviews with a draft and a scheduled one between them; files of 2 rows."""
    settings.PAGE_CACHE = False
    monkeypatch.setattr(sitemaps.PkRangeSitemap, "limit", 2)
    for n in range(7):
        stored(slug=f"public-{n}", title=f"Public {n}", year=1950 + n, cast=[f"Actor {n}"])
        if n == 1:
            stored(slug="draft", title="Draft", year=1990, status="draft", cast=["Hidden Actor"])
            stored(slug="later", title="Later", year=1991, status="scheduled", published_at=future)


def files(client) -> list[str]:
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    found = []
    for loc in ET.fromstring(index.content).iter(f"{NS}loc"):  # noqa: S314 - our own output
        url = urlparse(loc.text)
        found.append(url.path + (f"?{url.query}" if url.query else ""))
    return found


def links(client, path: str) -> list[str]:
    answer = client.get(path)
    assert answer.status_code == 200, path
    root = ET.fromstring(answer.content)  # noqa: S314 - our own output
    return [urlparse(url.findtext(f"{NS}loc")).path for url in root.findall(f"{NS}url")]


def test_every_public_review_is_in_exactly_one_file_and_no_hidden_one_is(client, archive):
    review_files = [path for path in files(client) if path.startswith("/sitemap-reviews.xml")]
    highest = Review.objects.order_by("-pk").first().pk
    assert len(review_files) == -(-highest // 2)  # ceil(max(pk) / 2): nothing counted
    seen = Counter(link for path in review_files for link in links(client, path))
    shown = {review.get_absolute_url() for review in Review.objects.public()}
    assert set(seen) == shown and set(seen.values()) == {1}
    assert "/reviews/draft/" not in seen and "/reviews/later/" not in seen


def test_every_public_person_and_film_is_in_exactly_one_file(client, archive):
    all_files = files(client)
    for section, rows, hidden in (
        ("people", public.people, "/people/hidden-actor/"),
        ("films", public.films, "/films/later-1991/"),
    ):
        seen = Counter(
            link
            for path in all_files
            if path.startswith(f"/sitemap-{section}.xml")
            for link in links(client, path)
        )
        assert set(seen.values()) == {1}
        assert hidden not in seen
        assert set(seen) == {row.get_absolute_url() for row in rows()}


def test_a_file_of_only_hidden_rows_is_empty_and_past_the_last_is_not_found(client, archive):
    draft = Review.objects.get(slug="draft")
    later = Review.objects.get(slug="later")
    assert later.pk == draft.pk + 1 and draft.pk % 2 == 1  # the two share a file, and no public review
    assert links(client, f"/sitemap-reviews.xml?p={later.pk // 2}") == []
    highest = Review.objects.order_by("-pk").first().pk
    assert client.get(f"/sitemap-reviews.xml?p={-(-highest // 2) + 1}").status_code == 404
    assert client.get("/sitemap-reviews.xml?p=x").status_code == 404


def test_no_sitemap_counts_rows_and_a_file_reads_one_primary_key_range(client, archive):
    with CaptureQueriesContext(connection) as ctx:
        for path in files(client):
            links(client, path)
    # (The critics' figures come from the tallies, corrected by the latest reviews: not a sitemap's.)
    counted = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert not [sql for sql in counted if "counts_tally" not in sql]
    with CaptureQueriesContext(connection) as ctx:
        links(client, "/sitemap-reviews.xml?p=2")
    (query,) = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith('SELECT "reviews_review"."id"')]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + query)
            plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
            assert "rowid>? AND rowid<?" in plan, plan
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + query)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "reviews_review_pkey" in plan and "Index Cond: ((id >" in plan, plan


def test_the_reviews_section_knows_its_latest_change(client, archive):
    latest = Review.objects.public().order_by("-updated_at").first()
    index = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - our own output
    stamps = {
        urlparse(item.findtext(f"{NS}loc")).path: item.findtext(f"{NS}lastmod")
        for item in index.findall(f"{NS}sitemap")
    }
    assert stamps["/sitemap-reviews.xml"].startswith(latest.updated_at.date().isoformat())
