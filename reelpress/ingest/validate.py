"""Checking a record before it is stored: clear messages that name the field."""

import datetime as dt
import re
from dataclasses import fields

from django.utils.dateparse import parse_datetime

from reelpress.ingest.record import ReviewRecord


class RecordError(ValueError):
    """A record that cannot be stored; the message names the field and the fix."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(f"{field}: {message}")


_LISTS = {f.name for f in fields(ReviewRecord) if f.type.startswith("list")}
_DICTS = {f.name for f in fields(ReviewRecord) if f.type.startswith("dict")}
_INTS = {"year", "runtime_minutes"}
_LIMITS = {"title": 300, "headline": 300, "slug": 160, "label": 200, "reviewer": 200, "verdict": 100}


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
    if record.status not in ("draft", "scheduled", "published"):
        raise RecordError("status", f"{record.status!r} is not one of draft, scheduled, published")
    parse_date("street_date", record.street_date)
    parse_date("review_date", record.review_date)
    parse_when("published_at", record.published_at)
    return record
