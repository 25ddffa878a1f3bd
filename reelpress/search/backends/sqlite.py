"""SQLite backend: two contentless FTS5 indexes whose rowids are doc ids in publication order.

``search_fts`` holds every field and the body; ``search_tier_title``, ``search_tier_people`` and
``search_tier_facts`` only their ranking tier's fields (the tier scans and suggestions).
Every query walks rowids newest first and stops at its LIMIT, so a word found in most
reviews costs as much as a rare one; ranking happens in Python over that bounded set.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from contextlib import contextmanager

from django.db import DatabaseError, transaction

from reelpress.search.backends.base import (
    LIVE_PREFIX,
    REPLACED_PREFIX,
    ROW_COLUMNS,
    Backend,
    Row,
    SearchError,
)
from reelpress.search.documents import ALL_TOKEN, HEAD_FIELDS, TIERS, Doc, key_token, year_token
from reelpress.search.query import AnyOf, Query, Term, Years

log = logging.getLogger(__name__)

# Text reaches FTS5 already folded by our own tokenizer when it isn't plain ASCII, so the fast
# "ascii" tokenizer (lower-case, split on ASCII punctuation) agrees with the Python side.
TOKENIZER = "ascii"
# FTS5 buffers new postings in memory and writes a segment each time the buffer fills (1 MiB by
# default) or the transaction ends: dozens of small segments per 1,000 reviews, each merged again
# later. A bigger buffer during a bulk build writes one segment per transaction (≈1.7x faster
# inserts in a stand-alone FTS5 test; only the rebuild, which writes in rowid order, profits):
# 10,000 of the benchmark's reviews fill ≈25 MiB, the size of a rebuild's transactions at a million.
BULK_HASH = 64 << 20
LIVE_HASH = 1 << 20
# Segments a bulk build may leave on one level before FTS5 merges them inside a write (FTS5's
# maximum): a rebuild writes at most 100 (index.SEGMENTS), merged once, at the end.
BULK_CRISISMERGE = 1999
AUTOCHECKPOINT = 1000  # SQLite's default: pages of write-ahead log that make a commit checkpoint
MERGE_PAGES = 16000  # FTS5 pages (≈4 KB) merged per transaction by ``optimize``
DROP_SLICE = 5000  # rows deleted per transaction when a replaced index is dropped
CONTENT_COLUMNS = " ".join(HEAD_FIELDS) + " body"

# One small index per ranking tier (titles; names; facts), each with the filter keys. A tier scan
# of a word common elsewhere ("the" in titles and prose) then reads only that tier's postings:
# in one shared head index with a column filter, FTS5 walked every posting of the word to find
# none in the names column (1.5 ms at 100,000 reviews, growing with the archive).
TIER_TABLES = {tier: f"search_tier_{tier}" for tier in TIERS}
TIER_SCHEMA = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5(
        {", ".join(TIERS[tier])}, keys,
        content='', columnsize=0, tokenize='{TOKENIZER}'{", prefix='2 3'" if tier != "facts" else ""})"""
    for tier, table in TIER_TABLES.items()
]
FTS_TABLES = ("search_fts", *TIER_TABLES.values())

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS search_doc (
        docid INTEGER PRIMARY KEY,
        review_id INTEGER UNIQUE,
        titles TEXT NOT NULL DEFAULT '',
        people TEXT NOT NULL DEFAULT '',
        facts TEXT NOT NULL DEFAULT '',
        facets TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE TABLE IF NOT EXISTS search_meta (
        docid INTEGER PRIMARY KEY,
        digest TEXT NOT NULL DEFAULT '',
        display TEXT NOT NULL DEFAULT '',
        slug TEXT NOT NULL DEFAULT '',
        people_display TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE TABLE IF NOT EXISTS search_facet_total (
        facet TEXT NOT NULL, slug TEXT NOT NULL, label TEXT NOT NULL DEFAULT '', n INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (facet, slug)) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS search_vocab (
        term TEXT PRIMARY KEY, display TEXT NOT NULL, n INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS search_vocab_gram (
        gram TEXT NOT NULL, term TEXT NOT NULL, PRIMARY KEY (gram, term)) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS search_vocab_sig (
        sig TEXT NOT NULL, term TEXT NOT NULL, PRIMARY KEY (sig, term)) WITHOUT ROWID""",
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        {", ".join(HEAD_FIELDS)}, keys, body,
        content='', columnsize=0, detail=full, tokenize='{TOKENIZER}')""",
    *TIER_SCHEMA,
]


def _phrase(words, prefix: bool) -> str:
    # Words are folded letter/digit tokens already; the quoting is belt and braces.
    text = " ".join(words).replace('"', '""')
    return f'"{text}"' + ("*" if prefix else "")


def _compile_item(item, columns: str) -> str:
    if isinstance(item, AnyOf):
        return "(" + " OR ".join(_compile_item(sub, columns) for sub in item.items) + ")"
    if isinstance(item, Years):
        return "{keys} : (" + " OR ".join(f'"{year_token(y)}"' for y in item.values()) + ")"
    assert isinstance(item, Term)
    if item.field:
        return "{" + item.field + "} : " + _phrase(item.words, item.prefix)
    # No column filter needed: filter tokens can never equal a typed word (see KEY_MARK).
    return (
        _phrase(item.words, item.prefix)
        if columns == CONTENT_COLUMNS
        else "{" + columns + "} : " + _phrase(item.words, item.prefix)
    )


def _filters(filters: dict) -> list[str]:
    parts = []
    for facet, values in filters.items():
        tokens_ = [f'"{key_token(facet, v)}"' for v in values]
        parts.append("{keys} : (" + " OR ".join(tokens_) + ")")
    return parts


def compile_query(query: Query, filters: dict, columns: str = CONTENT_COLUMNS) -> str:
    """The FTS5 expression of a parsed query: every phrase quoted, every column named."""
    parts = [_compile_item(item, columns) for item in query.must] + _filters(filters)
    if not parts:
        parts = ["{keys} : " + f'"{ALL_TOKEN}"']
    expr = " AND ".join(f"({p})" for p in parts)
    for item in query.must_not:
        expr = f"({expr}) NOT ({_compile_item(item, columns)})"
    return expr


def compile_tier(query: Query, filters: dict, tier: str) -> str | None:
    """Rows where at least one plain positive term hits the tier's columns (plus the filters)."""
    columns = " ".join(TIERS[tier])
    terms = [t for t in query.positive_terms() if t.field is None]
    if not terms:
        return None
    expr = "{" + columns + "} : (" + " OR ".join(_phrase(t.words, t.prefix) for t in terms) + ")"
    return " AND ".join(f"({p})" for p in [expr] + _filters(filters))


def _key_text(keys: list[str]) -> str:
    return " ".join(keys)


class _Checkpointer(threading.Thread):
    """Copies committed pages from the write-ahead log into the database while a rebuild writes.

    SQLite runs that copy (a checkpoint) inside the commit that crosses 1,000 log pages, so the
    rebuild's writer spent half its commit time on it (11 of 21 s per 100,000 reviews). Here it
    runs on its own connection, in a thread (the sqlite3 module releases the GIL meanwhile).
    A PASSIVE checkpoint never blocks the writer or readers.

    The log only starts again from its beginning when a write begins after a checkpoint copied
    all of it and no reader still reads from it. With the writer committing back to back and the
    workers reading all the time, that moment never came: at a million reviews the log grew to
    12 GB and pushed the index out of the page cache (the merge then read it from disk at a tenth
    of the speed). So between its transactions the writer restarts the log itself once it holds
    over ``LOG_LIMIT`` pages (``SQLiteBackend.batch_transaction``).
    """

    IDLE = 0.05  # seconds to wait when the log is fully copied
    LOG_LIMIT = 128_000  # pages of log (≈500 MB) before the writer restarts it between transactions

    def __init__(self, path: str):
        super().__init__(name="search-checkpointer", daemon=True)
        self.path = path
        self.done = threading.Event()
        self.logged = 0  # pages in the log at the last checkpoint

    def run(self) -> None:
        con = sqlite3.connect(self.path, timeout=20, isolation_level=None, check_same_thread=False)
        try:
            while not self.done.is_set():
                try:
                    _busy, logged, copied = con.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                except sqlite3.Error as exc:  # the writer's own checkpoints take over again at the end
                    log.warning("background checkpoint failed: %s", exc)
                    logged = copied = 0
                self.logged = logged
                if logged <= copied:
                    self.done.wait(self.IDLE)
        finally:
            con.close()

    def stop(self) -> None:
        self.done.set()
        self.join()


class SQLiteBackend(Backend):
    vendor = "sqlite"
    keeps_tombstones = True
    # FTS5 renames its own shadow tables (search_fts_data, ...) with the table.
    TABLES = (*Backend.TABLES, "fts", *(f"tier_{tier}" for tier in TIERS))
    RETIRED_TABLES = ("head",)  # the one head index of earlier versions

    _checkpointer: _Checkpointer | None = None
    _in_bulk = False
    log_restarts = 0  # write-ahead log restarts a bulk build made between its transactions

    @contextmanager
    def bulk(self):
        """Also: checkpoints of the write-ahead log move to a background thread while a rebuild writes."""
        self._in_bulk = not self.connection.is_in_memory_db()
        try:
            with super().bulk():
                yield
        finally:
            self._in_bulk = False
            if self._checkpointer:
                self._checkpointer.stop()
                self._checkpointer = None
            with self.connection.cursor() as cursor:
                cursor.execute(f"PRAGMA wal_autocheckpoint={AUTOCHECKPOINT}")

    def _bulk_writer(self) -> None:
        """In bulk mode: this connection leaves checkpoints to the background thread.

        Called before each bulk write and merge step (the rebuild closes and reopens the
        connection when it forks its workers). The thread starts at the first write, after that
        fork: forking a process while another thread may hold SQLite's or the allocator's locks
        is unsafe.
        """
        if not self._in_bulk:
            return
        with self.connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_autocheckpoint=0")
        if self._checkpointer is None:
            self._checkpointer = _Checkpointer(self.connection.settings_dict["NAME"])
            self._checkpointer.start()

    @contextmanager
    def batch_transaction(self):
        """Before each transaction of a bulk build: restart a long write-ahead log (see ``_Checkpointer``).

        A RESTART checkpoint copies what is left, waits (SQLite's busy timeout at most) until no
        reader still reads from the log, and so lets this connection's next write start the log
        from its beginning. It needs this connection outside any transaction: hence here.
        """
        if self._checkpointer is not None and self._checkpointer.logged > _Checkpointer.LOG_LIMIT:
            with self.connection.cursor() as cursor:
                cursor.execute("PRAGMA wal_checkpoint(RESTART)")
                busy = cursor.fetchone()[0]
            self._checkpointer.logged = 0
            self.log_restarts += 0 if busy else 1
        with super().batch_transaction():
            yield

    def write(self, docs, *, fresh=False):
        self._bulk_writer()
        return super().write(docs, fresh=fresh)

    def _run(self, sql: str, params) -> list:
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        except DatabaseError as exc:  # never reaches the reader: logged, answered as "no results"
            log.warning("search query failed: %s (%s)", exc, params[:1])
            raise SearchError(str(exc)) from exc

    def _rows(self, table: str, expr: str, limit: int, now: int, below: int | None) -> list[Row]:
        upper = min(now, below - 1) if below is not None else now
        sql = (
            f"SELECT {ROW_COLUMNS} FROM {table} f JOIN search_doc d ON d.docid = f.rowid "  # noqa: S608
            f"WHERE f.{table} MATCH %s AND f.rowid <= %s AND d.review_id IS NOT NULL "
            "ORDER BY f.rowid DESC LIMIT %s"
        )
        return list(map(Row._make, self._run(sql, [expr, upper, limit])))

    def scan(self, query, filters, limit, now, below=None, tier=None):
        if tier is None:
            return self._rows("search_fts", compile_query(query, filters), limit, now, below)
        expr = compile_tier(query, filters, tier)
        return self._rows(TIER_TABLES[tier], expr, limit, now, below) if expr else []

    def verify(self, query, filters, docids, now):
        if not docids:
            return set()
        marks = ", ".join(["%s"] * len(docids))
        sql = f"SELECT rowid FROM search_fts WHERE search_fts MATCH %s AND rowid IN ({marks}) AND rowid <= %s"  # noqa: S608
        return {r[0] for r in self._run(sql, [compile_query(query, filters), *docids, now])}

    def prefix_rows(self, words, now, limit):
        # Titles and names are two tier indexes: the newest doc ids of each, then one fetch.
        expr = _phrase(words, True)
        docids: set[int] = set()
        for tier, column in (("title", "title"), ("people", "credits")):
            table = TIER_TABLES[tier]
            sql = (
                f"SELECT rowid FROM {table} WHERE {table} MATCH %s AND rowid <= %s "  # noqa: S608
                "ORDER BY rowid DESC LIMIT %s"
            )
            docids.update(row[0] for row in self._run(sql, ["{" + column + "} : " + expr, now, limit]))
        newest = sorted(docids, reverse=True)[:limit]
        if not newest:
            return []
        marks = ", ".join(["%s"] * len(newest))
        sql = (
            "SELECT d.docid, d.titles, d.people, m.display, m.slug, m.people_display FROM search_doc d "  # noqa: S608
            f"JOIN search_meta m ON m.docid = d.docid WHERE d.docid IN ({marks}) AND d.review_id IS NOT NULL "
            "ORDER BY d.docid DESC"
        )
        return self._run(sql, newest)

    def _insert_index(self, cursor, rows: list[tuple[int, Doc]]) -> None:
        full = []
        tiers: dict[str, list[tuple]] = {tier: [] for tier in TIERS}
        for docid, doc in rows:
            folded = doc.folded_fields
            keys = _key_text(doc.keys)
            full.append((docid, *(folded[name] for name in HEAD_FIELDS), keys, doc.folded_body))
            for tier, names in TIERS.items():
                tiers[tier].append((docid, *(folded[name] for name in names), keys))
        for tier, values in tiers.items():
            names = ", ".join(TIERS[tier])
            marks = ", ".join(["%s"] * (len(TIERS[tier]) + 2))
            cursor.executemany(
                f"INSERT INTO {TIER_TABLES[tier]} (rowid, {names}, keys) VALUES ({marks})",  # noqa: S608
                values,
            )
        names = ", ".join(HEAD_FIELDS)
        marks = ", ".join(["%s"] * (len(HEAD_FIELDS) + 3))
        cursor.executemany(f"INSERT INTO search_fts (rowid, {names}, keys, body) VALUES ({marks})", full)  # noqa: S608

    def clear(self):
        with self._cursor() as cursor:
            for statement in self.drop_statements() + SCHEMA:
                cursor.execute(statement)
            # A bulk build writes one segment per transaction and merges them all once, at the
            # end (optimize): each posting is written twice. Merging early ("crisis" merges of
            # 200 segments, inside a batch's transaction) wrote the index a third time, in
            # transactions of over a gigabyte at a million reviews.
            self._merge_settings(cursor, automerge=0, crisismerge=BULK_CRISISMERGE, hashsize=BULK_HASH)

    def optimize(self, step=None):
        """Merge each index's segments into one, in bounded transactions (``step(n)`` after each).

        FTS5's 'optimize' command does the same in one transaction; at a million reviews that
        transaction wrote a 15 GB write-ahead log, which cannot be checkpointed until it commits
        and makes every page read inside it search the log's index. The 'merge' command with a
        negative page count starts the same full merge, and positive counts continue it; each
        call is committed on its own, so the log stays small. A call that changes fewer than two
        rows found nothing left to merge (SQLite's documented end test).
        """
        self._bulk_writer()
        raw = self.connection.connection
        steps = 0
        for table in FTS_TABLES:
            with self._cursor() as cursor:
                # Read the segments once, in file order, before merging them: the merge reads
                # all of them at once, term by term, and at a million reviews (the database
                # larger than RAM) it read them from disk 4 KB at a time, at a tenth of the speed.
                cursor.execute(f"SELECT count(*) FROM {table}_data")  # noqa: S608
                cursor.fetchone()
            pages = -MERGE_PAGES
            while True:
                self._bulk_writer()
                with self.batch_transaction(), self._cursor() as cursor:
                    before = raw.total_changes
                    cursor.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('merge', %s)", [pages])  # noqa: S608
                    changed = raw.total_changes - before
                steps += 1
                if step:
                    step(steps)
                if changed < 2:
                    break
                pages = MERGE_PAGES
        with transaction.atomic(using=self.connection.alias), self._cursor() as cursor:
            # FTS5's defaults for live writes
            self._merge_settings(cursor, automerge=4, crisismerge=16, hashsize=LIVE_HASH)

    def drop_tables(self, prefix: str) -> None:
        """Drop one set of search tables in slices, so saves never wait long for the write lock.

        A DROP TABLE frees every page of the table in one transaction, reading each one: at a
        million reviews, minutes on a cold cache, during which every save would wait (and give
        up after the 20 s busy timeout). The big ones (the full-text indexes' pages, the
        document and meta rows) are emptied ``DROP_SLICE`` rows per transaction first.
        """
        with self.connection.cursor() as cursor:
            existing = set(self.connection.introspection.table_names(cursor))
            big = [f"{prefix}{name}" for name in ("doc", "meta")]
            # FTS5 keeps its own records in the first rowids of %_data (10: the segment list);
            # the table must still open to be dropped, so only the segment pages go first.
            big += [f"{prefix}{table[len(LIVE_PREFIX) :]}_data" for table in FTS_TABLES]
            # Last rows first: SQLite's free list hands pages back in about the reverse order they
            # were freed, so the next rebuild's index is then laid out in file order, and reading
            # it (its merge, and dropping it one day) runs with the disk's read-ahead. Dropping a
            # cold 100,000-review index: 16.2-17.2 s after ascending deletes, 11.9-12.3 s after
            # descending ones (three runs each, page cache dropped before each).
            for table in big:
                while table in existing:
                    with transaction.atomic(using=self.connection.alias):
                        cursor.execute(
                            f"DELETE FROM {table} WHERE rowid IN "  # noqa: S608
                            f"(SELECT rowid FROM {table} WHERE rowid > 10 ORDER BY rowid DESC LIMIT %s)",
                            [DROP_SLICE],
                        )
                        if cursor.rowcount < DROP_SLICE:
                            break
        super().drop_tables(prefix)

    def swap(self):
        # Dropping a table makes SQLite read every page of it (to free them), seconds per
        # gigabyte of a cold index: the replaced tables are renamed here and dropped after the
        # swap commits (``drop_replaced``), so the swap holds the write lock only for the renames.
        if self.prefix == LIVE_PREFIX:
            raise ValueError("only a backend writing a rebuild (BUILD_PREFIX) can swap its tables in")
        with self.connection.cursor() as cursor:
            existing = set(self.connection.introspection.table_names(cursor))
            for name in self.TABLES:
                if REPLACED_PREFIX + name in existing:  # normally dropped when the rebuild began
                    cursor.execute(f"DROP TABLE {REPLACED_PREFIX}{name}")
                if LIVE_PREFIX + name in existing:
                    cursor.execute(f"ALTER TABLE {LIVE_PREFIX}{name} RENAME TO {REPLACED_PREFIX}{name}")
            for statement in self.drop_statements():  # retired tables of earlier versions
                cursor.execute(statement)
            for name in self.TABLES:
                cursor.execute(f"ALTER TABLE {self.prefix}{name} RENAME TO {LIVE_PREFIX}{name}")

    @staticmethod
    def _merge_settings(cursor, automerge: int, crisismerge: int, hashsize: int) -> None:
        settings = (("automerge", automerge), ("crisismerge", crisismerge), ("hashsize", hashsize))
        for table in FTS_TABLES:
            for name, value in settings:
                cursor.execute(f"INSERT INTO {table} ({table}, rank) VALUES (%s, %s)", [name, value])  # noqa: S608

    def index_size(self):
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(
                    "SELECT name FROM sqlite_master WHERE name LIKE 'search%%' "
                    "OR name LIKE 'sqlite_autoindex_search%%'",
                    [],
                )
                names = [row[0] for row in cursor.fetchall()]
                total = 0
                # One b-tree at a time (with LIKE, dbstat walked the whole database), page by page:
                # its aggregate mode sums in 32 bits in SQLite 3.40 (a 5.9 GB index read as 1.6 GB).
                for name in names:
                    cursor.execute("SELECT sum(pgsize) FROM dbstat WHERE name = %s", [name])
                    total += int(cursor.fetchone()[0] or 0)
                return total
        except DatabaseError:  # dbstat is an optional SQLite module
            return 0
