"""Sitemap sections of the catalog app: the films, people, labels and editions of public reviews."""

from reelpress.catalog import public
from reelpress.catalog.models import Film, Label, Person, Release
from reelpress.lib.sitemaps import PkRangeSitemap


class FilmSitemap(PkRangeSitemap):
    changefreq = "monthly"
    priority = 0.6
    model = Film

    def items(self):
        return public.films().only("slug")


class PersonSitemap(PkRangeSitemap):
    changefreq = "monthly"
    priority = 0.4
    model = Person

    def items(self):
        return public.people().only("slug")


class LabelSitemap(PkRangeSitemap):
    changefreq = "weekly"
    priority = 0.4
    model = Label

    def items(self):
        return public.labels().only("slug")


class ReleaseSitemap(PkRangeSitemap):
    changefreq = "monthly"
    priority = 0.5
    model = Release

    def items(self):
        return public.releases().only("slug")
