"""RSS and Atom feeds: the latest public reviews, per author, and the column updates.

Item descriptions are blurbs (plain text); no feed carries an email address. A review with a
cover carries it as the item's enclosure (RSS ``<enclosure>``, Atom ``<link rel="enclosure">``).
"""

import contextvars
import datetime as dt

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure

from reelpress.images.public import attach_covers
from reelpress.images.show import FEED_WIDTH, absolute_url, rendition
from reelpress.lib import compiled
from reelpress.reviews.models import Author, Column, Review
from reelpress.reviews.queries import for_lists, public_entries_prefetch

FEED_SIZE = 30

# The request a feed is being built for: enclosure URLs must be absolute, and Django's Feed hands
# the request to get_feed() only (one Feed instance answers every request, so not on self).
_request = contextvars.ContextVar("feed_request", default=None)


class CoverEnclosures:
    """Each review's cover (``review.cover``, attached by ``items``) as its enclosure."""

    def get_feed(self, obj, request):
        token = _request.set(request)
        try:
            return super().get_feed(obj, request)
        finally:
            _request.reset(token)

    def item_enclosures(self, item):
        cover = getattr(item, "cover", None)
        if cover is None:
            return []
        chosen = rendition(cover, FEED_WIDTH)
        url = absolute_url(chosen["url"], _request.get())
        return [Enclosure(url, str(chosen["bytes"]), chosen["mime"])]


class ReviewsRss(CoverEnclosures, Feed):
    """The latest public reviews, as RSS 2.0."""

    description = "The latest film and home-video reviews."

    def title(self):
        return f"{settings.SITE_NAME}: reviews"

    def link(self):
        return reverse("reviews:home")

    def feed_url(self):
        return reverse("reviews:feed_rss")

    def items(self):
        return _with_tags_and_covers(for_lists(Review.objects.public())[:FEED_SIZE])

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.blurb

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.author.name if item.author_id else None

    def item_author_link(self, item):
        return item.author.get_absolute_url() if item.author_id else None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


def _with_tags_and_covers(reviews) -> list:
    """The reviews with their tags and covers, by statements compiled once (``lib.compiled``)."""
    reviews = list(reviews)
    compiled.attach(reviews, "tags")
    return attach_covers(reviews)


class ReviewsAtom(ReviewsRss):
    """The latest public reviews, as Atom 1.0."""

    feed_type = Atom1Feed
    subtitle = ReviewsRss.description

    def feed_url(self):
        return reverse("reviews:feed_atom")


class AuthorRss(ReviewsRss):
    """One critic's latest public reviews, as RSS 2.0."""

    def get_object(self, request, slug):
        # A critic whose reviews are all drafts or scheduled has no public feed yet.
        published = Review.objects.public().filter(author=OuterRef("pk"))
        return get_object_or_404(Author.objects.filter(Exists(published)), slug=slug)

    def title(self, obj):
        return f"{settings.SITE_NAME}: reviews by {obj.name}"

    def description(self, obj):
        return f"The latest reviews by {obj.name}."

    def link(self, obj):
        return obj.get_absolute_url()

    def feed_url(self, obj):
        return reverse("reviews:author_feed_rss", args=[obj.slug])

    def items(self, obj):
        return _with_tags_and_covers(for_lists(Review.objects.public().filter(author=obj))[:FEED_SIZE])


class AuthorAtom(AuthorRss):
    """One critic's latest public reviews, as Atom 1.0."""

    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)

    def feed_url(self, obj):
        return reverse("reviews:author_feed_atom", args=[obj.slug])


class ColumnsRss(Feed):
    """The latest public column updates, as RSS 2.0."""

    description = "Each column update: the critic's notes and the new reviews."

    def title(self):
        return f"{settings.SITE_NAME}: column updates"

    def link(self):
        return reverse("reviews:home")

    def feed_url(self):
        return reverse("reviews:columns_feed_rss")

    def items(self):
        return (Column.objects.public().select_related("author").prefetch_related(public_entries_prefetch()))[
            :FEED_SIZE
        ]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        headlines = [entry.review.headline for entry in item.public_entries]
        return "New reviews: " + "; ".join(headlines) + "." if headlines else ""

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return dt.datetime.combine(item.date, dt.time(), tzinfo=dt.UTC)

    def item_author_name(self, item):
        return item.author.name if item.author_id else None


class ColumnsAtom(ColumnsRss):
    """The latest public column updates, as Atom 1.0."""

    feed_type = Atom1Feed
    subtitle = ColumnsRss.description

    def feed_url(self):
        return reverse("reviews:columns_feed_atom")
