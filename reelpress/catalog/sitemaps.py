"""Sitemap sections of the catalog app: the films, people, labels and editions of public reviews."""

from django.contrib.sitemaps import Sitemap

from reelpress.catalog import public
from reelpress.lib.paging import CountedPaginator
from reelpress.pagecache.figures import remember


class _Counted(Sitemap):
    """The index's number of files for a section, counted once per change rather than per request."""

    @property
    def paginator(self):
        items = self._items()
        count = remember(f"sitemap-{type(self).__name__}", items.count)
        return CountedPaginator(items, self.limit, count)


class FilmSitemap(_Counted):
    changefreq = "monthly"
    priority = 0.6
    limit = 10000

    def items(self):
        return public.films().only("slug").order_by("pk")


class PersonSitemap(_Counted):
    changefreq = "monthly"
    priority = 0.4
    limit = 10000

    def items(self):
        return public.people().only("slug").order_by("pk")


class LabelSitemap(_Counted):
    changefreq = "weekly"
    priority = 0.4

    def items(self):
        return public.labels().only("slug").order_by("pk")


class ReleaseSitemap(_Counted):
    changefreq = "monthly"
    priority = 0.5
    limit = 10000

    def items(self):
        return public.releases().only("slug").order_by("pk")
