"""Template tags of the search app: ``{% more_like_this review as similar %}``."""

from django import template

from reelpress.pagecache.figures import remember
from reelpress.search.related import more_like_this as related_reviews

register = template.Library()


@register.simple_tag
def more_like_this(review, limit=5):
    """Other public reviews like ``review`` (people, label, era, title words)."""
    if review is None or not getattr(review, "pk", None):
        return []
    # Kept per review until anything public changes (it reads the whole index): a live page (an
    # editor's, or one the page cache did not keep) does not search again.
    limit = int(limit)
    return remember(f"more-like-this:{review.pk}:{limit}", lambda: related_reviews(review, limit=limit))
