"""The one search interface: ``search(query, filters, facets, page) -> Results``, plus suggestions.

Work per query is bounded whatever the query: backends return at most ``CAP`` newest matches
(and a few small "tier" scans of titles, names and facts); ranking, facet counts and snippets
are computed over that bounded set. Past ``CAP`` the total is shown as "500+" and facet
counts are labelled as counted over the newest matches.
"""

from __future__ import annotations

import heapq
import math
import re
import time
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from operator import itemgetter
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from reelpress.catalog.models import AlternateTitle, Film, Label, Release
from reelpress.reviews.models import Author, Review
from reelpress.search.backends import Row, SearchError, backend_for
from reelpress.search.backends.base import SearchTimeout, group_facets
from reelpress.search.documents import FACET_LABELS, FACETS, now_key
from reelpress.search.query import Query, Term, clean, parse
from reelpress.search.spelling import did_you_mean
from reelpress.search.text import mark, snippet, tokens

CAP = 500
TIER_CAP = 50
PAGE_SIZE = 20
MAX_PAGES = CAP // PAGE_SIZE
FACET_VALUES_SHOWN = 10
SUGGESTIONS = 8


@dataclass
class FacetValue:
    slug: str
    label: str
    count: int
    selected: bool = False


@dataclass
class FacetGroup:
    name: str
    label: str
    values: list[FacetValue]


@dataclass
class Hit:
    """One result: what the results page shows, highlighted (title_html and snippet_html are safe HTML)."""

    review_id: int
    slug: str
    url: str
    title: str
    year: int | None
    headline: str
    title_html: str
    snippet_html: str
    published_at: object = None
    disc_format: str = ""
    label: str = ""
    verdict: str = ""
    author: str = ""
    also_known_as_html: str = ""
    film_id: int = 0
    original_title: str = ""


@dataclass
class Results:
    query: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    total_is_lower_bound: bool = False
    facets: list[FacetGroup] = field(default_factory=list)
    facets_sampled: bool = False
    page: int = 1
    page_size: int = PAGE_SIZE
    pages: int = 0
    took_ms: float = 0.0
    suggestion: str | None = None
    #: the search spent its time budget: hits are what was found in time (perhaps none, perhaps
    #: not in the best order), and the page asks the reader to narrow the search
    cut_short: bool = False

    @property
    def total_display(self) -> str:
        return f"{self.total:,}+" if self.total_is_lower_bound else f"{self.total:,}"

    def to_dict(self) -> dict:
        """A JSON-ready form (for the API): hits as titles, URLs and highlighted HTML snippets."""
        return {
            "query": self.query,
            "filters": self.filters,
            "total": self.total,
            "total_is_lower_bound": self.total_is_lower_bound,
            "page": self.page,
            "pages": self.pages,
            "took_ms": round(self.took_ms, 2),
            "suggestion": self.suggestion,
            "cut_short": self.cut_short,
            "hits": [
                {
                    "slug": hit.slug,
                    "url": hit.url,
                    "title": hit.title,
                    "year": hit.year,
                    "headline": hit.headline,
                    "title_html": hit.title_html,
                    "snippet_html": hit.snippet_html,
                    "published_at": hit.published_at.isoformat() if hit.published_at else None,
                    "format": hit.disc_format,
                    "label": hit.label,
                    "verdict": hit.verdict,
                    "author": hit.author,
                }
                for hit in self.hits
            ],
            "facets": {
                group.name: [{"slug": v.slug, "label": v.label, "count": v.count} for v in group.values]
                for group in self.facets
            },
            "facets_sampled": self.facets_sampled,
        }


def clean_filters(filters) -> dict[str, list[str]]:
    """Known facets only, values reduced to slug characters (at most 5 values per facet)."""
    cleaned: dict[str, list[str]] = {}
    if not filters:
        return cleaned
    for name in FACETS:
        values = filters.getlist(name) if hasattr(filters, "getlist") else filters.get(name)
        if values is None:
            continue
        if isinstance(values, str):
            values = [values]
        kept = []
        for value in list(values)[:5]:
            value = "".join(c for c in str(value).lower()[:120] if c.isascii() and (c.isalnum() or c == "-"))
            if name == "decade":
                value = value[:4] if value[:4].isdigit() else ""
            if value and value not in kept:
                kept.append(value)
        if kept:
            cleaned[name] = kept
    return cleaned


