"""When public pages change with no write: a scheduled review's time, a column update's date.

A page cached now may be kept until the earliest such moment and no later. Each query reads
only the future (an index range on ``published_at`` / ``date``), so it stays cheap whatever
the archive's size.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Min
from django.utils import timezone


def next_change(now: dt.datetime | None = None) -> float | None:
    """The earliest time (a POSIX timestamp) after ``now`` at which content turns public, or None."""
    from reelpress.reviews.models import Column, Review

    now = now or timezone.now()
    moments = []
    review = (
        Review.objects.exclude(status=Review.Status.DRAFT)
        .filter(published_at__gt=now)
        .aggregate(first=Min("published_at"))["first"]
    )
    if review is not None:
        moments.append(review.timestamp())
    today = timezone.localdate(now)
    column = Column.objects.filter(is_published=True, date__gt=today).aggregate(first=Min("date"))["first"]
    if column is not None:
        midnight = dt.datetime.combine(column, dt.time(), tzinfo=timezone.get_current_timezone())
        moments.append(midnight.timestamp())
    return min(moments) if moments else None
