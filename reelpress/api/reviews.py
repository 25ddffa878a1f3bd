"""Reviews: the public list and record, and the one write endpoint (through ``ingest.store.save``)."""

from __future__ import annotations

import json
import math

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Value
from django.db.models.functions import Concat
from django.shortcuts import get_object_or_404
from django.utils.dateparse import parse_datetime
from ninja import Query, Router, Schema
from ninja.errors import ValidationError as ParameterInvalid
from pydantic import Field, ValidationError

from reelpress.api import totals
from reelpress.api.auth import check_can_write, write_auth
from reelpress.api.links import link, review_summary
from reelpress.api.schemas import (
    Error,
    FieldError,
    ReviewOut,
    ReviewPage,
    SaveOut,
    ValidationErrors,
    record_adapter,
)
from reelpress.catalog.models import Film, Label, Release
from reelpress.ingest import store
from reelpress.ingest.export import record_from_review, review_queryset
from reelpress.ingest.record import ReviewRecord
from reelpress.ingest.validate import RecordError, check
from reelpress.lib import budget, keyset
from reelpress.lib.text import fold
from reelpress.reviews.models import Author, Review
from reelpress.reviews.queries import NEWEST, for_lists, newest_of, newest_of_matches, rows_read
from reelpress.reviews.views import verdict_spellings

router = Router(tags=["reviews"])

MAX_LIMIT = 100
MAX_PAGE = 100_000  # keeps page * limit an offset every database takes (a 64-bit integer overflowed)
# The deepest row a numbered page may start at: a page walks an index from the top, so its cost
# grows with its depth; the `after` cursor reaches any depth at the cost of one page.
MAX_OFFSET = 10_000
# The most rows a numbered page past the first may read under a condition on the edition or
# film (label, format, year): such a page reads about sqrt(depth x reviews) rows, the cheaper of
# walking every review down to its depth or sorting every match, which grows with the archive
# (600 ms for a label 10,000 deep at 100,000 reviews: its 14,024 reviews sorted, bench/RESULTS.md).
# Past it, the 422 names the `after` cursor, whose pages read about sqrt(limit x reviews) rows
# at any depth. The first page is always answered.
ROW_BUDGET = 5_000


class ReviewFilters(Schema):
    after: str | None = Field(
        None,
        description="Cursor: the `next` of the previous answer. Each page then costs the same however "
        "deep into the archive it is; `page` is ignored.",
        max_length=100,
    )
    page: int = Field(
        1,
        ge=1,
        le=MAX_PAGE,
        description=f"1-based page number, at most {MAX_PAGE:,}. A page starting more than "
        f"{MAX_OFFSET:,} reviews deep is a 422: follow `next` (the `after` cursor) instead.",
    )
    limit: int = Field(20, ge=1, le=MAX_LIMIT, description=f"Reviews per page, at most {MAX_LIMIT}")
    author: str | None = Field(None, description="Author slug")
    film: str | None = Field(
        None, description="Film slug: the film's reviews (`GET /api/films/{slug}` links here)"
    )
    format: str | None = Field(None, description='Disc format as named, e.g. "Blu-ray" or "4K Ultra HD"')
    label: str | None = Field(None, description="Label slug")
    verdict: str | None = Field(None, description='e.g. "Highly Recommended" (case ignored)')
    year: int | None = Field(None, ge=1, le=9999, description="The film's year")


class RecordInvalid(Exception):
    """A posted record that cannot be stored, with the field to fix (answered as 422)."""

    def __init__(self, field: str, message: str):
        self.field, self.message = field, message
        super().__init__(message)


