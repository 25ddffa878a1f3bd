"""Keeping the search index in step with reviews.

``index_review`` is called by ``ingest.store.save`` inside its transaction; deleting a review
removes its entry (signal wired in ``apps.py``); ``rebuild`` is the bulk path used by
``reelpress reindex`` and the benchmark.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from reelpress.reviews.models import Review
from reelpress.search.backends import BUILD_PREFIX, backend_for
from reelpress.search.documents import build_docs, indexable

BATCH = 1000  # reviews per transaction in a rebuild: fewer, bigger FTS5 segments than 500
MAX_SEGMENTS = 1500  # batches per rebuild at most (bigger batches past 1,500,000 reviews)


def _prepared(chunk: list[int]) -> list:
    """Runs in the worker process: one chunk's documents with every derived text worked out."""
    try:
        backend = backend_for()
        return [backend.prepare(doc.prepare()) for doc in build_docs(chunk)]
    finally:
        connection.close()  # the worker's own connection, opened by the query above


def _documents(chunks: list[list[int]]):
    """Documents of each chunk; the next chunk is read and prepared in a worker process meanwhile.

    A process, not a thread: SQLite releases the GIL while it indexes, but a Python thread
    busy folding text holds it and makes the writer wait for it after every row (measured:
    slower than no overlap at all). Inside an open transaction (tests) another connection
    could not see the rows, and without ``fork`` the worker would have no Django setup, so
    those cases stay serial.
    """
    if not chunks:
        return
    serial = (
        connection.in_atomic_block
        or (connection.vendor == "sqlite" and connection.is_in_memory_db())
        or "fork" not in multiprocessing.get_all_start_methods()
    )
    if serial or len(chunks) == 1:
        for chunk in chunks:
            yield build_docs(chunk)
        return
    connection.close()  # the child must open its own connection, never share this one
    with multiprocessing.get_context("fork").Pool(1) as pool:
        # One chunk ahead, no more: the writer is the slower side, so a queue would only grow.
        pending = pool.apply_async(_prepared, (chunks[0],))
        for chunk in chunks[1:]:
            docs = pending.get()
            pending = pool.apply_async(_prepared, (chunk,))
            yield docs
        yield pending.get()


def index_review(review) -> None:
    """Write one review's index entry in the current transaction (and refresh its film's other reviews).

    Drafts are taken out; scheduled reviews are indexed and hidden until their time at query time.
    """
    backend = backend_for()
    # Credits belong to the film, so a save can change what the film's other reviews show.
    ids = list(Review.objects.filter(film_id=review.film_id).order_by().values_list("pk", flat=True))
    if review.pk not in ids:
        ids.append(review.pk)
    docs = build_docs(ids)
    indexed = {d.review_id for d in docs}
    backend.remove([pk for pk in ids if pk not in indexed])
    backend.write(docs)


def index_reviews(reviews) -> int:
    """``index_review`` for many reviews at once (an import batch): one build, one write.

    Added for ``ingest.importers.batch``, which stores a batch with ``save(record, index=False)``
    and then indexes it here, in the same transaction. Returns how many entries changed.
    """
    reviews = list(reviews)
    if not reviews:
        return 0
    backend = backend_for()
    film_ids = {review.film_id for review in reviews}
    ids = set(Review.objects.filter(film_id__in=film_ids).order_by().values_list("pk", flat=True))
    ids |= {review.pk for review in reviews}
    docs = build_docs(sorted(ids))
    indexed = {d.review_id for d in docs}
    backend.remove(sorted(pk for pk in ids if pk not in indexed))
    return backend.write(docs)


def unindex_review(review_id: int) -> None:
    """Take a review out of the index (it was deleted)."""
    backend_for().remove([review_id])


REPAIR_MARGIN = dt.timedelta(minutes=1)  # longer than any save's transaction (an import batch: seconds)
RETIRED_SHARE = 0.10  # `reindex --if-needed` rebuilds past this share of retired entries


@dataclass
class Health:
    entries: int  # live entries (one per indexed review)
    retired: int  # entries of edited or deleted reviews still in the index (SQLite; until a rebuild)
    indexable: int  # reviews that belong in the index (everything but drafts)
    index_bytes: int

    @property
    def retired_share(self) -> float:
        total = self.entries + self.retired
        return self.retired / total if total else 0.0

    @property
    def needs_rebuild(self) -> bool:
        return self.entries != self.indexable or self.retired_share > RETIRED_SHARE


def health() -> Health:
    """How the index stands against the reviews (for `reindex --status` and `--if-needed`)."""
    backend = backend_for()
    counts = backend.health()
    return Health(
        entries=counts["entries"],
        retired=counts["retired"],
        indexable=indexable().count(),
        index_bytes=backend.index_size(),
    )


