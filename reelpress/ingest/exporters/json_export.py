"""``reelpress export json``: every review as a list of records, in slug order.

Each record lists its pictures (``images``: kind, storage name, sha256, alt text, caption,
timecode, size); with ``media`` the files themselves are copied into that folder under the same
names, for ``reelpress import json --media-dir``.

The output is what ``json.dumps(records, indent=2, ensure_ascii=False)`` would give, written one
record at a time, so export -> import into an empty site -> export gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import textwrap
from pathlib import Path
from typing import TextIO

from django.core.files.storage import default_storage
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


def write_json(out: TextIO, media: MediaWriter | None = None) -> int:
    """Write the JSON export to ``out`` (and each picture's file into ``media``); return the
    number of records."""
    count = 0
    out.write("[")
    for record in records():
        if media is not None:
            for entry in record.images:
                media.copy(entry["path"], entry["sha256"])
        text = json.dumps(record.to_dict(), ensure_ascii=False, indent=2)
        out.write(("\n" if count == 0 else ",\n") + textwrap.indent(text, "  "))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


class MediaWriter:
    """Copies pictures from the storage into a folder, each once, each checked against its sha256."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.written = 0
        self.kept = 0  # already there with the right content (a second export into the same folder)
        self.problems: list[str] = []
        self._seen: set[str] = set()

    def copy(self, name: str, sha256: str) -> None:
        if name in self._seen:
            return
        self._seen.add(name)
        target = self.folder / name
        if target.is_file() and _sha256_of(target) == sha256:
            self.kept += 1
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".export-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out, default_storage.open(name, "rb") as source:
                for chunk in iter(lambda: source.read(1 << 20), b""):
                    digest.update(chunk)
                    out.write(chunk)
            if digest.hexdigest() != sha256:
                os.unlink(temp)
                self.problems.append(f"{name}: the stored file does not match its checksum (not copied)")
                return
            os.chmod(temp, 0o644)
            os.replace(temp, target)
        except FileNotFoundError:
            if os.path.exists(temp):
                os.unlink(temp)
            self.problems.append(f"{name}: listed in the database but missing from the media storage")
            return
        except BaseException:
            if os.path.exists(temp):
                os.unlink(temp)
            raise
        self.written += 1


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
