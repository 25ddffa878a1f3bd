"""Checking a record before it is stored: clear messages that name the field."""

import datetime as dt
import re
from dataclasses import fields

from django.utils.dateparse import parse_datetime

from reelpress.ingest.record import ReviewRecord
from reelpress.lib.text import make_slug


class RecordError(ValueError):
    """A record that cannot be stored; the message names the field and the fix."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(f"{field}: {message}")


_LISTS = {f.name for f in fields(ReviewRecord) if f.type.startswith("list")}
_DICTS = {f.name for f in fields(ReviewRecord) if f.type.startswith("dict")}
_INTS = {"year", "runtime_minutes"}
_STRINGS = {f.name for f in fields(ReviewRecord) if f.type in ("str", "str | None")}
# The database columns' lengths: a longer value is refused here with the field's name rather than
# by PostgreSQL with "value too long" (SQLite would store it silently, so both behave the same).
_LIMITS = {
    "title": 300,
    "original_title": 300,
    "headline": 300,
    "slug": 160,
    "label": 200,
    "reviewer": 200,
    "verdict": 100,
    "color": 20,
    "aspect_ratio": 20,
    "country": 120,
    "language": 120,
    "disc_format": 60,
    "spine_number": 20,
    "region": 20,
    "packaging": 200,
    "retailer": 200,
    "retailer_url": 500,
    "price_note": 200,
    "copyright": 300,
    "source_url": 500,
}


# Fields that identify something (a film, a review, a link): cutting them would merge or break
# things, so an over-long value there is an error; the descriptive rest can be cut to fit.
_IDENTITY = {"title", "slug", "source_url", "retailer_url"}


def fit(record: ReviewRecord) -> list[str]:
    """Cut over-long descriptive fields to their column's length; return a note per field cut.

    Importers call this on text recovered from legacy pages, where one long region or packaging
    line must not cost the whole review; ``check`` still refuses an over-long identifying field.
    """
    notes = []
    for name, limit in _LIMITS.items():
        value = getattr(record, name)
        if name not in _IDENTITY and isinstance(value, str) and len(value) > limit:
            setattr(record, name, value[: limit - 1].rstrip() + "…")
            notes.append(f"{name} cut to {limit} characters")
    return notes


def parse_date(field: str, value: str | None) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise RecordError(field, f"{value!r} is not a date in the form YYYY-MM-DD") from None


def parse_when(field: str, value: str | None) -> dt.datetime | None:
    if value in (None, ""):
        return None
    try:
        parsed = parse_datetime(str(value))
    except ValueError:
        parsed = None
    if parsed is None:
        day = parse_date(field, value)
        parsed = dt.datetime(day.year, day.month, day.day)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed


def check(record: ReviewRecord) -> ReviewRecord:
    """Raise RecordError for the first field that cannot be stored; return the record cleaned."""
    for name in _LISTS:
        value = getattr(record, name)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RecordError(name, "must be a list of strings")
        setattr(record, name, [v.strip() for v in value if v and v.strip()])
    for name in _DICTS:
        value = getattr(record, name)
        if not isinstance(value, dict):
            raise RecordError(name, "must be an object")
    for name in _STRINGS:
        value = getattr(record, name)
        if value is not None and not isinstance(value, str):
            raise RecordError(name, f"must be a string, not {type(value).__name__}")
    if record.extras_subtitled is not None and not isinstance(record.extras_subtitled, bool):
        raise RecordError("extras_subtitled", "must be true, false or null")
    for actor, character in record.characters.items():
        if not isinstance(character, str):
            raise RecordError("characters", f"the character of {actor!r} must be a string")
    for axis, val in record.ratings.items():
        if not isinstance(val, str):
            raise RecordError("ratings", f"the value of {axis!r} must be a string")
    for role, names in record.other_credits.items():
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise RecordError("other_credits", f"{role!r} must be a list of names")
    for name in _INTS:
        value = getattr(record, name)
        if value is None or value == "":
            setattr(record, name, None)
            continue
        if isinstance(value, bool) or not re.fullmatch(r"\d{1,4}", str(value).strip()):
            raise RecordError(name, f"{value!r} is not a whole number")
        setattr(record, name, int(value))
    if record.year is not None and not 1870 <= record.year <= 2100:
        raise RecordError("year", f"{record.year} is not a film year")
    if not isinstance(record.title, str) or not record.title.strip():
        raise RecordError("title", "the film's title is missing")
    record.title = record.title.strip()
    for name, limit in _LIMITS.items():
        value = getattr(record, name)
        if value is not None and not isinstance(value, str):
            raise RecordError(name, "must be a string")
        if value and len(value) > limit:
            raise RecordError(name, f"longer than {limit} characters")
    if record.slug is not None:
        # The slug as the site will store it, so a re-import finds the review by it ("My Review"
        # would otherwise be stored as "my-review" and never matched again).
        record.slug = make_slug(record.slug, 160) if record.slug.strip() else None
    if record.status not in ("draft", "scheduled", "published"):
        raise RecordError("status", f"{record.status!r} is not one of draft, scheduled, published")
    parse_date("street_date", record.street_date)
    parse_date("review_date", record.review_date)
    parse_when("published_at", record.published_at)
    return record