@dataclass
class RebuildSummary:
    indexed: int
    skipped: int
    seconds: float
    index_bytes: int
    repaired: int = 0  # reviews saved or deleted while the rebuild ran, brought up to date after it
    phases: dict[str, float] = field(default_factory=dict)  # seconds per step, for the summary

    @property
    def rate(self) -> float:
        return self.indexed / self.seconds if self.seconds else 0.0


def rebuild(
    *,
    batch: int = BATCH,
    progress: Callable[[int, int], None] | None = None,
    merging: Callable[[int], None] | None = None,
    review_ids: list[int] | None = None,
) -> RebuildSummary:
    """Rebuild the whole index from the reviews while the live one keeps answering.

    The new index is written into its own tables (``search_new_*``) in batched transactions,
    compacted, then swapped in, in one transaction: searches never see an empty or partial
    index. Reviews saved or deleted meanwhile were written to the live tables, which the swap
    replaces, so they are indexed again right after it (the drift repair). ``progress(done,
    total)`` is called after each batch, ``merging(steps)`` after each compaction step.
    """
    started = time.perf_counter()
    began = timezone.now()
    phases: dict[str, float] = {}
    mark = started

    def phase(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        phases[name] = round(now - mark, 1)
        mark = now

    backend = backend_for(prefix=BUILD_PREFIX)
    ids, skipped = _publication_order(review_ids)
    backend.drop_leftovers()  # of a rebuild interrupted before or right after its swap
    with transaction.atomic():
        backend.clear()
    phase("prepare")
    done = 0
    # One FTS5 segment per batch, merged only at the end: FTS5 holds at most 2,000 segments.
    batch = max(batch, -(-len(ids) // MAX_SEGMENTS))
    chunks = [ids[start : start + batch] for start in range(0, len(ids), batch)]
    with backend.bulk():
        for n, docs in enumerate(_documents(chunks)):
            with transaction.atomic():
                done += backend.write(docs, fresh=True)
            if progress:
                progress(min((n + 1) * batch, len(ids)), len(ids))
        phase("index")
        backend.optimize(step=merging)  # in its own transactions
    phase("merge")
    with transaction.atomic():
        backend.swap()
    phase("swap")
    backend.drop_replaced()
    phase("drop_previous")
    # Margin: a save that began before the rebuild and committed after its batch was read
    # carries an earlier updated_at; re-indexing a few more reviews costs next to nothing.
    repaired = repair(since=began - REPAIR_MARGIN, review_ids=review_ids)
    phase("repair")
    return RebuildSummary(
        indexed=done,
        skipped=skipped,
        seconds=time.perf_counter() - started,
        index_bytes=backend_for().index_size(),
        repaired=repaired,
        phases=phases,
    )


def _publication_order(review_ids: list[int] | None) -> tuple[list[int], int]:
    """Ids of the reviews to index in publication order, and how many drafts were left out.

    Publication order is doc-id order: FTS5 appends ascending rowids to its in-memory buffer, but
    a smaller rowid than the last one forces a flush, so any other order writes a tiny segment
    per review (and merges them all again later). Both queries are read from indexes alone
    (published_at, status): filtering drafts in the ordered query made SQLite read every
    review's row, 100 s at a million reviews on a cold cache.
    """
    source = Review.objects.all() if review_ids is None else Review.objects.filter(pk__in=review_ids)
    ordered = list(source.order_by("published_at", "pk").values_list("pk", flat=True))
    drafts = set(source.filter(status=Review.Status.DRAFT).order_by().values_list("pk", flat=True))
    ids = [pk for pk in ordered if pk not in drafts] if drafts else ordered
    return ids, len(ordered) - len(ids)


def repair(*, since, review_ids: list[int] | None = None) -> int:
    """Bring the live index up to date with reviews changed since ``since``; returns how many entries changed.

    Reviews saved after ``since`` are indexed again (or taken out, if now drafts), and entries
    whose review is gone are removed.
    """
    source = Review.objects.all() if review_ids is None else Review.objects.filter(pk__in=review_ids)
    # No ORDER BY: with the model's default (newest first) SQLite walked the published_at index
    # and read every review's row to test updated_at, instead of reading the updated_at index.
    ids = list(source.filter(updated_at__gte=since).order_by().values_list("pk", flat=True))
    backend, changed = backend_for(), 0
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            changed += index_reviews(Review.objects.filter(pk__in=ids[start : start + BATCH]))
    with transaction.atomic():
        gone = backend.orphans()
        backend.remove(gone)
    return changed + len(gone)
