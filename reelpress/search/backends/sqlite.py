"""SQLite backend: two contentless FTS5 indexes whose rowids are doc ids in publication order.

``search_fts`` holds every field and the body; ``search_tier_title``, ``search_tier_people`` and
``search_tier_facts`` only their ranking tier's fields (the tier scans and suggestions).
Every query walks rowids newest first and stops at its LIMIT, so a word found in most
reviews costs as much as a rare one; ranking happens in Python over that bounded set.

The tables live in a database file of their own, attached to every connection as ``search``
(``index_file``): a rebuild writes a new file and switches to it.
"""

from __future__ import annotations

import contextlib
import logging
import time

from django.db import DatabaseError, connections, transaction

from reelpress.search.backends import index_file
from reelpress.search.backends.base import (
    LIVE_PREFIX,
    ROW_COLUMNS,
    Backend,
    RebuildError,
    Row,
    SearchError,
    SearchTimeout,
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
MERGE_PAGES = 16000  # FTS5 pages (≈4 KB) merged per transaction by ``optimize``
DROP_SLICE = 5000  # rows deleted per transaction when an upgrade's retired index tables are dropped
CONTENT_COLUMNS = " ".join(HEAD_FIELDS) + " body"
# How often (in SQLite virtual machine steps) a search statement checks its deadline.
PROGRESS_STEPS = 1000

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


def _has_prefix(query: Query) -> bool:
    items = [*query.must, *query.must_not]
    terms = [sub for item in items for sub in (item.items if isinstance(item, AnyOf) else (item,))]
    return any(isinstance(t, Term) and t.prefix for t in terms)


def _key_text(keys: list[str]) -> str:
    return " ".join(keys)


class SQLiteBackend(Backend):
    vendor = "sqlite"
    keeps_tombstones = True
    # FTS5 renames its own shadow tables (search_fts_data, ...) with the table.
    TABLES = (*Backend.TABLES, "fts", *(f"tier_{tier}" for tier in TIERS))
    RETIRED_TABLES = ("head",)  # the one head index of earlier versions

    def __init__(self, connection, prefix=LIVE_PREFIX, *, building: int | None = None, site=None):
        super().__init__(connection, prefix)
        self.building = building  # the generation this backend writes (a rebuild), else None
        self.site = site or connection  # the site's connection (a rebuild writes through its own)
        self.replaced: int | None = None  # the generation a swap replaced, deleted by drop_replaced
        self.lock = None  # a rebuild's lock file (index_file.lock_rebuilds), closed by release()

    @classmethod
    def for_rebuild(cls, site) -> SQLiteBackend:
        """A backend writing a new generation of the index file through a connection of its own.

        That connection's transactions are DEFERRED: they write only the new file, so they never
        take the site database's write lock (saves go on beside the rebuild).
        """
        if site.in_atomic_block:
            raise RebuildError("a rebuild of the SQLite index cannot run inside a transaction")
        site.ensure_connection()
        main = site.settings_dict["NAME"]
        live = index_file.live_generation(site.connection)
        if live is None:
            raise RebuildError("this database has no search index set up: run `reelpress migrate` first")
        lock = index_file.lock_rebuilds(main)  # held until release()
        generation = max([live, *index_file.generations_on_disk(main)]) + 1
        settings = {**site.settings_dict, "SEARCH_BUILD": index_file.index_name(main, generation)}
        settings["OPTIONS"] = {**settings.get("OPTIONS", {}), "transaction_mode": "DEFERRED"}
        index_file.remove_generation(main, generation)
        wrapper = type(connections[site.alias])  # ``site`` may be Django's proxy of the default connection
        connections[index_file.BUILD_ALIAS] = wrapper(settings, alias=index_file.BUILD_ALIAS)
        backend = cls(connections[index_file.BUILD_ALIAS], building=generation, site=site)
        backend.lock = lock
        return backend

    def stale(self) -> bool:
        return self.building is None and not index_file.is_current(self.connection)

    def refresh(self) -> None:
        index_file.refresh(self.connection)

    def _run(self, sql: str, params, needs: float = 0.0) -> list:
        left = self.time_left(needs)
        try:
            with self.connection.cursor() as cursor, self._budget(left):
                cursor.execute(sql, params)
                return cursor.fetchall()
        except DatabaseError as exc:  # never reaches the reader: logged, answered as "no results"
            if self.over_budget():
                log.info("search stopped at its time budget (%s)", params[:1])
                raise SearchTimeout(str(exc)) from exc
            log.warning("search query failed: %s (%s)", exc, params[:1])
            raise SearchError(str(exc)) from exc

    @contextlib.contextmanager
    def _budget(self, left: float | None):
        """SQLite's progress handler interrupts the statement once the search's deadline passes."""
        if left is None:
            yield
            return
        deadline = self.deadline
        raw = self.connection.connection
        raw.set_progress_handler(lambda: time.monotonic() >= deadline, PROGRESS_STEPS)
        try:
            yield
        finally:
            raw.set_progress_handler(None, 0)

    def _rows(self, table: str, expr: str, limit: int, now: int, below: int | None, needs=0.0) -> list[Row]:
        upper = min(now, below - 1) if below is not None else now
        sql = (
            f"SELECT {ROW_COLUMNS} FROM {table} f JOIN search_doc d ON d.docid = f.rowid "  # noqa: S608
            f"WHERE f.{table} MATCH %s AND f.rowid <= %s AND d.review_id IS NOT NULL "
            "ORDER BY f.rowid DESC LIMIT %s"
        )
        return list(map(Row._make, self._run(sql, [expr, upper, limit], needs)))

    def scan(self, query, filters, limit, now, below=None, tier=None):
        if tier is None:
            started = time.monotonic()
            try:  # a deeper page's scan costs what the first one did
                expr = compile_query(query, filters)
                return self._rows("search_fts", expr, limit, now, below, self.scan_seconds)
            finally:
                self.scan_seconds = max(self.scan_seconds, time.monotonic() - started)
        expr = compile_tier(query, filters, tier)
        return self._rows(TIER_TABLES[tier], expr, limit, now, below) if expr else []

    def verify(self, query, filters, docids, now):
        if not docids:
            return set()
        expr = compile_query(query, filters)
        if not _has_prefix(query):
            marks = ", ".join(["%s"] * len(docids))
            sql = (
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s "  # noqa: S608
                f"AND rowid IN ({marks}) AND rowid <= %s"
            )
            return {r[0] for r in self._run(sql, [expr, *docids, now])}
        # FTS5 takes a rowid list as one query per rowid, and each one expanded the prefix terms
        # again (every indexed word they start): one query over the range the candidates span
        # expands them once.
        wanted = set(docids)
        sql = "SELECT rowid FROM search_fts WHERE search_fts MATCH %s AND rowid BETWEEN %s AND %s"
        found = self._run(sql, [expr, min(wanted), min(max(wanted), now)], needs=self.scan_seconds)
        return {r[0] for r in found if r[0] in wanted}

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
        drops = self.drop_statements(f"{index_file.SCHEMA}.{LIVE_PREFIX}")  # in the attached file
        with self._cursor() as cursor:
            for statement in drops + [index_file.qualified(statement) for statement in SCHEMA]:
                cursor.execute(statement)
            # A bulk build writes one segment per transaction and merges them all once, at the
            # end (optimize): each posting is written twice. Merging early ("crisis" merges of
            # 200 segments, inside a batch's transaction) wrote the index a third time, in
            # transactions of over a gigabyte at a million reviews.
            self._merge_settings(cursor, automerge=0, crisismerge=BULK_CRISISMERGE, hashsize=BULK_HASH)

    def optimize(self, step=None):
        """Merge each index's segments into one, in bounded transactions (``step(n)`` after each).

        FTS5's 'optimize' command does the same in one transaction, with no progress to show
        (minutes at a million reviews). The 'merge' command with a negative page count starts
        the same full merge, and positive counts continue it, each call committed on its own. A
        call that changes fewer than two rows found nothing left to merge (SQLite's documented
        end test).
        """
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

    def swap(self):
        """Switch the site to the finished generation (one transaction), then attach it here."""
        if self.building is None:
            raise ValueError("only a backend writing a rebuild can swap its index in")
        generation, self.building = self.building, None
        index_file.finish(self.connection, index_file.index_name(self.site.settings_dict["NAME"], generation))
        with transaction.atomic(using=self.site.alias), self.site.cursor() as cursor:
            cursor.execute(f"SELECT generation FROM {index_file.POINTER}")  # noqa: S608
            self.replaced = cursor.fetchone()[0]
            cursor.execute(f"UPDATE {index_file.POINTER} SET generation = %s", [generation])  # noqa: S608
        index_file.refresh(self.site)  # before the writer's connection closes: see index_file.finish
        self.release()

    def drop_replaced(self):
        if self.replaced is not None:
            index_file.remove_generation(self.site.settings_dict["NAME"], self.replaced)
        self.drop_retired()

    def drop_retired(self):
        """Drop the index tables an upgrade left in the site's database (``search_retired_*``).

        In slices, so saves never wait long for the write lock: a DROP TABLE frees every page in
        one transaction, reading each one (minutes at a million reviews on a cold cache). The
        big ones (full-text segment pages, document and meta rows) are emptied ``DROP_SLICE``
        rows per transaction first.
        """
        with self.site.cursor() as cursor:
            virtual, plain = index_file.site_tables(cursor, index_file.RETIRED)
            sliced = [f"{v}_data" for v in virtual] + [n for n in plain if n.endswith(("_doc", "_meta"))]
            for table in sliced:
                while True:
                    with transaction.atomic(using=self.site.alias):
                        # FTS5 keeps its own records in the first rowids of %_data (10: the
                        # segment list); the table must still open to be dropped.
                        cursor.execute(
                            f'DELETE FROM "{table}" WHERE rowid IN '  # noqa: S608
                            f'(SELECT rowid FROM "{table}" WHERE rowid > 10 LIMIT %s)',
                            [DROP_SLICE],
                        )
                        if cursor.rowcount < DROP_SLICE:
                            break
            for name in virtual + plain:  # FTS5's shadow tables go with their table
                with transaction.atomic(using=self.site.alias):
                    cursor.execute(f'DROP TABLE IF EXISTS "{name}"')

    def drop_leftovers(self):
        """Delete index files no connection attaches: of rebuilds interrupted before or after their switch."""
        main = self.site.settings_dict["NAME"]
        live = index_file.live_generation(self.site.connection)
        for generation in index_file.generations_on_disk(main):
            if generation not in (live, self.building):
                index_file.remove_generation(main, generation)

    def release(self):
        """Close the rebuild's connection; a generation never switched in is deleted."""
        if self.connection is self.site:
            return
        self.connection.close()
        with contextlib.suppress(AttributeError):  # Django's connection registry is a thread-local
            del connections[index_file.BUILD_ALIAS]
        if self.building is not None:
            index_file.remove_generation(self.site.settings_dict["NAME"], self.building)
        self.connection = self.site
        if self.lock is not None:
            self.lock.close()  # lets go of the flock
            self.lock = None

    @staticmethod
    def _merge_settings(cursor, automerge: int, crisismerge: int, hashsize: int) -> None:
        settings = (("automerge", automerge), ("crisismerge", crisismerge), ("hashsize", hashsize))
        for table in FTS_TABLES:
            for name, value in settings:
                cursor.execute(f"INSERT INTO {table} ({table}, rank) VALUES (%s, %s)", [name, value])  # noqa: S608

    def index_size(self):
        """Bytes of the index file (its pages, free ones included)."""
        with self.connection.cursor() as cursor:
            cursor.execute(f"PRAGMA {index_file.SCHEMA}.page_count")
            pages = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA {index_file.SCHEMA}.page_size")
            return pages * cursor.fetchone()[0]
