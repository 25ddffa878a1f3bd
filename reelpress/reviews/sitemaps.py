"""Sitemap sections of the reviews app: public reviews, authors and column updates."""

from reelpress.counts.figures import public_reviews_by_author
from reelpress.lib.sitemaps import PkRangeSitemap
from reelpress.reviews.models import Author, Column, Review

LASTMOD_LOOKAHEAD = 50


class ReviewSitemap(PkRangeSitemap):
    changefreq = "monthly"
    priority = 0.8
    model = Review

    def items(self):
        return Review.objects.public().only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # The latest saves, down the updated_at index, and the first public one among them: with
        # the public condition in SQL the database sorts every public review by updated_at instead.
        # None (no lastmod, which is optional) if the latest saves are all drafts.
        latest = Review.objects.order_by("-updated_at")[:LASTMOD_LOOKAHEAD]
        return next(
            (r.updated_at for r in latest.only("status", "published_at", "updated_at") if r.is_public), None
        )


class AuthorSitemap(PkRangeSitemap):
    changefreq = "weekly"
    priority = 0.4
    model = Author

    def items(self):
        # Critics with a public review, from the tallies; no lastmod (optional in a sitemap): the
        # latest of a critic's reviews would be read from every one of them.
        authors = [pk for pk in public_reviews_by_author() if pk is not None]
        return Author.objects.filter(pk__in=authors)


class ColumnSitemap(PkRangeSitemap):
    changefreq = "never"
    priority = 0.5
    model = Column

    def items(self):
        return Column.objects.public()

    def lastmod(self, item):
        return item.date

    def get_latest_lastmod(self):
        # Down the date index to the latest public update.
        return Column.objects.public().order_by("-date").values_list("date", flat=True).first()
