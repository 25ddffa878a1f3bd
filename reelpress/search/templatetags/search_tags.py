"""Template tags of the search app: ``{% more_like_this review as similar %}``."""

from django import template

from reelpress.search.related import more_like_this as related_reviews

register = template.Library()


@register.simple_tag
def more_like_this(review, limit=5):
    """Other public reviews like ``review`` (people, label, era, title words)."""
    if review is None or not getattr(review, "pk", None):
        return []
    return related_reviews(review, limit=int(limit))
