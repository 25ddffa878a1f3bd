"""The tallies follow every write to the reviews table, whoever makes it, and the counts readers
see leave out drafts and reviews whose time has not come."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from reelpress.counts.figures import public_review_count, public_reviews_by_author
from reelpress.counts.models import Tally
from reelpress.reviews.models import Author, Review

pytestmark = pytest.mark.django_db


def counted_now() -> dict:
    """The same figures, counted the slow way from every review."""
    found: dict = {}
    for author_id in Review.objects.public().values_list("author_id", flat=True):
        found[author_id] = found.get(author_id, 0) + 1
    return found


def test_saves_edits_and_deletes_keep_the_tallies_exact(stored, future):
    ada = stored(slug="one").author
    stored(slug="two", title="Tarantula", year=1955)
    bo = stored(slug="three", title="The Blob", year=1958, reviewer="Bo Writer").author
    stored(slug="draft", title="Draft", status="draft")
    stored(slug="later", title="Later", status="scheduled", published_at=future)
    assert public_reviews_by_author() == counted_now() == {ada.pk: 2, bo.pk: 1}

    # The ORM, a queryset update and raw SQL all go through the triggers.
    review = Review.objects.get(slug="two")
    review.author = bo
    review.save()
    Review.objects.filter(slug="draft").update(status=Review.Status.PUBLISHED)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {Review._meta.db_table} SET status = %s WHERE slug = %s", ["draft", "one"])  # noqa: S608
    Review.objects.filter(slug="three").delete()
    Review.objects.create(slug="orphan", headline="No author", film=review.film, status="published")
    assert public_reviews_by_author() == counted_now()
    assert public_review_count() == Review.objects.public().count() == 3


def test_a_scheduled_review_is_counted_once_its_time_has_come(stored):
    soon = timezone.now() + dt.timedelta(seconds=1)
    author = stored(slug="soon", status="scheduled", published_at=soon.isoformat()).author
    assert public_reviews_by_author() == {}
    Review.objects.filter(slug="soon").update(published_at=timezone.now() - dt.timedelta(seconds=1))
    assert public_reviews_by_author() == {author.pk: 1}


def test_the_migration_fills_the_tallies_from_the_reviews_already_there(stored):
    from importlib import import_module

    stored(slug="one")
    stored(slug="two", title="Tarantula", year=1955, reviewer="Bo Writer")
    Tally.objects.all().delete()
    fill = import_module("reelpress.counts.migrations.0001_initial").FILL
    with connection.cursor() as cursor:
        cursor.execute(fill)
    assert public_reviews_by_author() == counted_now()
    assert Author.objects.count() == 2


def test_the_home_page_reads_the_critics_from_the_tallies_not_from_every_review(client, stored):
    from django.test.utils import CaptureQueriesContext

    stored(slug="one")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    counting = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    # The only count left reads the scheduled reviews (published_at > now), not the archive.
    assert all("counts_tally" in sql for sql in counting), counting
