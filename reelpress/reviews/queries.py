"""Query helpers the public pages share: what readers may see, fetched in a bounded number of queries."""

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
    """A review queryset with what a list item shows (film, edition, label, author) joined in."""
    return queryset.select_related("film", "release", "release__label", "author")


def public_entries_prefetch(to_attr: str = "public_entries") -> Prefetch:
    """Prefetch a column's entries whose review is public, with what a list item shows."""
    entries = ColumnEntry.objects.filter(review__in=Review.objects.public()).select_related(
        "review", "review__film", "review__release", "review__release__label", "review__author"
    )
    return Prefetch("entries", queryset=entries, to_attr=to_attr)