def search(
    query: str | None = "", filters=None, facets=True, page: int = 1, page_size: int = PAGE_SIZE
) -> Results:
    """Search public reviews. ``filters``: {facet: [slug, ...]}; ``facets``: True, False or facet names."""
    started = time.perf_counter()
    parsed = parse(query)
    cleaned = clean_filters(filters)
    try:
        page = max(1, min(int(page), MAX_PAGES))
    except (TypeError, ValueError):
        page = 1
    results = Results(query=parsed.text, filters=cleaned, page=page, page_size=page_size)
    backend = _budgeted(backend_for())
    now = now_key(timezone.now())
    try:
        _run(backend, parsed, cleaned, facets, results, now)
        if results.total == 0 and not parsed.empty and not results.cut_short:
            results.suggestion = did_you_mean(backend, parsed, cleaned, now)
    except SearchTimeout:
        results.cut_short = True
    except SearchError:
        results.hits, results.total, results.facets = [], 0, []
    results.took_ms = (time.perf_counter() - started) * 1000
    return results


def _budgeted(backend):
    """The backend with this search's deadline set (``REELPRESS_SEARCH_BUDGET_MS``; 0: none)."""
    budget = getattr(settings, "SEARCH_BUDGET_MS", 0)
    backend.deadline = time.monotonic() + budget / 1000 if budget else None
    return backend


def _run(backend, query: Query, filters, facets, results: Results, now: int) -> None:
    rows = backend.scan(query, filters, CAP + 1, now)
    capped = len(rows) > CAP
    rows = rows[:CAP]
    try:
        ranked = _rank(backend, query, filters, rows, capped, now)
    except SearchTimeout:  # the matches are in hand, newest first: show them unranked
        ranked, results.cut_short = rows, True
    total, counts, sampled = len(rows), None, capped
    single = _single_filter(filters)
    if query.empty and (not filters or single):
        grand_total, totals = backend.facet_totals(now)
        if not filters:
            total, counts, capped, sampled = grand_total, totals, False, False
        else:
            total, capped = totals.get(single, ("", 0))[1], False
    if counts is None and facets:
        counts = group_facets(rows)
    results.total, results.total_is_lower_bound = total, capped
    results.facets_sampled = sampled and bool(facets)
    results.pages = min(MAX_PAGES, math.ceil(total / results.page_size)) if total else 0
    offset = (results.page - 1) * results.page_size
    page_rows = ranked[offset : offset + results.page_size]
    if len(page_rows) < results.page_size and len(rows) == CAP:
        try:
            last = rows[-1].docid
            page_rows = _deeper(backend, query, filters, ranked, last, offset, results.page_size, now)
        except SearchTimeout:
            results.cut_short = True
    results.hits = _hits(page_rows, query)
    if facets and counts is not None:
        results.facets = _groups(counts, filters, facets)


def _single_filter(filters) -> tuple[str, str] | None:
    if len(filters) == 1:
        ((name, values),) = filters.items()
        if len(values) == 1:
            return name, values[0]
    return None


def _deeper(backend, query, filters, ranked, last_docid, offset, size, now) -> list[Row]:
    """Rows past the first CAP matches (deep pages): keep walking newest first below the last one."""
    seen = {r.docid for r in ranked}
    need = offset + size - len(ranked)
    more = [
        r
        for r in backend.scan(query, filters, need + len(seen), now, below=last_docid)
        if r.docid not in seen
    ]
    combined = ranked + more
    return combined[offset : offset + size]


def score(row: Row, terms: list[Term], exact: str | None) -> int:
    """Titles above names above facts above body; an exact title match above everything."""
    titles, people, facts = row.titles, row.people, row.facts
    value = 1_000_000 if exact and f"| {exact} |" in titles else 0
    for term in terms:
        needle = " " + " ".join(term.words) + ("" if term.prefix else " ")
        if term.field in (None, "title") and needle in titles:
            value += 100
        elif term.field in (None, "directors", "credits") and needle in people:
            value += 10
        elif term.field in (None, "label", "format", "verdict", "author", "facts") and needle in facts:
            value += 1
    return value


def _needs_verify(query: Query) -> bool:
    plain = [t for t in query.must if isinstance(t, Term) and t.field is None]
    return len(query.must) != 1 or len(plain) != 1 or bool(query.must_not)


def _rank(backend, query: Query, filters, rows: list[Row], capped: bool, now: int) -> list[Row]:
    """Order the bounded candidates: exact title, then title, name and fact matches, then the rest by date."""
    terms = query.positive_terms()
    if not terms:
        return rows
    plain = query.plain_words()
    exact = " ".join(plain) if plain else None
    if not capped:  # every match is in hand: score them all
        scored = [(score(r, terms, exact), r) for r in rows]
        scored.sort(key=lambda pair: (-pair[0], -pair[1].docid))
        return [r for _, r in scored]
    # Too many matches to score: rank only the newest title, name and fact matches (small tier
    # scans of the tier indexes); body-only matches follow, newest first.
    extra: list[Row] = []
    exact_term = Term(tuple(plain)) if exact else None
    # For one plain word the exact-title scan is the title tier's own scan: run it once.
    if exact_term and [t for t in terms if t.field is None] != [exact_term]:
        extra += backend.scan(Query(must=[exact_term]), filters, TIER_CAP, now, tier="title")
    for tier in ("title", "people", "facts"):
        extra += backend.scan(query, filters, TIER_CAP, now, tier=tier)
    tiered = {r.docid: r for r in extra}
    if tiered and _needs_verify(query):
        matching = backend.verify(query, filters, list(tiered), now)
        tiered = {d: r for d, r in tiered.items() if d in matching}
    scored = [(score(r, terms, exact), r) for r in tiered.values()]
    scored = sorted((pair for pair in scored if pair[0]), key=lambda pair: (-pair[0], -pair[1].docid))
    head = [r for _, r in scored]
    seen = {r.docid for r in head}
    return head + [r for r in rows if r.docid not in seen]


