"""When public pages change with no write: a scheduled review's time, a column update's date.

A page cached now may be kept until the earliest such moment and no later. The query reads
only the future (an index range on ``published_at`` and on ``date``), so it stays cheap
whatever the archive's size.
"""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db import connection
from django.utils import dateparse, timezone

MARK = "/* pagecache: next change */"  # lets a test of a view's own queries leave this one out


def next_change(now: dt.datetime | None = None) -> float | None:
    """The earliest time (a POSIX timestamp) after ``now`` at which content turns public, or None."""
    Review, Column = apps.get_model("reviews", "Review"), apps.get_model("reviews", "Column")
    now = now or timezone.now()
    today = timezone.localdate(now)
    review, column = Review._meta, Column._meta
    published_at = review.get_field("published_at")
    sql = (
        f"SELECT (SELECT MIN(published_at) FROM {review.db_table} WHERE status <> %s AND published_at > %s), "  # noqa: S608 -- model metadata
        f"(SELECT MIN(date) FROM {column.db_table} WHERE is_published = %s AND date > %s) {MARK}"
    )
    params = [
        "draft",
        published_at.get_db_prep_value(now, connection),
        True,
        column.get_field("date").get_db_prep_value(today, connection),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        first_review, first_column = cursor.fetchone()
    moments = []
    if first_review is not None:
        if isinstance(first_review, str):  # SQLite gives the stored text
            first_review = dateparse.parse_datetime(first_review)
        if timezone.is_naive(first_review):
            first_review = timezone.make_aware(first_review, dt.UTC)
        moments.append(first_review.timestamp())
    if first_column is not None:
        if isinstance(first_column, str):
            first_column = dateparse.parse_date(first_column)
        midnight = dt.datetime.combine(first_column, dt.time(), tzinfo=timezone.get_current_timezone())
        moments.append(midnight.timestamp())
    return min(moments) if moments else None