@router.get(
    "/reviews",
    response={200: ReviewPage, 422: ValidationErrors},
    url_name="list_reviews",
    summary="Public reviews, newest first",
)
def list_reviews(request, filters: Query[ReviewFilters]):
    # The same conditions as correlated EXISTS, for walking the published_at index newest first
    # (reviews_of, below): a join on the edition or film would make the database sort every match.
    walk = Review.objects.public()
    joined = False
    spellings: list[str] = []
    film = None
    if filters.author:
        walk = walk.filter(author__slug=filters.author)
    if filters.film:
        film = Film.objects.filter(slug=filters.film).values_list("pk", flat=True).first()
        walk = walk.filter(film_id=film)
    if filters.format:
        walk = walk.filter(
            Exists(Release.objects.filter(pk=OuterRef("release_id"), format_key=fold(filters.format)))
        )
        joined = True
    if filters.label:
        walk = walk.filter(
            Exists(Release.objects.filter(pk=OuterRef("release_id"), label__slug=filters.label))
        )
        joined = True
    if filters.year:
        walk = walk.filter(Exists(Film.objects.filter(pk=OuterRef("film_id"), year=filters.year)))
        joined = True
    if filters.verdict:
        # The spellings the figures know that equal it ignoring case: alone, the list walks each
        # one down its index. Beside a condition on the edition or film, the verdict (a sixth of
        # the archive each) is checked row by row instead, its index hidden from the planner.
        spellings = verdict_spellings(filters.verdict) or [filters.verdict.strip()]
        if joined:
            walk = _verdict_checked(walk, spellings)
    narrowed = {
        name: getattr(filters, name)
        for name in ("format", "label", "verdict", "year")
        if getattr(filters, name)
    }
    # Filters together (or a film): one budget for counting and reading the page, so the worst
    # combination a stranger can send costs about BUDGET_MS, not a walk of every review of its
    # commonest filter. Alone, a filter's count is a tally and its page one walk, read whole (a
    # cold disk may make it slow, never refused); the label's count alone is budgeted, as it may
    # read reviews (``totals.count``), and past the budget says only the label's tally.
    combined = bool(filters.film) or (bool(narrowed) and (bool(filters.author) or len(narrowed) > 1))
    reviews = _matching(filters, film, spellings, _leading(filters, narrowed, spellings))
    within = budget.Budget(totals.BUDGET_MS) if combined else budget.UNLIMITED
    counting = within if combined or not filters.label else budget.Budget(totals.BUDGET_MS)
    total = totals.count(
        reviews, filters.author, narrowed, film=bool(filters.film), spellings=spellings, within=counting
    )
    if total.exact == 0:
        shown = Review.objects.none()  # a filter nothing matches: no review is read
    else:
        shown = _reviews_of(filters, reviews, walk, joined, spellings, total)
    try:
        with within.statement():
            walk_page, items, page = _page(filters, shown, total)
    except budget.OverBudget:
        message = (
            "these filters together match too few of the reviews they are read from to be listed "
            "within the server's time budget: narrow the list with a more selective filter "
            "(an author, a film, a year)"
        )
        raise ParameterInvalid([{"type": "value_error", "loc": ["query"], "msg": message}]) from None
    return {
        "count": total.exact,
        "count_at_least": total.at_least,
        "page": page,
        "limit": filters.limit,
        "pages": None if total.exact is None else math.ceil(total.exact / filters.limit),
        "next": walk_page.next_cursor,
        "items": [review_summary(r, request) for r in items],
    }


def _page(filters: ReviewFilters, shown, total):
    """The answer's reviews: a cursor page, or a numbered one; with the next cursor."""
    if filters.after is not None:
        after = _cursor(filters.after)
        walk_page = keyset.newest_first(shown, "published_at", filters.limit, after=after)
        items, page = walk_page.items, None
    else:
        start = (filters.page - 1) * filters.limit
        within = total.exact is None or start < total.exact
        if start > MAX_OFFSET and within:
            message = f"numbered pages reach {MAX_OFFSET:,} reviews deep: follow `next` (the `after` cursor)"
            raise ParameterInvalid([{"type": "value_error", "loc": ["query", "page"], "msg": message}])
        items = list(shown[start : start + filters.limit + 1]) if within else []
        more, items = len(items) > filters.limit, items[: filters.limit]
        walk_page = keyset.KeysetPage(items, None, None)
        if more and items:
            walk_page.next_cursor = keyset.cursor(keyset.time_key(items[-1].published_at), items[-1].pk)
        page = filters.page
    return walk_page, items, page


def _reviews_of(filters: ReviewFilters, reviews, walk, joined: bool, spellings: list[str], total):
    """The matching reviews newest first, in a shape that reads about a page of rows: each verdict
    spelling walked down its own index and merged; a film's reviews down the film's index; a
    condition on the edition or film walked down the published_at index when it is common,
    narrowed by its own index when it is rare."""
    if filters.verdict and not joined:
        return newest_of([for_lists(walk.filter(verdict=spelling)) for spelling in spellings])
    if not joined or filters.film:
        return for_lists(reviews).order_by(*NEWEST)
    if filters.after is not None:
        reach = filters.limit  # a cursor page starts where the last one stopped
    else:
        reach = min(filters.page * filters.limit, MAX_OFFSET + filters.limit)
    base = totals.by_author(filters.author)
    start = (filters.page - 1) * filters.limit
    past_the_end = total.exact is not None and start >= total.exact  # an empty page reads nothing
    deep = filters.after is None and start > 0 and not past_the_end
    if deep and rows_read(total.estimate, base, reach) > ROW_BUDGET:
        message = (
            f"this page would read more than {ROW_BUDGET:,} reviews to find its matches: "
            "follow `next` (the `after` cursor), whose pages cost the same at any depth"
        )
        raise ParameterInvalid([{"type": "value_error", "loc": ["query", "page"], "msg": message}])
    return newest_of_matches(for_lists(walk), for_lists(reviews), total.estimate, base, reach)


def _verdict_checked(queryset, spellings: list[str]):
    """``queryset`` with one of the verdict's spellings, on an expression no index covers."""
    return queryset.alias(verdict_text=Concat("verdict", Value(""))).filter(verdict_text__in=spellings)


