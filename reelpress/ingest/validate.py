"""Checking a record before it is stored: clear messages that name the field."""

import datetime as dt
import re
from dataclasses import fields

from django.utils.dateparse import parse_datetime

from reelpress.ingest.record import ROLE_FIELDS, ReviewRecord
from reelpress.lib.text import key_slug, visible


class RecordError(ValueError):
    """A record that cannot be stored; the message names the field and the fix."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(f"{field}: {message}")


# Lists of strings; ``images`` (a list of objects) is checked by reelpress.images.records.
_LISTS = {f.name for f in fields(ReviewRecord) if f.type.startswith("list") and f.name != "images"}
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


# Titles and names: a value made only of invisible characters (" \u200b ", "\x00") would be a
# film, person or label nobody can see or find, so it is refused rather than stored.
_NAME_STRINGS = ("title", "original_title", "headline", "label", "reviewer")
_NAME_LISTS = (*ROLE_FIELDS, "cast", "alternate_titles", "tags")
_INVISIBLE = "has no visible characters (only spaces, control or invisible format characters)"


def _check_names(record: ReviewRecord) -> None:
    for name in _NAME_STRINGS:
        value = getattr(record, name)
        if value and not visible(value) and (value.strip() or name == "title"):
            raise RecordError(name, _INVISIBLE)
    for name in _NAME_LISTS:
        for value in getattr(record, name):
            if value.strip() and not visible(value):
                raise RecordError(name, f"{value!r} {_INVISIBLE}")
    for role, names in record.other_credits.items():
        for value in names:
            if value.strip() and not visible(value):
                raise RecordError("other_credits", f"a name under {role!r} {_INVISIBLE}")
    for actor in record.characters:
        if actor.strip() and not visible(actor):
            raise RecordError("characters", f"an actor's name {_INVISIBLE}")


def _check_encodable(name: str, value) -> None:
    """Refuse a lone surrogate ("\\ud800" in JSON): it is no character, and no database stores it."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise RecordError(name, "contains a lone surrogate (half of a UTF-16 pair): not text") from None
    elif isinstance(value, list):
        for item in value:
            _check_encodable(name, item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_encodable(name, key)
            _check_encodable(name, item)


def _without_nul(value):
    """NUL is never text a reader meant (and PostgreSQL cannot store it): dropped everywhere."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    if isinstance(value, dict):
        return {_without_nul(k): _without_nul(v) for k, v in value.items()}
    return value


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
    for f in fields(ReviewRecord):
        _check_encodable(f.name, getattr(record, f.name))
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
    _check_names(record)
    for f in fields(ReviewRecord):
        setattr(record, f.name, _without_nul(getattr(record, f.name)))
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
        # One with nothing a slug keeps ("!!!") gets a slug of its own, never the shared "untitled".
        record.slug = key_slug(record.slug, 160) if record.slug.strip() else None
    if record.status not in ("draft", "scheduled", "published"):
        raise RecordError("status", f"{record.status!r} is not one of draft, scheduled, published")
    parse_date("street_date", record.street_date)
    parse_date("review_date", record.review_date)
    parse_when("published_at", record.published_at)
    return record