_HIT_SQL = """
SELECT r.id, r.slug, r.headline, r.blurb, r.body, r.published_at, r.verdict, r.film_id, f.title, f.year,
       f.original_title, rel.disc_format, l.name, a.name
FROM {review} r
JOIN {film} f ON f.id = r.film_id
LEFT JOIN {release} rel ON rel.id = r.release_id
LEFT JOIN {label} l ON l.id = rel.label_id
LEFT JOIN {author} a ON a.id = r.author_id
WHERE r.id IN ({ids}) AND r.status <> %s AND r.published_at <= %s
"""


def _hit_rows(review_ids: list[int]) -> dict[int, tuple]:
    """The page's reviews in one plain query (public ones only, whatever the index says)."""
    sql = _HIT_SQL.format(
        review=Review._meta.db_table,
        film=Film._meta.db_table,
        release=Release._meta.db_table,
        label=Label._meta.db_table,
        author=Author._meta.db_table,
        ids=", ".join(["%s"] * len(review_ids)),
    )
    field = Review._meta.get_field("published_at")
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [*review_ids, Review.Status.DRAFT, field.get_db_prep_value(timezone.now(), connection)]
        )
        rows = cursor.fetchall()
    converters = connection.ops.get_db_converters(field.get_col(Review._meta.db_table))
    out = {}
    for row in rows:
        published = row[5]
        for converter in converters:
            published = converter(published, field, connection)
        if isinstance(published, str):
            published = field.to_python(published)
        out[row[0]] = row[:5] + (published,) + row[6:]
    return out


@lru_cache(maxsize=8)
def _url_pattern(name: str) -> str:
    return reverse(name, args=["__slug__"])


_SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")


def _url(name: str, slug: str, fallback: str = "") -> str:
    """The URL of a ``<slug:slug>`` page without a full ``reverse()`` per hit (it is per query hot)."""
    if slug and _SLUG.match(slug):
        return _url_pattern(name).replace("__slug__", slug)
    return fallback


def _hits(rows: list[Row], query: Query) -> list[Hit]:
    if not rows:
        return []
    found = _hit_rows([row.review_id for row in rows])
    terms = query.highlight_terms()
    hits = []
    unmarked_films = set()
    for row in rows:
        r = found.get(row.review_id)
        if r is None:
            continue
        (
            rid,
            slug,
            headline,
            blurb,
            body,
            published,
            verdict,
            film_id,
            title,
            year,
            original,
            fmt,
            label,
            author,
        ) = r
        title_html = mark(title, terms) if terms else escape(title)
        if terms and "<mark>" not in title_html and _title_hit(row, terms):
            unmarked_films.add(film_id)
        text = (body or blurb) if terms else (blurb or body)
        body_snippet = snippet(text, terms)
        if terms and "<mark>" not in body_snippet and blurb:
            body_snippet = snippet(blurb, terms)
        hits.append(
            Hit(
                review_id=rid,
                slug=slug,
                url=_url("reviews:review", slug),
                title=title,
                year=year,
                headline=headline,
                title_html=title_html,
                snippet_html=body_snippet,
                published_at=published,
                disc_format=fmt or "",
                label=label or "",
                verdict=verdict or "",
                author=author or "",
                film_id=film_id,
                original_title=original or "",
            )
        )
    if unmarked_films:
        _also_known_as(hits, unmarked_films, terms)
    return hits


def _title_hit(row: Row, terms) -> bool:
    titles = row.titles
    return any(" " + " ".join(words) + ("" if prefix else " ") in titles for words, prefix in terms)


def _also_known_as(hits: list[Hit], film_ids: set[int], terms) -> None:
    """For hits found by an original or alternate title, show that title highlighted."""
    others: dict[int, list[str]] = {}
    ids = sorted(film_ids)
    with connection.cursor() as cursor:  # plain SQL: the ORM's query building cost 0.5 ms per search
        cursor.execute(
            f"SELECT film_id, title FROM {AlternateTitle._meta.db_table} "  # noqa: S608
            f'WHERE film_id IN ({", ".join(["%s"] * len(ids))}) ORDER BY "order", id',
            ids,
        )
        for film_id, title in cursor.fetchall():
            others.setdefault(film_id, []).append(title)
    for hit in hits:
        if hit.film_id not in film_ids:
            continue
        for title in [hit.original_title] + others.get(hit.film_id, []):
            marked = mark(title or "", terms)
            if "<mark>" in marked:
                hit.also_known_as_html = marked
                break


