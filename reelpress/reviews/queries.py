"""Query helpers the public pages share: what readers may see, fetched in a bounded number of queries."""

import heapq
import itertools

from django.db.models import Prefetch, Q
from django.utils import timezone

from reelpress.reviews.models import ColumnEntry, Review


def public_q(prefix: str = "") -> Q:
    """The condition of ``Review.objects.public()`` for a review reached through ``prefix``."""
    return ~Q(**{f"{prefix}status": Review.Status.DRAFT}) & Q(
        **{f"{prefix}published_at__lte": timezone.now()}
    )


def visible_reviews(request):
    """Reviews this visitor may open: public ones, and for staff also drafts and scheduled ones."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        return Review.objects.all()
    return Review.objects.public()


def for_lists(queryset):
    """A review queryset with what a list item shows (film, edition, label, author) joined in,
    without the body: no list prints it, and reading it reads the row's overflow pages (on SQLite
    the body is the row's last column for that reason: reviews migration 0004)."""
    return queryset.select_related("film", "release", "release__label", "author").defer("body")


def public_entries_prefetch(to_attr: str = "public_entries") -> Prefetch:
    """Prefetch a column's entries whose review is public, with what a list item shows."""
    entries = ColumnEntry.objects.filter(review__in=Review.objects.public()).select_related(
        "review", "review__film", "review__release", "review__release__label", "review__author"
    )
    return Prefetch("entries", queryset=entries, to_attr=to_attr)


NEWEST = ("-published_at", "-id")


def newest_of_matches(walk, narrow, matches: int, total: int, reach: int):
    """Reviews matching a condition on another table (an edition's format, a tag), newest first,
    in whichever of two shapes reads fewer rows for a page ending at row ``reach``.

    ``walk`` checks the condition row by row down the published_at index: it stops after about
    ``reach * total / matches`` rows and sorts nothing. ``narrow`` starts from the condition's own
    index and sorts its ``matches`` rows. A common condition is walked, a rare one narrowed, so
    a page never reads more than about sqrt(reach * total) rows.
    """
    return (walk if _walks(matches, total, reach) else narrow).order_by(*NEWEST)


def _walks(matches: int, total: int, reach: int) -> bool:
    return bool(matches) and matches * matches >= reach * total


def rows_read(matches: int, total: int, reach: int) -> int:
    """About how many rows ``newest_of_matches`` reads for a page ending at row ``reach``: the
    walk's ``reach * total / matches`` or the narrowing's ``matches``, whichever it chooses."""
    return reach * total // matches if _walks(matches, total, reach) else matches


class NewestOfSeveral:
    """Reviews of several querysets merged newest first, each one walked down its own index.

    A page sliced from it reads at most as many rows of each as the page's last position: for a
    value with several spellings (a verdict), where ``verdict IN (...)`` would sort every match.
    """

    def __init__(self, querysets):
        self.querysets = list(querysets)

    def filter(self, *args, **kwargs) -> "NewestOfSeveral":
        return NewestOfSeveral(qs.filter(*args, **kwargs) for qs in self.querysets)

    def leading(self, condition) -> "NewestOfSeveral":
        """Each walk filtered with ``condition`` first (``lib.keyset.leading``)."""
        from reelpress.lib.keyset import leading

        return NewestOfSeveral(leading(qs, condition) for qs in self.querysets)

    def order_by(self, *fields) -> "NewestOfSeveral":
        # Always newest first (a keyset walk asks for that order by name).
        assert tuple(f.replace("pk", "id") for f in fields) == NEWEST, fields
        return self

    def __getitem__(self, part: slice) -> list:
        start, stop = part.start or 0, part.stop
        walks = [qs.order_by(*NEWEST).values_list("published_at", "id")[:stop] for qs in self.querysets]
        keys = itertools.islice(heapq.merge(*walks, reverse=True), start, stop)
        ids = [pk for _, pk in keys]
        rows = for_lists(Review.objects.filter(pk__in=ids)).in_bulk()
        return [rows[pk] for pk in ids]


def newest_of(querysets):
    """One queryset as it is, several merged (``NewestOfSeveral``)."""
    return querysets[0].order_by(*NEWEST) if len(querysets) == 1 else NewestOfSeveral(querysets)
