"""The normalised review record: the one shape every way in produces.

Its JSON form is ``../shared/formats/SCHEMA.md`` plus the fields a full review needs.
``ingest.store.save()`` is the one function that writes a record to the database.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

# Credit roles carried as named lists, in the order pages print them.
ROLE_FIELDS = ("directors", "writers", "producers", "cinematographers", "editors", "composers")


@dataclass
class ReviewRecord:
    # --- the film
    title: str = ""
    original_title: str | None = None
    alternate_titles: list[str] = field(default_factory=list)
    year: int | None = None
    runtime_minutes: int | None = None
    color: str | None = None  # "color", "b&w", "color and b&w"
    aspect_ratio: str | None = None  # "2.35:1"
    country: str | None = None
    language: str | None = None
    # --- credits (names as printed; cast in billing order)
    directors: list[str] = field(default_factory=list)
    writers: list[str] = field(default_factory=list)
    producers: list[str] = field(default_factory=list)
    cinematographers: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    composers: list[str] = field(default_factory=list)
    cast: list[str] = field(default_factory=list)
    characters: dict[str, str] = field(default_factory=dict)  # actor name -> character
    other_credits: dict[str, list[str]] = field(default_factory=dict)  # role -> names
    # --- the release (edition)
    disc_format: str | None = None  # "Blu-ray", "4K Ultra HD + Blu-ray", "DVD", ...
    label: str | None = None
    spine_number: str | None = None
    street_date: str | None = None  # "YYYY-MM-DD"
    region: str | None = None
    audio: list[str] = field(default_factory=list)
    subtitles: list[str] = field(default_factory=list)
    extras_subtitled: bool | None = None  # "Deaf and Hearing-impaired Friendly?"
    packaging: str | None = None
    extras: list[str] = field(default_factory=list)  # "Title (26 min)"
    retailer: str | None = None
    retailer_url: str | None = None
    price_note: str | None = None
    # --- the review
    headline: str | None = None
    slug: str | None = None
    reviewer: str | None = None
    review_date: str | None = None  # "YYYY-MM-DD"
    published_at: str | None = None  # ISO 8601 datetime; None = the review date
    status: str = "published"  # "draft", "scheduled" (published_at in the future), "published"
    blurb: str | None = None
    body: str | None = None  # Markdown
    ratings: dict[str, str] = field(default_factory=dict)  # axis -> value as printed
    verdict: str | None = None
    thanks: str | None = None
    copyright: str | None = None
    tags: list[str] = field(default_factory=list)
    source_url: str | None = None
    # --- pictures: one dict each (reelpress/images/records.py and docs/images.md give the keys):
    # {"kind": "front"|"back"|"packaging"|"capture"|"portrait"|"logo", "path": file or "data": bytes,
    #  "alt", "caption", "timecode": "1:23:45", "decorative", "person" (a portrait's), "sha256"}
    images: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReviewRecord:
        """Build a record from its JSON form, ignoring unknown keys and nulls in list fields.

        Raises TypeError when ``data`` is not a mapping; field values are checked by
        ``ingest.validate.check`` when the record is stored.
        """
        if not isinstance(data, dict):
            raise TypeError(f"a record must be a JSON object, not {type(data).__name__}")
        kwargs = {
            key: value
            for key, value in data.items()
            if key in _FIELD_NAMES and not (value is None and key in _CONTAINER_FIELDS)
        }
        return cls(**kwargs)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: every field, in declaration order (stable for byte-identical exports)."""
        return dataclasses.asdict(self)


_FIELD_NAMES = frozenset(f.name for f in dataclasses.fields(ReviewRecord))
# List and dict fields: a null there means "none" and takes the empty default.
_CONTAINER_FIELDS = frozenset(
    f.name for f in dataclasses.fields(ReviewRecord) if f.default_factory is not dataclasses.MISSING
)