def _top(values: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
    """The most frequent values (slug, label, n), ties by label: only the candidates are sorted."""
    if len(values) > FACET_VALUES_SHOWN:
        floor = heapq.nlargest(FACET_VALUES_SHOWN, map(itemgetter(2), values))[-1]
        values = [v for v in values if v[2] >= floor]
    return sorted(values, key=lambda v: (-v[2], v[1].casefold()))[:FACET_VALUES_SHOWN]


def _groups(counts, filters, wanted) -> list[FacetGroup]:
    names = list(FACETS) if wanted is True else [n for n in FACETS if n in set(wanted)]
    by_facet: dict[str, list] = {}
    for (facet, slug), (label, n) in counts.items():
        by_facet.setdefault(facet, []).append((slug, label, n))
    groups = []
    for name in names:
        chosen = set(filters.get(name, []))
        values = by_facet.get(name, [])
        if name == "decade":
            shown = sorted(values)
        else:
            shown = _top(values)
        shown += [v for v in values if v[0] in chosen and v not in shown]
        if shown:
            groups.append(
                FacetGroup(
                    name, FACET_LABELS[name], [FacetValue(s, lab, n, s in chosen) for s, lab, n in shown]
                )
            )
    return groups


def _labels_and_critics(phrase: str, limit: int) -> list[dict]:
    """Labels and critics with a public review whose name has a word starting with ``phrase``.

    Not in the search index (a review's entry carries them only as facts), but both tables are
    small (a label per publisher, a row per critic), so their folded names are matched here.
    """
    public = Review.objects.public()
    words = Q(name_key__startswith=phrase) | Q(name_key__contains=" " + phrase)
    labels = (
        Label.objects.filter(words)
        .filter(Exists(public.filter(release__label=OuterRef("pk"))))
        .only("name", "name_key", "slug")[:limit]
    )
    critics = (
        Author.objects.filter(words)
        .filter(Exists(public.filter(author=OuterRef("pk"))))
        .only("name", "name_key", "slug")[:limit]
    )
    return [
        {
            "kind": kind,
            "label": row.name,
            "slug": row.slug,
            "url": row.get_absolute_url(),
            "n": 0,
            "start": row.name_key.startswith(phrase),
        }
        for kind, rows in (("label", labels), ("critic", critics))
        for row in rows
    ]


def suggest(text: str | None, limit: int = SUGGESTIONS) -> list[dict]:
    """Titles, people, labels and critics whose words start with what was typed (public only);
    the most reviewed titles and people first."""
    words = tokens(clean(text))[:6]
    if not words or len(" ".join(words)) < 2:
        return []
    phrase = " ".join(words)
    try:
        rows = _budgeted(backend_for()).prefix_rows(words, now_key(timezone.now()), 200)
    except SearchError:
        rows = []
    found: dict[tuple[str, str], dict] = {}
    needle = " " + phrase  # token strings are "| word word | word |": a space precedes every word
    for _docid, titles, people, display, slug, people_display in rows:
        if needle in titles:
            item = found.setdefault(
                ("title", display), {"kind": "title", "label": display, "slug": slug, "n": 0}
            )
            item["n"] += 1
            item["start"] = item.get("start", False) or ("| " + phrase) in titles
        if needle in people and people_display:
            for folded, line in zip(people[2:-2].split(" | "), people_display.split("\n")):
                if needle in " " + folded:
                    person_slug, name = line.split("\t", 1)
                    item = found.setdefault(
                        ("person", person_slug),
                        {"kind": "person", "label": name, "slug": person_slug, "n": 0},
                    )
                    item["n"] += 1
                    item["start"] = folded.startswith(phrase)
    for item in _labels_and_critics(phrase, limit):
        found.setdefault((item["kind"], item["slug"]), item)
    ranked = sorted(found.values(), key=lambda i: (not i.get("start"), -i["n"], i["label"].casefold()))[
        :limit
    ]
    out = []
    for item in ranked:
        if item["kind"] in ("label", "critic"):
            out.append({"kind": item["kind"], "label": item["label"], "url": item["url"]})
            continue
        if item["kind"] == "title":
            url = _url("reviews:review", item["slug"], "/search/?" + urlencode({"q": item["label"]}))
        else:
            url = _url(
                "catalog:person", item["slug"], "/search/?" + urlencode({"q": f'actor:"{item["label"]}"'})
            )
        out.append({"kind": item["kind"], "label": item["label"], "url": url})
    return out
