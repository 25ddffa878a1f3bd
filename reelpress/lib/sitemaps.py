"""Sitemap sections cut by primary-key range: no counts, and every file is one bounded index range.

File n of a section holds the public rows whose pk is in ((n - 1) * limit, n * limit]; the index
lists files 1 .. ceil(max(pk) / limit), and max(pk) is one index lookup. Rows that are not public
leave gaps, so a file may hold fewer links than ``limit`` or none (an empty file is valid).
"""

from __future__ import annotations

import math

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max


class PkRangePage:
    def __init__(self, object_list, number: int):
        self.object_list, self.number = object_list, number


class PkRangePaginator:
    """The part of ``django.core.paginator.Paginator`` the sitemap views use, by pk range."""

    def __init__(self, items, per_page: int, model):
        self.items, self.per_page, self.model = items, per_page, model

    @property
    def num_pages(self) -> int:
        highest = self.model.objects.aggregate(highest=Max("pk"))["highest"] or 0
        return max(1, math.ceil(highest / self.per_page))

    def page(self, number) -> PkRangePage:
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1 or number > self.num_pages:
            raise EmptyPage("That page contains no results")
        low, high = (number - 1) * self.per_page, number * self.per_page
        return PkRangePage(self.items.filter(pk__gt=low, pk__lte=high).order_by("pk"), number)


class PkRangeSitemap(Sitemap):
    """A section whose ``items()`` (public rows of ``model``) is cut into files by pk range."""

    model = None
    limit = 2000

    @property
    def paginator(self):
        return PkRangePaginator(self.items(), self.limit, self.model)
