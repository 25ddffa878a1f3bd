"""The shapes the API returns and accepts, as ninja schemas (they make the OpenAPI document).

The review record's schema is derived from the ``ReviewRecord`` dataclass itself, so the API
and the exporter can never drift apart.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing

from ninja import Schema
from pydantic import Field, TypeAdapter, create_model

from reelpress.ingest.record import ReviewRecord

# Checks the JSON types of a posted record against the dataclass (a string where a string
# belongs, a list of strings where a list belongs); ingest.validate checks the meaning.
record_adapter: TypeAdapter[ReviewRecord] = TypeAdapter(ReviewRecord)


def _record_fields() -> dict[str, typing.Any]:
    hints = typing.get_type_hints(ReviewRecord)
    out: dict[str, typing.Any] = {}
    for f in dataclasses.fields(ReviewRecord):
        default = f.default if f.default is not dataclasses.MISSING else f.default_factory()
        out[f.name] = (hints[f.name], default)
    return out


ReviewOut = create_model(
    "ReviewOut",
    __base__=Schema,
    __doc__="A public review as its full record (the JSON export's shape) plus its page URL.",
    url=(str, ...),
    **_record_fields(),
)


class Error(Schema):
    detail: str


class FieldError(Schema):
    """A record that cannot be stored: ``field`` names the key to fix."""

    detail: str
    field: str


class ValidationIssue(Schema):
    type: str
    loc: list[str | int] = Field(description='Where: ["query", "page"], ["path", "slug"], ...')
    msg: str


class ValidationErrors(Schema):
    """A parameter that fails its type or range: 422, each problem with where it is."""

    detail: list[ValidationIssue]


class SaveOut(Schema):
    action: str  # "created", "updated" or "unchanged"
    slug: str
    url: str


class FilmRef(Schema):
    slug: str
    title: str
    year: int | None
    url: str


class ReviewSummary(Schema):
    slug: str
    headline: str
    film: FilmRef
    format: str | None
    label: str | None
    verdict: str | None
    author: str | None
    published_at: dt.datetime
    url: str


class ReviewPage(Schema):
    count: int | None = Field(
        description="Reviews matching the filters; null when a combination the tallies do not keep "
        "matched more than can be counted per request (`count_at_least` then says how many at least)"
    )
    count_at_least: int = Field(
        description="A lower bound of the matches: equal to `count` when that is known, else the "
        "number counted before stopping (the count's cap plus one), or for a label alone its "
        "editions with a public review"
    )
    page: int | None = Field(None, description="The page asked for; null when walking by cursor (`after`)")
    limit: int
    pages: int | None = Field(description="Numbered pages in all; null when `count` is null")
    next: str | None = Field(
        None, description="Cursor of the next page (give it as `after`); null at the end"
    )
    items: list[ReviewSummary]


class PersonRef(Schema):
    slug: str
    name: str
    url: str


class CreditOut(Schema):
    role: str  # "director", "cast", ... or "other"
    role_label: str  # as shown: "Director", "Cast", or the printed name of an "other" role
    person: PersonRef
    character: str | None


class ReleaseRef(Schema):
    slug: str
    format: str | None
    label: str | None
    street_date: dt.date | None
    url: str


class FilmOut(Schema):
    slug: str
    title: str
    original_title: str | None
    alternate_titles: list[str]
    year: int | None
    color: str | None
    aspect_ratio: str | None
    runtime_minutes: int | None
    country: str | None
    language: str | None
    url: str
    credits: list[CreditOut]
    releases: list[ReleaseRef] = Field(
        description="The first editions, oldest street date first (undated first)"
    )
    more_releases: str | None = Field(
        description="URL of the film's next editions (`/api/films/{slug}/releases?after=`); null: all shown"
    )
    reviews: list[ReviewSummary] = Field(description="The newest public reviews, newest first")
    more_reviews: str | None = Field(
        description="URL of the film's next reviews (`/api/reviews?film=...&after=`); null: all shown"
    )


class FilmReleasePage(Schema):
    limit: int
    next: str | None = Field(description="Cursor of the next page (give it as `after`); null at the end")
    items: list[ReleaseRef]


class RoleOut(Schema):
    role: str
    role_label: str
    character: str | None
    film: FilmRef


class RoleCount(Schema):
    role: str  # "director", "cast", ... or "other"
    role_label: str  # as shown: "Director", "Cast", or the printed name of an "other" role
    films: int = Field(description="Public films in this role, counted up to 300")
    more: bool = Field(description="True when there are more films than `films` (shown as 300+)")


class PersonOut(Schema):
    slug: str
    name: str
    disambiguator: str | None
    bio: str | None
    url: str
    films: list[FilmRef] = Field(description="The films of this answer's credits, oldest first")
    roles: list[RoleOut] = Field(description="This answer's credits (at most `limit`), oldest film first")
    role_counts: list[RoleCount] = Field(description="Every role of the person, in the site's role order")
    next: str | None = Field(description="Cursor of the next credits (pass it as `after`); null at the end")


class LabelRelease(Schema):
    slug: str
    format: str | None
    street_date: dt.date | None
    spine_number: str | None
    film: FilmRef
    url: str


class LabelOut(Schema):
    slug: str
    name: str
    website: str | None
    url: str
    releases_count: int = Field(description="The label's editions with a public review, in all")
    limit: int
    next: str | None = Field(
        description="Cursor of the next page of editions (give it as `after`); null at the end"
    )
    releases: list[LabelRelease] = Field(description="One page of editions, newest street date first")
