"""What a source yields: one :class:`Item` per thing it read (no Django here, so page reading can
run in worker processes)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reelpress.ingest.record import ReviewRecord


@dataclass
class Item:
    """One thing a source read: a record to store, or the reason it has none.

    ``where`` names it in messages: a file, "file line 7", "file: item 3 (post 12)".
    """

    where: str
    record: ReviewRecord | None = None
    skip: str | None = None  # deliberately not imported, and why
    error: str | None = None  # could not be read or understood, and why
    # Runs after the review is stored, in the same savepoint (e.g. WordPress comments to letters);
    # returns a short note for the summary, or "".
    after_save: Callable[[object], str] | None = None
