"""The archive, browse, tag and label pages show the tallies' numbers, right after a publish, an
unpublish, a scheduled review's time arriving and an edit, with the page cache on; and they read
them in a few small queries, none of which walks the reviews table."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reelpress.catalog.models import Film, Release
from reelpress.reviews.models import Review, Tag

pytestmark = pytest.mark.django_db


def shown(client, url: str) -> dict[str, str]:
    """``{link text: count}`` of an index page, or ``{"total": n}`` for a list page's "n reviews"."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    total = re.search(r'<p class="meta"><span>(\d+) (?:review|edition)', html)
    found = dict(re.findall(r'>([^<>]+)</a> <span class="count">(\d+)</span>', html))
    found.update(re.findall(r'year-grid__year">(\d+)</span> <span class="count">(\d+) review', html))
    if total:
        found["total"] = total.group(1)
    return found


@pytest.fixture
def site(stored, future):
    stored(slug="one", tags=["ants"])
    stored(slug="two", title="Tarantula", year=1955, published_at="2025-05-01T12:00:00+00:00", tags=["ants"])
    stored(slug="draft", title="The Blob", year=1958, status="draft", verdict="Rent It")
    stored(slug="later", title="It Came", year=1953, status="scheduled", published_at=future)


def test_a_publish_and_an_unpublish_show_on_the_archive_browse_tag_and_label_pages(client, site):
    label = Review.objects.get(slug="one").release.label
    tag = Tag.objects.get(name="ants")
    assert shown(client, "/archive/") == {"2026": "1", "2025": "1"}
    assert shown(client, "/browse/verdict/")["Highly Recommended"] == "2"
    assert shown(client, f"/labels/{label.slug}/")["total"] == "2"
    assert shown(client, f"/tags/{tag.slug}/")["total"] == "2"

    draft = Review.objects.get(slug="draft")
    draft.status, draft.published_at = Review.Status.PUBLISHED, dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
    draft.save()
    draft.tags.add(tag)
    assert shown(client, "/archive/") == {"2026": "2", "2025": "1"}
    assert shown(client, "/archive/2026/")["total"] == "2"
    assert shown(client, "/browse/")["Rent It"] == "1"
    assert shown(client, "/browse/decade/")["1950s"] == "3"
    assert shown(client, "/labels/")[label.name] == "3"
    assert shown(client, f"/labels/{label.slug}/")["total"] == "3"
    assert shown(client, f"/tags/{tag.slug}/")["total"] == "3"

    Review.objects.filter(slug="two").update(status=Review.Status.DRAFT)
    assert shown(client, "/archive/") == {"2026": "2"}
    assert client.get("/archive/2025/").status_code == 404
    assert shown(client, "/browse/verdict/highly-recommended/")["total"] == "1"
    assert shown(client, f"/tags/{tag.slug}/")["total"] == "2"
    assert shown(client, "/labels/")[label.name] == "2"


def test_a_scheduled_reviews_time_arriving_shows_without_any_write(client, site, monkeypatch):
    later = Review.objects.get(slug="later")
    year = str(later.published_at.year)
    assert shown(client, "/browse/decade/1950s/")["total"] == "2"
    before = int(shown(client, "/archive/").get(year, 0))
    moment = later.published_at + dt.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    assert shown(client, "/browse/decade/1950s/")["total"] == "3"
    assert shown(client, "/browse/verdict/")["Highly Recommended"] == "3"
    assert shown(client, "/labels/")[later.release.label.name] == "3"
    assert shown(client, "/archive/")[year] == str(before + 1)


def test_edits_of_verdict_format_film_year_and_tag_show(client, site):
    one = Review.objects.get(slug="one")
    assert shown(client, "/browse/format/")["Blu-ray"] == "2"
    one.verdict = "Skip It"
    one.save()
    Release.objects.filter(pk=one.release_id).update(disc_format="DVD", format_key="dvd")
    Film.objects.filter(pk=one.film_id).update(year=1962)
    one.tags.clear()
    page = shown(client, "/browse/")
    assert (page["Skip It"], page["Highly Recommended"]) == ("1", "1")
    assert (page["DVD"], page["1960s"], page["1950s"]) == ("1", "1", "1")
    assert shown(client, "/browse/format/dvd/")["total"] == "1"
    assert shown(client, "/browse/verdict/skip-it/")["total"] == "1"
    assert shown(client, f"/tags/{Tag.objects.get(name='ants').slug}/")["total"] == "1"


def test_the_pages_read_their_figures_without_walking_the_reviews(client, site, settings):
    settings.PAGE_CACHE = False
    label = Review.objects.get(slug="one").release.label
    urls = ["/archive/", "/archive/2026/", "/browse/", "/browse/verdict/highly-recommended/", "/labels/"]
    urls += [f"/labels/{label.slug}/", f"/tags/{Tag.objects.get(name='ants').slug}/", "/browse/decade/1950s/"]
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counting = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
        # Every count left reads the tallies and the scheduled reviews still to come (published_at > now).
        assert all("counts_tally" in sql for sql in counting), (url, counting)
