"""Search pages: the results page (also the facet browse pages) and the search-as-you-type JSON."""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from reelpress.images.show import attach_hit_covers
from reelpress.search.documents import FACETS
from reelpress.search.service import clean_filters, search, suggest


def _link(query: str, filters: dict[str, list[str]], page: int = 1) -> str:
    params: list[tuple[str, str]] = [("q", query)] if query else []
    for name in FACETS:
        params += [(name, value) for value in filters.get(name, [])]
    if page > 1:
        params.append(("page", str(page)))
    return "?" + urlencode(params) if params else "?"


def _with(filters, name, slug, add: bool) -> dict:
    changed = {k: list(v) for k, v in filters.items()}
    values = changed.setdefault(name, [])
    if add and slug not in values:
        values.append(slug)
    if not add:
        changed[name] = [v for v in values if v != slug]
    return {k: v for k, v in changed.items() if v}


@require_GET
def results(request):
    query = request.GET.get("q", "")
    filters = clean_filters(request.GET)
    found = search(query, filters, True, request.GET.get("page", 1))
    attach_hit_covers(found.hits)
    for group in found.facets:
        for value in group.values:
            value.url = _link(found.query, _with(filters, group.name, value.slug, not value.selected))
    labels = {(g.name, v.slug): v.label for g in found.facets for v in g.values}
    chosen = [
        {
            "facet": name,
            "label": labels.get((name, slug), slug),
            "remove_url": _link(found.query, _with(filters, name, slug, False)),
        }
        for name, slugs in filters.items()
        for slug in slugs
    ]
    context = {
        "results": found,
        "search_query": found.query,
        "chosen": chosen,
        "suggestion_url": _link(found.suggestion, filters) if found.suggestion else "",
        "previous_url": _link(found.query, filters, found.page - 1) if found.page > 1 else "",
        "next_url": _link(found.query, filters, found.page + 1) if found.page < found.pages else "",
        "browsing": not found.query,
    }
    return render(request, "search/results.html", context)


@require_GET
@cache_control(max_age=60)
def suggestions(request):
    items = suggest(request.GET.get("q", ""))
    return JsonResponse({"query": request.GET.get("q", "")[:200], "suggestions": items})
