"""The generation changes on every committed write to a public table, however it was made,
and only then: not on a rollback, not for sessions or the desk's own tables."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction
from django.utils import timezone

from reelpress.catalog.models import Label
from reelpress.pagecache import generation, schedule
from reelpress.reviews.models import Column, Review, Tag

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def review(stored):
    return stored(slug="them-1954-blu-ray")


def retired(change) -> bool:
    before = generation.current()
    change()
    return generation.current() != before


def test_a_queryset_update_retires_the_pages(review):
    assert retired(lambda: Review.objects.filter(pk=review.pk).update(headline="Changed"))


def test_bulk_create_and_raw_sql_retire_the_pages(review):
    assert retired(lambda: Tag.objects.bulk_create([Tag(name="A", slug="a"), Tag(name="B", slug="b")]))

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {Label._meta.db_table} SET name = %s", ["Renamed"])  # noqa: S608

    assert retired(raw)


def test_m2m_changes_retire_the_pages(review):
    tag = Tag.objects.create(name="Ants", slug="ants")
    assert retired(lambda: review.tags.add(tag))
    assert retired(lambda: review.tags.clear())


def test_the_pages_are_retired_when_the_transaction_commits(review):
    seen = [generation.current()]
    with transaction.atomic():
        Review.objects.filter(pk=review.pk).update(headline="One")
        seen.append(generation.current())
        Review.objects.filter(pk=review.pk).update(headline="Two")
        # A page read now by another connection shows the old review: the commit retires it.
        seen.append(generation.current())
    assert generation.current() not in seen


def test_a_rolled_back_change_retires_nothing(review):
    before = generation.current()
    generation._read_since_bump.clear()  # no page was read here: only the commit would bump
    with pytest.raises(RuntimeError), transaction.atomic():
        Review.objects.filter(pk=review.pk).update(headline="Never")
        raise RuntimeError
    assert generation.current() == before


def test_writes_to_tables_no_public_page_shows_retire_nothing(review):
    def session():
        store = SessionStore()
        store["x"] = 1
        store.save()

    assert not retired(session)
    # A read that mentions updated_at in a WITH query is no write.
    with connection.cursor() as cursor:
        sql = f"WITH r AS (SELECT updated_at FROM {Review._meta.db_table}) SELECT COUNT(*) FROM r"  # noqa: S608
        assert not retired(lambda: cursor.execute(sql))


def test_every_table_of_the_listed_apps_is_watched_m2m_included(settings):
    tables = generation.public_tables()
    assert {"reviews_review", "reviews_review_tags", "catalog_film", "mail_letter"} <= set(tables)
    assert "django_session" not in tables and "auth_user" not in tables


def test_the_next_scheduled_review_or_column_date_bounds_a_pages_life(stored):
    now = timezone.now()
    assert schedule.next_change(now) is None
    soon = now + dt.timedelta(hours=2)
    stored(slug="later", status="scheduled", published_at=soon.isoformat())
    stored(slug="much-later", status="scheduled", published_at=(now + dt.timedelta(days=2)).isoformat())
    stored(slug="draft", status="draft", published_at=(now + dt.timedelta(minutes=5)).isoformat())
    assert schedule.next_change(now) == pytest.approx(soon.timestamp())
    tomorrow = timezone.localdate(now) + dt.timedelta(days=1)
    Column.objects.create(date=tomorrow, title="Tomorrow", slug="tomorrow")
    midnight = dt.datetime.combine(tomorrow, dt.time(), tzinfo=timezone.get_current_timezone())
    assert schedule.next_change(now) == min(midnight.timestamp(), soon.timestamp())


def test_the_pagecache_command_retires_every_page(client, review):
    from io import StringIO

    from django.core.management import call_command

    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    out = StringIO()
    call_command("pagecache", "--clear", stdout=out)
    assert "Retired every cached page" in out.getvalue()
    assert client.get("/")["X-Page-Cache"] == "miss"
