"""GET /api/search: the search app's one ``search()`` function, as JSON (its ``Results.to_dict()``)."""

from __future__ import annotations

from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from reelpress.api.schemas import Error, ValidationErrors
from reelpress.site.address import absolute

router = Router(tags=["search"])

_FACET_HELP = "Facet value slug; repeat the parameter for several (at most 5)"


class SearchParams(Schema):
    q: str = Field("", max_length=200, description='Words, "phrases", prefix*, -exclusions, field:value')
    page: int = Field(1, ge=1, le=1000)
    facets: bool = Field(True, description="Count facet values over the matches")
    format: list[str] = Field(default_factory=list, description=_FACET_HELP)
    label: list[str] = Field(default_factory=list, description=_FACET_HELP)
    decade: list[str] = Field(default_factory=list, description='e.g. "1950"')
    director: list[str] = Field(default_factory=list, description=_FACET_HELP)
    verdict: list[str] = Field(default_factory=list, description=_FACET_HELP)
    author: list[str] = Field(default_factory=list, description=_FACET_HELP)


class SearchHit(Schema):
    slug: str
    url: str
    title: str
    year: int | None
    headline: str
    title_html: str = Field(description="The title, escaped, matched words in <mark>")
    snippet_html: str = Field(description="A passage of the review, escaped, matched words in <mark>")
    published_at: str | None
    format: str
    label: str
    verdict: str
    author: str


class FacetCount(Schema):
    slug: str
    label: str
    count: int


class SearchOut(Schema):
    query: str
    filters: dict[str, list[str]]
    total: int
    total_is_lower_bound: bool = Field(description="True when total is a floor (the count is capped)")
    page: int
    pages: int
    took_ms: float
    suggestion: str | None = Field(description="A spelling to try when nothing matched")
    cut_short: bool = Field(
        False,
        description="True when the search ran out of time: hits are what was found in time; narrow the query",
    )
    hits: list[SearchHit]
    facets: dict[str, list[FacetCount]]
    facets_sampled: bool = Field(description="True when facets were counted over the newest matches only")


def _search_function():
    """The search app's public ``search``, or None while that app does not provide one."""
    try:
        from reelpress.search import search
    except ImportError:
        try:
            from reelpress.search.service import search
        except ImportError:
            return None
    return search


@router.get(
    "/search", response={200: SearchOut, 422: ValidationErrors, 503: Error}, summary="Search public reviews"
)
def search_reviews(request, params: Query[SearchParams]):
    search = _search_function()
    if search is None:
        raise HttpError(503, "Search is not available: reelpress.search provides no search() function yet.")
    filters = {
        name: values
        for name in ("format", "label", "decade", "director", "verdict", "author")
        if (values := getattr(params, name))
    }
    data = search(params.q, filters, params.facets, params.page).to_dict()
    # The search app links pages by path; the API answers absolute URLs everywhere.
    for hit in data["hits"]:
        hit["url"] = absolute(hit["url"], request)
    return data
