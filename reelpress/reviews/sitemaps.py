"""Sitemap sections of the reviews app: public reviews, authors and column updates."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from reelpress.counts.figures import public_review_count, public_reviews_by_author
from reelpress.lib.paging import CountedPaginator
from reelpress.reviews.models import Author, Column, Review


class ReviewSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 10000

    @property
    def paginator(self):
        # The index needs the number of files: from the tallies, not a count of every review.
        return CountedPaginator(self._items(), self.limit, public_review_count())

    def items(self):
        return Review.objects.public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # One aggregate instead of Django's default walk over every item for the index page.
        return Review.objects.public().aggregate(latest=Max("updated_at"))["latest"]


class AuthorSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.4

    def items(self):
        # Critics with a public review, from the tallies; no lastmod (optional in a sitemap): the
        # latest of a critic's reviews would be read from every one of them.
        authors = [pk for pk in public_reviews_by_author() if pk is not None]
        return Author.objects.filter(pk__in=authors).order_by("pk")


class ColumnSitemap(Sitemap):
    changefreq = "never"
    priority = 0.5
    limit = 10000

    def items(self):
        return Column.objects.public().order_by("pk")

    def lastmod(self, item):
        return item.date

    def get_latest_lastmod(self):
        return Column.objects.public().aggregate(latest=Max("date"))["latest"]
