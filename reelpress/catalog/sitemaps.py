"""Sitemap sections of the catalog app: the films, people, labels and editions of public reviews."""

from django.contrib.sitemaps import Sitemap

from reelpress.catalog import public


class FilmSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6
    limit = 10000

    def items(self):
        return public.films().only("slug").order_by("pk")


class PersonSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.4
    limit = 10000

    def items(self):
        return public.people().only("slug").order_by("pk")


class LabelSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.4

    def items(self):
        return public.labels().only("slug").order_by("pk")


class ReleaseSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5
    limit = 10000

    def items(self):
        return public.releases().only("slug").order_by("pk")
