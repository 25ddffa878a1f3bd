"""Sitemap sections of the reviews app: public reviews, authors and column updates."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Count, Max

from reelpress.reviews.models import Author, Column, Review
from reelpress.reviews.queries import public_q


class ReviewSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 10000

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
        return (
            Author.objects.annotate(
                n=Count("reviews", filter=public_q("reviews__")),
                latest=Max("reviews__updated_at", filter=public_q("reviews__")),
            )
            .filter(n__gt=0)
            .order_by("pk")
        )

    def lastmod(self, item):
        return item.latest


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
