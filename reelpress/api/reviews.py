"""Reviews: the public list and record, and the one write endpoint (through ``ingest.store.save``)."""

from __future__ import annotations

import json
import math

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.dateparse import parse_datetime
from ninja import Query, Router, Schema
from ninja.errors import ValidationError as ParameterInvalid
from pydantic import Field, ValidationError

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
from reelpress.counts.figures import public_reviews_by_author
from reelpress.ingest import store
from reelpress.ingest.export import record_from_review, review_queryset
from reelpress.ingest.record import ReviewRecord
from reelpress.ingest.validate import RecordError, check
from reelpress.lib import keyset
from reelpress.lib.text import fold
from reelpress.reviews.models import Author, Review
from reelpress.reviews.queries import for_lists

router = Router(tags=["reviews"])

MAX_LIMIT = 100
MAX_PAGE = 100_000  # keeps page * limit an offset every database takes (a 64-bit integer overflowed)


class ReviewFilters(Schema):
    after: str | None = Field(
        None,
        description="Cursor: the `next` of the previous answer. Each page then costs the same however "
        "deep into the archive it is; `page` is ignored.",
        max_length=100,
    )
    page: int = Field(1, ge=1, le=MAX_PAGE, description=f"1-based page number, at most {MAX_PAGE:,}")
    limit: int = Field(20, ge=1, le=MAX_LIMIT, description=f"Reviews per page, at most {MAX_LIMIT}")
    author: str | None = Field(None, description="Author slug")
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
    "/reviews", response={200: ReviewPage, 422: ValidationErrors}, summary="Public reviews, newest first"
)
def list_reviews(request, filters: Query[ReviewFilters]):
    reviews = Review.objects.public()
    if filters.author:
        reviews = reviews.filter(author__slug=filters.author)
    if filters.format:
        reviews = reviews.filter(release__format_key=fold(filters.format))
    if filters.label:
        reviews = reviews.filter(release__label__slug=filters.label)
    if filters.verdict:
        reviews = reviews.filter(verdict__iexact=filters.verdict.strip())
    if filters.year:
        reviews = reviews.filter(film__year=filters.year)
    count = _count(reviews, filters)
    if filters.after is not None:
        after = _cursor(filters.after)
        walk = keyset.newest_first(for_lists(reviews), "published_at", filters.limit, after=after)
        items, page = walk.items, None
    else:
        start = (filters.page - 1) * filters.limit
        items = list(for_lists(reviews.order_by("-published_at", "-id"))[start : start + filters.limit + 1])
        more, items = len(items) > filters.limit, items[: filters.limit]
        walk = keyset.KeysetPage(items, None, None)
        if more and items:
            walk.next_cursor = keyset.cursor(keyset.time_key(items[-1].published_at), items[-1].pk)
        page = filters.page
    return {
        "count": count,
        "page": page,
        "limit": filters.limit,
        "pages": math.ceil(count / filters.limit),
        "next": walk.next_cursor,
        "items": [review_summary(r, request) for r in items],
    }


def _count(reviews, filters: ReviewFilters) -> int:
    """The total: from the tallies (one row per author) unless a filter other than the author's
    narrows the list; then counted, at a cost that follows the matches, not the archive."""
    narrowed = (filters.format, filters.label, filters.verdict, filters.year)
    if any(value for value in narrowed):
        return reviews.count()
    counts = public_reviews_by_author()
    if filters.author:
        author = Author.objects.filter(slug=filters.author).values_list("pk", flat=True).first()
        return counts.get(author, 0) if author is not None else 0
    return sum(counts.values())


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
