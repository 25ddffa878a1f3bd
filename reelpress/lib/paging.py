"""Paginators for lists: told their total (known without counting rows), and a deepest page."""

from django.core.paginator import Paginator
from django.http import Http404


class CountedPaginator(Paginator):
    def __init__(self, object_list, per_page, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = count  # Paginator.count is a cached_property: set, never computed


# The deepest page a numbered list offers. A page is an index walk from the top of its list, so
# its cost grows with its depth; past this the archive by year, search and the API's cursor
# reach every review at the cost of one page (docs/decisions.md, "Lists walk an index").
MAX_PAGE = 500


class PageTooDeep(Http404):
    """A page number past the deepest: a 404 whose page says where the older entries are."""

    def __init__(self, deepest: int):
        self.deepest = deepest
        super().__init__(f"Lists go {deepest} pages deep")


def bounded_page(paginator, number, deepest: int = MAX_PAGE):
    """``paginator.get_page(number)``, refusing numbers past ``deepest`` (``PageTooDeep``).

    The page knows whether it is the deepest one (``is_deepest``): its "next" link is not offered.
    """
    try:
        asked = int(number)
    except (TypeError, ValueError):
        asked = 1
    if asked > deepest:
        raise PageTooDeep(deepest)
    page = paginator.get_page(number)
    page.is_deepest = page.number >= deepest and page.has_next()
    return page
