"""What a source yields: one :class:`Item` per thing it read (no Django here, so page reading can
run in worker processes)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from reelpress.ingest.record import ReviewRecord

# The page text kept for the import queue, at most (characters): enough for any review page seen
# in the legacy archives, while a stray 20 MB file cannot fill the database or a batch's memory.
PAGE_TEXT_LIMIT = 200_000


@dataclass
class PageData:
    """What the import queue keeps of a legacy page beside its record (``ingest.models.ImportedPage``)."""

    text: str  # the page as read, cut to PAGE_TEXT_LIMIT characters
    text_hash: str  # sha256 of the whole page text: a re-import of a changed page is seen
    text_cut: bool = False
    evidence: dict = field(default_factory=dict)  # field -> {"value", "from", "via", "confidence"}
    reasons: list[str] = field(default_factory=list)  # why an editor should look; empty = confident


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
    # Legacy pages only: the page and the extractor's evidence, for the import queue.
    page: PageData | None = None
    # What the source left out of the record and why (a picture's file missing...), for the summary.
    notes: list[str] = field(default_factory=list)