def _leading(filters: ReviewFilters, narrowed: dict, spellings: list[str]) -> str | None:
    """The filter whose index should lead the narrow plan: with two or more filters (no film), the
    one the tallies say matches fewest reviews, so the database reads that filter's reviews and
    checks the others on each. The planner cannot know it (SQLite keeps no statistics here, and
    a fixed guess led by the author's 40,000 reviews at 1M when the film year held 1,300)."""
    given = dict(narrowed)
    if filters.author:
        given["author"] = filters.author
    if filters.film or len(given) < 2:
        return None
    sizes = {}
    for name, value in given.items():
        if name == "author":
            sizes[name] = totals.by_author(value)
        elif name == "label":
            sizes[name] = totals.label_public_editions(value)
        else:
            sizes[name] = totals.single_figure(name, value, spellings)
    return min(sizes, key=lambda name: (sizes[name], name))


def _matching(filters: ReviewFilters, film: int | None, spellings: list[str], lead: str | None):
    """The public reviews matching every filter. With a leading filter (``_leading``) only that
    one is written so an index serves it; the others are checked on each row, through
    expressions no index covers. Without one, every filter may use its index (the verdict is then
    checked row by row beside a condition on the edition or film, as before)."""
    reviews = Review.objects.public()
    joined = bool(filters.format or filters.label or filters.year)

    def plain(name: str) -> bool:
        return lead is None or lead == name

    if filters.author:
        if plain("author"):
            reviews = reviews.filter(author__slug=filters.author)
        else:
            author = Author.objects.filter(slug=filters.author).values_list("pk", flat=True).first()
            reviews = reviews.alias(author_checked=F("author_id") + 0).filter(author_checked=author or 0)
    if filters.film:
        reviews = reviews.filter(film_id=film)
    if filters.format:
        if plain("format"):
            reviews = reviews.filter(release__format_key=fold(filters.format))
        else:
            checked = Concat("release__format_key", Value(""))
            reviews = reviews.alias(format_checked=checked).filter(format_checked=fold(filters.format))
    if filters.label:
        if plain("label"):
            reviews = reviews.filter(release__label__slug=filters.label)
        else:
            label = Label.objects.filter(slug=filters.label).values_list("pk", flat=True).first()
            checked = F("release__label_id") + 0
            reviews = reviews.alias(label_checked=checked).filter(label_checked=label or 0)
    if filters.year:
        if plain("year"):
            reviews = reviews.filter(film__year=filters.year)
        else:
            reviews = reviews.alias(year_checked=F("film__year") + 0).filter(year_checked=filters.year)
    if filters.verdict:
        if lead == "verdict" or (lead is None and not joined):
            reviews = reviews.filter(verdict__in=spellings)
        else:
            reviews = _verdict_checked(reviews, spellings)
    return reviews


def _cursor(text: str) -> tuple:
    parsed = keyset.parse_cursor(text)
    when = parse_datetime(parsed[0]) if parsed else None
    if when is None:
        # Answered like any other bad query parameter (the 422 this operation documents).
        message = "not a cursor this API gave (use the `next` of an answer)"
        raise ParameterInvalid([{"type": "value_error", "loc": ["query", "after"], "msg": message}])
    return when, parsed[1]


@router.get(
    "/reviews/{slug}",
    response={200: ReviewOut, 404: Error},
    summary="One public review as its full record",
)
def get_review(request, slug: str):
    review = get_object_or_404(review_queryset().public(), slug=slug)
    return {**record_from_review(review).to_dict(), "url": link(review, request)}


@router.post(
    "/reviews",
    auth=write_auth,
    response={200: SaveOut, 201: SaveOut, 401: Error, 403: Error, 422: FieldError},
    summary="Create or update a review from its record",
    description=(
        "The body is one review record, the same JSON as an item of `reelpress export json`. "
        "The review it updates is found by `source_url`, else by `slug`. Answers 201 when a "
        "review was created, 200 when it was updated or was already the same. Staff only: "
        "editors may write any review, critics only reviews whose `reviewer` is their own author."
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": record_adapter.json_schema()}},
        }
    },
)
def save_review(request):
    record = _record_from_body(request.body)
    if record.images:
        # A record's pictures name files on the server: only imports run by the operator use them.
        raise RecordInvalid("images", "images: upload pictures with POST /api/{kind}/{slug}/images instead")
    user = request.auth
    try:
        with transaction.atomic():
            record = check(record)
            check_can_write(user, record, store.find_review(record))
            result = store.save(record)
    except RecordError as exc:
        raise RecordInvalid(exc.field, str(exc)) from None
    status = 201 if result.action == "created" else 200
    return status, {"action": result.action, "slug": result.review.slug, "url": link(result.review, request)}


def _record_from_body(body: bytes) -> ReviewRecord:
    """Parse a posted body into a record, or raise RecordInvalid naming the bad field."""
    try:
        data = json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise RecordInvalid("body", "body: not valid JSON") from None
    except RecursionError:
        raise RecordInvalid("body", "body: JSON nested too deeply (a record is a flat object)") from None
    if not isinstance(data, dict):
        raise RecordInvalid("body", "body: must be one JSON object (a review record)")
    # from_dict drops unknown keys and nulls in list fields, as the importer does; the type
    # check then refuses, say, a number where the record wants a string.
    try:
        return record_adapter.validate_python(ReviewRecord.from_dict(data).to_dict())
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "body"
        raise RecordInvalid(field, f"{field}: {first['msg']}") from None
