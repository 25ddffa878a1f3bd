"""Keeping the search index in step with reviews.

``refresh`` rewrites the entries of the reviews ``search.signals`` finds changed, inside the
transaction that changed them; ``rebuild`` is the bulk path used by ``reelpress reindex`` and
the benchmark.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import time
from collections import deque
from collections.abc import Callable
from contextlib import closing, contextmanager
from dataclasses import dataclass, field

from django.db import connection, connections, transaction
from django.utils import timezone

from reelpress.reviews.models import Review
from reelpress.search.backends import BUILD_PREFIX, backend_for
from reelpress.search.documents import build_docs, indexable

BATCH = 1000  # reviews per transaction in a rebuild at least: fewer, bigger FTS5 segments than 500
CHUNK = 1000  # reviews a worker process reads and prepares at a time
# Transactions (so FTS5 segments, merged into one at the end) per rebuild at most: past 100,000
# reviews the transactions grow instead (10,000 reviews each at a million). Merging 1,000
# segments cost more than merging the same postings in 100, and each commit has its own cost.
SEGMENTS = 100
# Worker processes preparing documents while the writer writes: with two, the writer and the
# workers keep both cores of a small server busy (one left the writer waiting half the time).
WORKERS = 2
# Python's cyclic garbage collector during a rebuild: a collection every 700 new objects (its
# default) walked the growing heap of the batch being read, prepared and unpickled again and
# again, a fifth of the workers' time. Documents hold no reference cycles, so reference counting
# frees them; a collection every 100,000 objects keeps the collector's cost out of the profile.
BULK_GC_THRESHOLD = (100_000, 50, 100)


_INHERITED: list = []  # in a worker: the parent's connection objects, kept and never used or closed


def _worker_started() -> None:
    """In a new worker process: a connection object of its own for every database.

    Closing the parent's connection before forking is not enough: the child can still find an
    open one the parent holds in another context (after a browser test's event loop ran, the
    PostgreSQL suite's workers shared one socket and the server dropped it). An inherited
    connection is neither used nor closed here (closing would end the parent's session on the
    server); it is kept referenced so that it is never finalized either.
    """
    for alias in connections:
        _INHERITED.append(connections[alias])
        connections[alias] = connections.create_connection(alias)


def _prepared(chunk: list[int]) -> list:
    """Runs in a worker process: one chunk's documents with every derived text worked out."""
    try:
        backend = backend_for()
        return [backend.prepare(doc.prepare()) for doc in build_docs(chunk)]
    finally:
        connection.close()  # the worker's own connection, opened by the query above


@contextmanager
def _few_collections():
    """Python's garbage collector runs rarely while a rebuild works (see BULK_GC_THRESHOLD)."""
    before = gc.get_threshold()
    gc.set_threshold(*BULK_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)


class _Documents:
    """Documents of each chunk, in order; later chunks are read and prepared in worker processes meanwhile.

    Processes, not threads: SQLite releases the GIL while it indexes, but a Python thread
    busy folding text holds it and makes the writer wait for it after every row (measured:
    slower than no overlap at all). Inside an open transaction (tests) another connection
    could not see the rows, and without ``fork`` a worker would have no Django setup, so
    those cases stay serial (``workers`` is then 0).

    The workers start here, at once: the writer takes the documents inside its transactions,
    and a process forked there would inherit the open connection.
    """

    def __init__(self, chunks: list[list[int]], writer=None, workers: int = WORKERS):
        parallel = not (
            len(chunks) < 2
            or connection.in_atomic_block
            or (connection.vendor == "sqlite" and connection.is_in_memory_db())
            or "fork" not in multiprocessing.get_all_start_methods()
        )
        self.workers = min(workers, len(chunks)) if parallel else 0
        self._rest = iter(chunks[self.workers :])
        self._pool = None
        self._pending: deque = deque()
        if self.workers:
            # The children must open their own connections, never share the writer's or this one.
            connection.close()
            if writer is not None and writer is not connection:
                writer.close()
            self._pool = multiprocessing.get_context("fork").Pool(self.workers, initializer=_worker_started)
            # One chunk ahead per worker, no more: results wait in memory until the writer takes them.
            for chunk in chunks[: self.workers]:
                self._pending.append(self._pool.apply_async(_prepared, (chunk,)))

    def __iter__(self):
        return self

    def __next__(self) -> list:
        if not self.workers:
            return build_docs(next(self._rest))
        if not self._pending:
            raise StopIteration
        docs = self._pending.popleft().get()
        chunk = next(self._rest, None)
        if chunk is not None:
            self._pending.append(self._pool.apply_async(_prepared, (chunk,)))
        return docs

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None


def _redo_after_commit(backend, review_ids: list[int]) -> bool:
    """If this connection holds an index a rebuild has replaced, index these reviews again after commit.

    (SQLite: a connection opened before a rebuild switched index files, see
    ``backends.index_file``.) Returns whether it did so, and the write should be skipped.
    """
    if not backend.stale():
        return False

    def redo():
        backend.refresh()
        with transaction.atomic():
            refresh(review_ids)

    # robust: the save has committed whatever happens here; a failure is logged, and the entry
    # waits for the next rebuild.
    transaction.on_commit(redo, robust=True)
    return True


def refresh(review_ids) -> int:
    """Rewrite these reviews' entries from the database, in the current transaction.

    Drafts and reviews that are gone are taken out; scheduled reviews are indexed and hidden
    until their time at query time. An entry whose document did not change is left as it is.
    Returns how many entries were written. Called by ``search.signals`` (the one caller that
    keeps the index fresh), by the drift repair and by the redo after a rebuild's switch.
    """
    review_ids = sorted(set(review_ids))
    if not review_ids:
        return 0
    backend = backend_for()
    if _redo_after_commit(backend, review_ids):
        return 0
    docs = build_docs(review_ids)
    indexed = {d.review_id for d in docs}
    backend.remove([pk for pk in review_ids if pk not in indexed])
    return backend.write(docs)


def index_review(review) -> None:
    """Rewrite one review's entry (``refresh`` for one)."""
    refresh([review.pk])


def index_reviews(reviews) -> int:
    """Rewrite these reviews' entries (``refresh`` for review objects); returns how many changed."""
    return refresh([review.pk for review in reviews])


def unindex_review(review_id: int) -> None:
    """Take a review out of the index (it was deleted): ``refresh`` finds no document for it."""
    refresh([review_id])


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
    live_seconds: float = 0.0  # until the new index answered searches (before the old one is dropped)
    repaired: int = 0  # reviews saved or deleted while the rebuild ran, brought up to date after it
    workers: int = 0  # processes that prepared the documents beside the writer (0: all in one)
    phases: dict[str, float] = field(default_factory=dict)  # seconds per step, for the summary

    @property
    def rate(self) -> float:
        return self.indexed / self.seconds if self.seconds else 0.0

    @property
    def live_rate(self) -> float:
        return self.indexed / self.live_seconds if self.live_seconds else 0.0


def rebuild(
    *,
    batch: int = BATCH,
    progress: Callable[[int, int], None] | None = None,
    merging: Callable[[int], None] | None = None,
    review_ids: list[int] | None = None,
) -> RebuildSummary:
    """Rebuild the whole index from the reviews while the live one keeps answering.

    The new index is written apart (SQLite: a new index file; PostgreSQL: ``search_new_*``
    tables) in batched transactions, compacted, then swapped in, in one transaction: searches
    never see an empty or partial index. Reviews saved or deleted meanwhile were written to the
    live index, which the swap replaces, so they are indexed again right after it (the drift
    repair). ``progress(done, total)`` is called after each batch, ``merging(steps)`` after
    each compaction step.
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
    try:
        ids, skipped = _publication_order(review_ids)
        backend.drop_leftovers()  # of a rebuild interrupted before or right after its swap
        with transaction.atomic(using=backend.connection.alias):
            backend.clear()
        phase("prepare")
        done = 0
        size = min(batch, CHUNK)
        chunks = [ids[start : start + size] for start in range(0, len(ids), size)]
        per_transaction = max(-(-batch // size), -(-len(chunks) // SEGMENTS))
        with _few_collections(), backend.bulk():
            # The workers end with the last chunk.
            with closing(_Documents(chunks, backend.connection)) as documents:
                for first in range(0, len(chunks), per_transaction):
                    with backend.batch_transaction():
                        for n in range(first, min(first + per_transaction, len(chunks))):
                            done += backend.write(next(documents), fresh=True)
                            if progress:
                                progress(min((n + 1) * size, len(ids)), len(ids))
                workers = documents.workers
            phase("index")
            backend.optimize(step=merging)  # in its own transactions
        phase("merge")
        backend.swap()  # one transaction
        phase("swap")
    finally:
        backend.release()  # a rebuild that failed leaves nothing behind
    live_seconds = time.perf_counter() - started
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
        live_seconds=live_seconds,
        repaired=repaired,
        workers=workers,
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
            changed += refresh(ids[start : start + BATCH])
    with transaction.atomic():
        gone = backend.orphans()
        backend.remove(gone)
    return changed + len(gone)
