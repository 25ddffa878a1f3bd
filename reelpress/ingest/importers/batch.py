"""The shared import runner: items from any source, stored through ``store.save`` in batches.

Transactions (see docs/decisions.md, "Imports"):

* Items are stored in batches of ``batch_size`` (200): one transaction per batch, and each
  item inside it is a savepoint (``store.save`` opens one), so a bad item is rolled back alone.
* An item that cannot be read or stored is reported as failed; the import goes on.
* With ``stop_on_error`` the import stops at the first failed item and the batch it was in is
  rolled back; earlier batches stay committed (they were complete, and re-running the import
  reports them unchanged).
* With ``atomic`` (or ``dry_run``) the whole import is one transaction; a dry run always rolls
  it back, and an atomic import that stops rolls back everything it did.
* Each batch's reviews are indexed for search together, at the end of the batch and inside its
  transaction; if that fails the batch is rolled back and the import stops.
* A legacy page also gets its import-queue row (``ingest.queue.remember``) in its review's
  savepoint; a page an editor has accepted is not stored over (see ``_kept``).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction

from reelpress.counts import pause
from reelpress.ingest.importers.items import Item
from reelpress.ingest.importers.keys import SeenKeys
from reelpress.ingest.models import ImportedPage
from reelpress.ingest.queue import new_row, remember, remember_new, reopen
from reelpress.ingest.queue import row_for as queue_row_for
from reelpress.ingest.record import ReviewRecord
from reelpress.ingest.store import caching, index_scope, prime, review_slug_for, save
from reelpress.ingest.validate import RecordError, fit
from reelpress.lib.text import key_slug

# An atomic import longer than this pauses the tallies' triggers and recounts once before its
# commit (PostgreSQL; see counts.pause): 2,000 reviews in one transaction already cost 1.4 s more.
PAUSE_TALLIES_AFTER = 1000

ACTIONS = ("created", "updated", "unchanged", "skipped", "failed", "rolled back")


@dataclass
class Outcome:
    where: str
    action: str  # one of ACTIONS
    reason: str = ""
    needs_look: bool = False  # stored as a draft until an editor looks (the import queue)

    def line(self) -> str:
        """The one-line message for a problem: names the item, then says what happened."""
        return f"{self.where}: {self.reason}" if self.reason else self.where


@dataclass
class Summary:
    dry_run: bool = False
    atomic: bool = False
    counts: Counter = field(default_factory=Counter)
    # Skipped and failed items, and stored ones with a note (a field cut to fit).
    problems: list[Outcome] = field(default_factory=list)
    stopped_at: Outcome | None = None
    seconds: float = 0.0
    needs_look: int = 0  # reviews stored as drafts for the import queue

    @property
    def failed(self) -> int:
        return self.counts["failed"]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def ok(self) -> bool:
        return not self.failed and self.stopped_at is None


class _Stop(Exception):
    def __init__(self, outcome: Outcome):
        self.outcome = outcome


def _chunks(items: Iterable[Item], size: int, stop_on_error: bool) -> Iterator[list[Item]]:
    # Reading (and extracting) a whole batch before its transaction opens keeps the write lock
    # short: other writers wait only while the batch is stored.
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size or (stop_on_error and item.error):
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _key(record: ReviewRecord) -> tuple[str, str]:
    """The natural key ``store.find_review`` matches on, to catch two items that are one review."""
    if record.source_url and str(record.source_url).strip():
        return ("source URL", str(record.source_url).strip())
    slug = record.slug if isinstance(record.slug, str) and record.slug.strip() else None
    try:
        return ("slug", key_slug(slug, 160) if slug else review_slug_for(record))
    except TypeError:  # a malformed record: let save() name the bad field
        return ("item", str(id(record)))


def _store(item: Item, seen: SeenKeys, rows: list | None = None) -> tuple[Outcome, object | None]:
    """Store one item in its own savepoint; return what happened and the review (when stored)."""
    if item.error:
        return Outcome(item.where, "failed", item.error), None
    if item.skip or item.record is None:
        return Outcome(item.where, "skipped", item.skip or "nothing to import"), None
    key = _key(item.record)
    if key in seen:
        reason = f"same review as {seen[key]} (same {key[0]}): imported once, not twice"
        return Outcome(item.where, "skipped", reason), None
    notes = fit(item.record)
    page, item.page = item.page, None  # the page text is stored, not held for the rest of the batch
    try:
        if page is not None and (kept := _kept(item, page)) is not None:
            return kept, None
        if item.after_save is None and page is None:
            result = save(item.record)
            note = ""
        else:
            with transaction.atomic():
                result = save(item.record)
                note = (item.after_save(result.review) or "") if item.after_save else ""
                if page is not None and result.action == "created" and rows is not None:
                    rows.append(
                        new_row(item.where, item.record, page, result.review)
                    )  # written with its batch
                elif page is not None:
                    remember(item.where, item.record, page, result.review)
    except RecordError as exc:
        return Outcome(item.where, "failed", f"invalid record: {exc}"), None
    except DatabaseError as exc:
        return Outcome(item.where, "failed", f"the database refused it: {exc}".strip()), None
    except Exception as exc:  # noqa: BLE001 - one broken item must not end a long import
        return Outcome(item.where, "failed", f"could not be stored ({type(exc).__name__}: {exc})"), None
    seen[key] = item.where
    action = result.action
    if note and action == "unchanged":
        action = "updated"
    reasons = page.reasons if page is not None else []
    if reasons:
        notes = [*notes, "needs a look: " + "; ".join(reasons)]
    # The source's notes and the save's (pictures left out) name what did not come in.
    notes = [*notes, *item.notes, *result.notes]
    outcome = Outcome(item.where, action, "; ".join(n for n in (*notes, note) if n), needs_look=bool(reasons))
    return outcome, result.review


def _kept(item: Item, page) -> Outcome | None:
    """A page an editor accepted in the import queue is not stored over; a changed one is reopened."""
    row = queue_row_for(item.record)
    if row is None or row.status != ImportedPage.Status.ACCEPTED:
        return None
    if row.text_hash == page.text_hash:
        return Outcome(item.where, "unchanged", "")
    with transaction.atomic():
        reopen(row, item.where, item.record, page)
    reason = "the page changed since an editor accepted it: the review is kept, the page needs a look"
    return Outcome(item.where, "unchanged", reason, needs_look=True)


def _index(scope, where: str) -> None:
    try:
        scope.flush()
    except Exception as exc:  # noqa: BLE001 - reported as the reason the batch was undone
        raise _Stop(
            Outcome(
                f"the search index for the batch ending at {where}", "failed", f"{type(exc).__name__}: {exc}"
            )
        ) from exc


def run(
    items: Iterable[Item],
    *,
    dry_run: bool = False,
    stop_on_error: bool = False,
    atomic: bool = False,
    batch_size: int = 200,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> Summary:
    """Store every item; return what happened to each. Never raises for a bad item."""
    summary = Summary(dry_run=dry_run, atomic=atomic)
    with SeenKeys() as seen:  # bounded in memory: a million-record import spills it to disk
        _run(items, summary, seen, dry_run, stop_on_error, atomic, batch_size, on_outcome)
    return summary


def _run(items, summary: Summary, seen: SeenKeys, dry_run, stop_on_error, atomic, batch_size, on_outcome):
    whole = dry_run or atomic
    pending: list[Outcome] = []  # outcomes whose changes are not committed yet
    started = time.perf_counter()

    def settle(outcomes: list[Outcome], undone: bool) -> None:
        for outcome in outcomes:
            if undone and outcome.action in ("created", "updated"):
                outcome.action, outcome.reason = "rolled back", f"undone: the import stopped at {stop_where}"
            summary.counts[outcome.action] += 1
            if outcome.needs_look and outcome.action != "rolled back":
                summary.needs_look += 1
            # Rolled-back items are counted, not listed: the stop line says which batch it was.
            if outcome.action in ("skipped", "failed") or (
                outcome.reason and outcome.action != "rolled back"
            ):
                summary.problems.append(outcome)

    stop_where = ""
    # People, labels, authors and tags repeat across an archive: store.save looks each up once.
    # Any rollback here ends the import, and so the cache with it.
    with transaction.atomic() if whole else nullcontext(), caching(), ExitStack() as tallies:
        # One transaction for the whole import: on PostgreSQL the tallies' triggers are paused
        # (a dry run from the start: it rolls back; an atomic import once it is long enough to
        # make them quadratic, then one recount before the commit): see counts.pause.
        tallies_paused = dry_run and pause.applies()
        if tallies_paused:
            tallies.enter_context(pause.paused(rebuild=False))
        try:
            for batch in _chunks(items, max(1, batch_size), stop_on_error):
                # Each save marks the reviews it touched for the search index; index_scope()
                # collects them, and the batch writes them once, inside its transaction.
                with transaction.atomic(), index_scope() as scope:
                    try:
                        prime([item.record for item in batch if item.record is not None])
                    except DatabaseError as exc:
                        raise _Stop(
                            Outcome("the database", "failed", f"{type(exc).__name__}: {exc}")
                        ) from exc
                    rows = []
                    for item in batch:
                        outcome, _review = _store(item, seen, rows=rows)
                        pending.append(outcome)
                        if on_outcome:
                            on_outcome(outcome)
                        if stop_on_error and outcome.action == "failed":
                            raise _Stop(outcome)
                    if rows:
                        remember_new(rows)  # the new reviews' queue rows, in one insert
                    # One index write for the batch, still inside its transaction (a few queries
                    # for 200 reviews instead of a dozen per review).
                    if scope is not None:
                        _index(scope, batch[-1].where)
                if not whole:
                    settle(pending, undone=False)
                    pending = []
                elif not tallies_paused and pause.applies() and len(pending) >= PAUSE_TALLIES_AFTER:
                    tallies.enter_context(pause.paused(rebuild=True))
                    tallies_paused = True
        except (_Stop, KeyboardInterrupt) as exc:
            # The batch's transaction has been rolled back on the way out of its block.
            if isinstance(exc, _Stop):
                stop = exc.outcome
            else:
                stop = Outcome("the import", "failed", "interrupted (Ctrl-C)")
            summary.stopped_at, stop_where = stop, stop.where
            if stop not in pending:  # not an item: the index write, or Ctrl-C
                pending.append(stop)
                if on_outcome:
                    on_outcome(stop)
            settle(pending, undone=True)
            pending = []
            if whole:
                transaction.set_rollback(True)
        if pending:
            settle(pending, undone=False)
        if dry_run:
            transaction.set_rollback(True)
    summary.seconds = time.perf_counter() - started
