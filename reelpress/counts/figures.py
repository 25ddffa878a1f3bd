"""Counts of public reviews read from the tallies: a row per author, never a scan of the archive."""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from reelpress.counts.models import Tally


def public_reviews_by_author() -> dict[int | None, int]:
    """Public reviews per author id (None: no author), authors with none left out; one query.

    The tallies count every review that is not a draft; the scheduled ones whose time has not
    come are subtracted, read along the ``published_at`` index from now on.
    """
    from reelpress.reviews.models import Review

    review = Review._meta
    sql = (
        f"SELECT item, n FROM {Tally._meta.db_table} WHERE kind = %s "  # noqa: S608 -- model metadata
        f"UNION ALL SELECT COALESCE(author_id, 0), -COUNT(*) FROM {review.db_table} "
        "WHERE status <> %s AND published_at > %s GROUP BY COALESCE(author_id, 0)"
    )
    now = review.get_field("published_at").get_db_prep_value(timezone.now(), connection)
    counts: dict[int | None, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, ["author", Review.Status.DRAFT, now])
        for item, n in cursor.fetchall():
            counts[item or None] = counts.get(item or None, 0) + n
    return {author: n for author, n in counts.items() if n > 0}


def public_review_count() -> int:
    """How many reviews readers may see."""
    return sum(public_reviews_by_author().values())
