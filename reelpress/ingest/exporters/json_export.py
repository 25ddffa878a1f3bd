"""``reelpress export json``: every review as a list of records, in slug order.

The output is what ``json.dumps(records, indent=2, ensure_ascii=False)`` would give, written one
record at a time, so export -> import into an empty site -> export gives the same bytes.
"""

from __future__ import annotations

import json
import textwrap
from typing import TextIO

from django.db import connection
from django.db.models.functions import Collate

from reelpress.ingest.export import record_from_review, review_queryset

CHUNK = 500


def by_slug():
    """Slug order by code point on every database (PostgreSQL's locale collation would differ)."""
    collation = "C" if connection.vendor == "postgresql" else "BINARY"
    return Collate("slug", collation) if connection.vendor in ("postgresql", "sqlite") else "slug"


def records():
    """Every review's record, in slug order, reading the database in chunks."""
    for review in review_queryset().order_by(by_slug()).iterator(chunk_size=CHUNK):
        yield record_from_review(review)


def write_json(out: TextIO) -> int:
    """Write the JSON export to ``out``; return the number of records."""
    count = 0
    out.write("[")
    for record in records():
        text = json.dumps(record.to_dict(), ensure_ascii=False, indent=2)
        out.write(("\n" if count == 0 else ",\n") + textwrap.indent(text, "  "))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count
