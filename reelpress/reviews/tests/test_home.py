"""The home page: the latest column, and every newly published review at once, announced or not."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from reelpress.reviews import views
from reelpress.reviews.models import Column, ColumnEntry

pytestmark = pytest.mark.django_db


def latest_reviews(client):
    tree = HTMLParser(client.get("/").content.decode())
    section = tree.css_first("section.latest-reviews")
    return [a.text(strip=True) for a in section.css(".review-item__title a")] if section else []


@pytest.fixture
def column(stored):
    announced = stored(
        slug="announced", headline="Announced in the column", published_at="2026-01-01T12:00:00+00:00"
    )
    column = Column.objects.create(date=dt.date(2026, 1, 2), title="The week", slug="the-week")
    ColumnEntry.objects.create(column=column, review=announced)
    return column


def test_a_published_review_is_on_the_home_page_at_once_beside_the_column(client, column, stored, future):
    stored(slug="fresh", headline="Fresh off the press", title="Tarantula", year=1955)
    stored(slug="draft", headline="A draft", title="Draft Film", year=1960, status="draft")
    stored(slug="soon", headline="Scheduled", title="Soon Film", year=1961, published_at=future)
    html = client.get("/").content.decode()
    assert "The week" in html
    assert latest_reviews(client) == ["Fresh off the press"]
    assert "A draft" not in html and "Scheduled" not in html


def test_the_latest_reviews_are_newest_first_and_a_fixed_number(client, column, stored, monkeypatch):
    monkeypatch.setattr(views, "LATEST_ON_HOME", 3)
    now = timezone.now()
    for n in range(5):
        stored(slug=f"r{n}", headline=f"Review {n}", title=f"Film {n}", year=1950 + n,
               published_at=(now - dt.timedelta(hours=10 - n)).isoformat())  # fmt: skip
    assert latest_reviews(client) == ["Review 4", "Review 3", "Review 2"]


def test_the_latest_reviews_cost_the_same_queries_for_few_or_many(client, column, stored):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            client.get("/")
        return len(ctx.captured_queries)

    stored(slug="one", headline="One", title="One", year=1950)
    few = count()
    for n in range(12):
        stored(slug=f"m{n}", headline=f"M {n}", title=f"M {n}", year=1951 + n, label=f"Label {n}")
    assert count() == few


def test_the_column_form_opens_with_todays_date(client, editor):
    client.force_login(editor)
    response = client.get("/admin/reviews/column/add/")
    assert response.context["adminform"].form["date"].value() == timezone.localdate()
