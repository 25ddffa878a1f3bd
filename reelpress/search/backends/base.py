"""What every search backend shares: the document table, facet totals, vocabulary and the write path.

A backend subclass only says how to match: how a parsed query becomes the engine's own query
(FTS5 expression, tsquery) and how matching rows are scanned newest first with a LIMIT, so no
query ever pays for every row that matches.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from typing import NamedTuple

from django.db import transaction

from reelpress.search.documents import Doc, docid_base, docid_range
from reelpress.search.query import Query


class Row(NamedTuple):
    """One matching review as the ranker sees it (folded token strings, facet lines)."""

    docid: int
    review_id: int
    titles: str
    people: str
    facts: str
    facets: str


ROW_COLUMNS = "d.docid, d.review_id, d.titles, d.people, d.facts, d.facets"


LIVE_PREFIX = "search_"
BUILD_PREFIX = "search_new_"  # a rebuild writes here and swaps the finished tables in


class _Renamed:
    """A cursor whose statements address another set of search tables (``search_`` -> prefix)."""

    def __init__(self, cursor, prefix: str):
        self._cursor, self._prefix = cursor, prefix

    def _sql(self, sql: str) -> str:
        return sql.replace(LIVE_PREFIX, self._prefix)

    def execute(self, sql, params=None):
        return self._cursor.execute(self._sql(sql), params)

    def executemany(self, sql, param_list):
        return self._cursor.executemany(self._sql(sql), param_list)

    def __getattr__(self, name):
        return getattr(self._cursor, name)


class SearchError(Exception):
    """A backend could not run a query; the service turns it into an empty result."""


class SearchTimeout(SearchError):
    """A search spent its time budget (``Backend.deadline``); the service answers with what it found."""


class RebuildError(Exception):
    """A rebuild cannot start (another one is running, the schema is missing, ...): nothing was changed."""


class Backend:
    vendor = ""
    #: SQLite keeps retired rows (their postings stay in the contentless index until a reindex)
    #: so their doc ids are never reused; PostgreSQL deletes them.
    keeps_tombstones = False

    #: the tables of the index, without the prefix (a rebuild swaps each one in)
    TABLES: tuple[str, ...] = ("doc", "meta", "facet_total", "vocab", "vocab_gram", "vocab_sig")
    RETIRED_TABLES: tuple[str, ...] = ()  # tables of earlier versions, dropped by a swap

    def __init__(self, connection, prefix: str = LIVE_PREFIX):
        self.connection = connection
        self.prefix = prefix
        #: ``time.monotonic()`` past which matching statements stop (None: no budget). A
        #: statement still running then is interrupted by the engine and raises SearchTimeout.
        self.deadline: float | None = None
        #: the slowest full scan of this search so far: what scanning or verifying it again costs
        self.scan_seconds = 0.0
        self._fresh_seq: dict[int, int] = {}
        self._bulk_vocab: tuple[Counter, dict[str, str]] | None = None  # inside ``bulk()``

    @contextmanager
    def _cursor(self):
        """A cursor for the write path: on the build tables when this backend writes a rebuild."""
        with self.connection.cursor() as cursor:
            yield cursor if self.prefix == LIVE_PREFIX else _Renamed(cursor, self.prefix)

    def time_left(self, needs: float = 0.0) -> float | None:
        """Seconds left of the search's budget (None: unbounded).

        Raises SearchTimeout when fewer than ``needs`` seconds (what the statement is expected to
        cost) are left: the engine cannot always stop a statement half way (FTS5 expands a prefix
        term in one step), so a statement that would overrun is not started.
        """
        if self.deadline is None:
            return None
        left = self.deadline - time.monotonic()
        if left <= needs:
            raise SearchTimeout("the search's time budget is spent")
        return left

    def over_budget(self) -> bool:
        return self.deadline is not None and time.monotonic() >= self.deadline

    # ------------------------------------------------------------------ matching (per vendor)

    def scan(
        self,
        query: Query,
        filters: dict,
        limit: int,
        now: int,
        below: int | None = None,
        tier: str | None = None,
    ) -> list[Row]:
        """Public rows matching ``query`` and ``filters``, newest first, at most ``limit``.

        With ``tier`` ("title", "people", "facts"): rows where a positive term hits that tier.
        """
        raise NotImplementedError

    def verify(self, query: Query, filters: dict, docids: list[int], now: int) -> set[int]:
        """The subset of ``docids`` that match the whole query."""
        raise NotImplementedError

    def prefix_rows(self, words: list[str], now: int, limit: int) -> list[tuple]:
        """Public rows whose titles or names start with ``words``.

        As tuples (docid, titles, people, display, slug, people_display), newest first.
        """
        raise NotImplementedError

    def fuzzy_terms(self, word: str) -> list[tuple[str, str, int]]:
        """Vocabulary (term, display, count) sharing enough trigrams with ``word`` to be its misspelling."""
        grams = sorted(trigrams(word))
        if not grams:
            return []
        marks = ", ".join(["%s"] * len(grams))
        sql = (
            "SELECT v.term, v.display, v.n FROM (SELECT term, count(*) AS c FROM search_vocab_gram "  # noqa: S608
            f"WHERE gram IN ({marks}) GROUP BY term HAVING count(*) >= %s ORDER BY c DESC LIMIT 60) g "
            "JOIN search_vocab v ON v.term = g.term"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [*grams, max(1, len(grams) // 3)])
            return cursor.fetchall()

    def _insert_docs(self, cursor, rows: list[tuple[int, Doc]]) -> None:
        cursor.executemany(
            "INSERT INTO search_doc (docid, review_id, titles, people, facts, facets) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            [(docid, d.review_id, d.titles, d.people, d.facts, d.facet_text) for docid, d in rows],
        )

    def prepare(self, doc: Doc) -> Doc:
        """Work out this engine's own derived values of ``doc`` (in a rebuild's worker process)."""
        return doc

    def _insert_index(self, cursor, rows: list[tuple[int, Doc]]) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        """Drop and recreate this backend's tables (the build tables, for a rebuild), empty."""
        raise NotImplementedError

    def swap(self) -> None:
        """Replace the live tables with this backend's finished build tables (one transaction)."""
        if self.prefix == LIVE_PREFIX:
            raise ValueError("only a backend writing a rebuild (BUILD_PREFIX) can swap its tables in")
        with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
            for statement in self.drop_statements():
                cursor.execute(statement)
            for name in self.TABLES:
                cursor.execute(f"ALTER TABLE {self.prefix}{name} RENAME TO {LIVE_PREFIX}{name}")
            self._rename_indexes(cursor)

    def stale(self) -> bool:
        """Whether this connection writes to an index a rebuild has replaced since it opened (SQLite)."""
        return False

    def refresh(self) -> None:
        """Make this connection use the index in use now (after ``stale()``; outside any transaction)."""

    def release(self) -> None:
        """After a rebuild, finished or not: let go of what it held (SQLite: its own connection)."""

    @contextmanager
    def bulk(self):
        """Around a rebuild's writes and compaction: whatever the engine does better in bulk.

        Here: the did-you-mean vocabulary is counted in memory and written once at the end
        (tens of thousands of terms), not looked up and upserted batch by batch (8 % of the
        writer's time).
        """
        self._bulk_vocab = (Counter(), {})
        try:
            yield
            counts, display = self._bulk_vocab
            self._bulk_vocab = None
            with transaction.atomic(using=self.connection.alias), self._cursor() as cursor:
                self._write_vocab(cursor, counts, display)
        finally:
            self._bulk_vocab = None

    def batch_transaction(self):
        """The transaction of one batch of a bulk build, on the connection the build writes through."""
        return transaction.atomic(using=self.connection.alias)

    def drop_replaced(self) -> None:
        """Drop what a swap replaced (PostgreSQL's swap dropped it already)."""

    def drop_leftovers(self) -> None:
        """Drop what an interrupted rebuild left: its build tables."""
        self.drop_tables(BUILD_PREFIX)

    def drop_tables(self, prefix: str) -> None:
        """Drop one set of search tables (named with ``prefix``), one transaction each."""
        with self.connection.cursor() as cursor:
            for statement in self.drop_statements(prefix):
                with transaction.atomic(using=self.connection.alias):
                    cursor.execute(statement)

    @classmethod
    def drop_statements(cls, prefix: str = LIVE_PREFIX) -> list[str]:
        """DROP statements for every search table, this version's and retired ones (live names)."""
        return [f"DROP TABLE IF EXISTS {prefix}{name}" for name in cls.TABLES + cls.RETIRED_TABLES]

    def _rename_indexes(self, cursor) -> None:
        """Give the swapped-in tables' named indexes their live names (where the engine keeps them)."""

    def orphans(self) -> list[int]:
        """Review ids in the index whose review no longer exists."""
        from reelpress.reviews.models import Review

        with self.connection.cursor() as cursor:
            # A set difference reads review ids from an index; a join looked up every review's
            # row (on SQLite, the pages holding its body: minutes at a million reviews, cold).
            cursor.execute(
                "SELECT review_id FROM search_doc WHERE review_id IS NOT NULL "  # noqa: S608
                f"EXCEPT SELECT id FROM {Review._meta.db_table}"
            )
            return [row[0] for row in cursor.fetchall()]

    def health(self) -> dict[str, int]:
        """Entries in the index: live ones, and retired ones still taking space until a rebuild."""
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(review_id), count(*) - count(review_id) FROM search_doc",
            )
            live, retired = cursor.fetchone()
        return {"entries": int(live or 0), "retired": int(retired or 0)}

    def optimize(self, step: Callable[[int], None] | None = None) -> None:
        """Compact the index after a bulk build, in its own transactions (``step(n)`` reports progress)."""

    def index_size(self) -> int:
        """Bytes used by the search tables (for the benchmark and `reindex`)."""
        return 0

    # ------------------------------------------------------------------ shared reading

    def facet_totals(self, now: int) -> tuple[int, dict[tuple[str, str], tuple[str, int]]]:
        """Exact public totals per facet value (and overall) from the maintained aggregate."""
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT facet, slug, label, n FROM search_facet_total WHERE n > 0")
            counts = {(f, s): (label, n) for f, s, label, n in cursor.fetchall()}
            cursor.execute("SELECT facets FROM search_doc WHERE docid > %s AND review_id IS NOT NULL", [now])
            future = cursor.fetchall()
        total = counts.pop(("*", "*"), ("", 0))[1]
        for (facets,) in future:  # scheduled reviews are counted by the aggregate but not yet public
            total -= 1
            for line in facets.split("\n") if facets else ():
                facet, slug, label = line.split("\t")
                label_now, n = counts.get((facet, slug), (label, 0))
                counts[(facet, slug)] = (label_now, n - 1)
        return total, {k: v for k, v in counts.items() if v[1] > 0}

    def rows_for(self, docids: list[int]) -> list[Row]:
        if not docids:
            return []
        with self.connection.cursor() as cursor:
            marks = ", ".join(["%s"] * len(docids))
            cursor.execute(
                f"SELECT {ROW_COLUMNS} FROM search_doc d "  # noqa: S608
                f"WHERE d.docid IN ({marks}) AND d.review_id IS NOT NULL",
                docids,
            )
            return list(map(Row._make, cursor.fetchall()))

    def row_for_review(self, review_id: int) -> Row | None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT {ROW_COLUMNS} FROM search_doc d WHERE d.review_id = %s", [review_id])  # noqa: S608
            found = cursor.fetchone()
        return Row(*found) if found else None

    def known_terms(self, terms: list[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        with self._cursor() as cursor:
            for start in range(0, len(terms), 500):
                chunk = terms[start : start + 500]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"SELECT term, n FROM search_vocab WHERE term IN ({marks})", chunk)  # noqa: S608
                found.update(cursor.fetchall())
        return found

    # ------------------------------------------------------------------ shared writing

    def write(self, docs: list[Doc], *, fresh: bool = False) -> int:
        """Store documents, replacing each review's previous entry; returns how many changed.

        ``fresh``: the tables held none of these reviews (bulk rebuild after ``clear``), so no
        per-review lookups are needed and doc ids are numbered in memory.
        """
        facet_delta: Counter = Counter()
        labels: dict[tuple[str, str], str] = {}
        new_rows: list[tuple[int, Doc]] = []
        next_seq = self._fresh_seq if fresh else {}
        with self._cursor() as cursor:
            for doc in docs:
                digest = doc.digest
                if not fresh:
                    cursor.execute(
                        "SELECT d.docid, m.digest, d.facets FROM search_doc d JOIN search_meta m "
                        "ON m.docid = d.docid WHERE d.review_id = %s",
                        [doc.review_id],
                    )
                    old = cursor.fetchone()
                    if old and old[1] == digest:
                        continue
                    if old:
                        self._retire(cursor, old[0])
                        _count(facet_delta, labels, old[2], -1)
                base = docid_base(doc.published)
                if base not in next_seq:
                    next_seq[base] = base
                    if not fresh:
                        lo, hi = docid_range(base)
                        cursor.execute(
                            "SELECT max(docid) FROM search_doc WHERE docid BETWEEN %s AND %s", [lo, hi]
                        )
                        top = cursor.fetchone()[0]
                        next_seq[base] = (top + 1) if top is not None else base
                docid = next_seq[base]
                next_seq[base] = docid + 1
                new_rows.append((docid, doc))
                _count(facet_delta, labels, doc.facet_text, +1)
            if not new_rows:
                return 0
            new_rows.sort(key=lambda row: row[0])  # ascending rowids keep FTS5's write buffer whole
            self._insert_docs(cursor, new_rows)
            cursor.executemany(
                "INSERT INTO search_meta (docid, digest, display, slug, people_display) "
                "VALUES (%s, %s, %s, %s, %s)",
                [(docid, d.digest, d.display, d.slug, d.people_text) for docid, d in new_rows],
            )
            self._insert_index(cursor, new_rows)
            self._add_totals(cursor, facet_delta, labels)
            self._add_vocab(cursor, [d for _, d in new_rows])
        return len(new_rows)

    def remove(self, review_ids: list[int]) -> None:
        """Take reviews out of the index (deleted, or turned back into drafts)."""
        delta: Counter = Counter()
        labels: dict[tuple[str, str], str] = {}
        with self._cursor() as cursor:
            for review_id in review_ids:
                cursor.execute("SELECT docid, facets FROM search_doc WHERE review_id = %s", [review_id])
                old = cursor.fetchone()
                if old:
                    self._retire(cursor, old[0])
                    _count(delta, labels, old[1], -1)
            self._add_totals(cursor, delta, labels)

    def _retire(self, cursor, docid: int) -> None:
        if self.keeps_tombstones:
            cursor.execute(
                "UPDATE search_doc SET review_id = NULL, titles = '', people = '', facts = '', facets = '' "
                "WHERE docid = %s",
                [docid],
            )
        else:
            cursor.execute("DELETE FROM search_doc WHERE docid = %s", [docid])
        cursor.execute("DELETE FROM search_meta WHERE docid = %s", [docid])

    def _add_totals(self, cursor, delta: Counter, labels: dict) -> None:
        # A value whose count did not change still takes its new label (an author or label renamed).
        rows = [(f, s, labels.get((f, s), ""), n) for (f, s), n in delta.items() if n or (f, s) in labels]
        if rows:
            cursor.executemany(
                "INSERT INTO search_facet_total (facet, slug, label, n) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (facet, slug) DO UPDATE SET n = search_facet_total.n + excluded.n, "
                "label = excluded.label",
                rows,
            )

    def _add_vocab(self, cursor, docs: list[Doc]) -> None:
        pending = self._bulk_vocab
        counts, display = pending if pending is not None else (Counter(), {})
        for doc in docs:
            for term, printed in doc.vocab_terms:
                counts[term] += 1
                display.setdefault(term, printed)
        if pending is None:
            self._write_vocab(cursor, counts, display)

    def _write_vocab(self, cursor, counts: Counter, display: dict[str, str]) -> None:
        if not counts:
            return
        known = self.known_terms(list(counts))
        cursor.executemany(
            "INSERT INTO search_vocab (term, display, n) VALUES (%s, %s, %s) "
            "ON CONFLICT (term) DO UPDATE SET n = search_vocab.n + excluded.n",
            [(t, display[t][:100], n) for t, n in counts.items()],
        )
        self._new_terms(cursor, [t for t in counts if t not in known])

    def anagram_terms(self, word: str) -> list[tuple[str, str, int]]:
        """Vocabulary (term, display, count) with the same letters as ``word``.

        Swapped letters ("hosue", "spacewlaker") share few trigrams with the word meant, so the
        trigram candidates can miss it; they always share its sorted letters.
        """
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT v.term, v.display, v.n FROM search_vocab_sig s "
                "JOIN search_vocab v ON v.term = s.term WHERE s.sig = %s",
                [signature(word)],
            )
            return cursor.fetchall()

    def _new_terms(self, cursor, terms: list[str]) -> None:
        cursor.executemany(
            "INSERT INTO search_vocab_sig (sig, term) VALUES (%s, %s) ON CONFLICT DO NOTHING",
            [(signature(term), term) for term in terms],
        )
        cursor.executemany(
            "INSERT INTO search_vocab_gram (gram, term) VALUES (%s, %s) ON CONFLICT DO NOTHING",
            [(gram, term) for term in terms for gram in trigrams(term)],
        )


def _count(counter: Counter, labels: dict, facet_text: str, sign: int) -> None:
    counter[("*", "*")] += sign
    for line in facet_text.split("\n") if facet_text else ():
        facet, slug, label = line.split("\t")
        counter[(facet, slug)] += sign
        labels[(facet, slug)] = label


def group_facets(rows: list[Row]) -> dict[tuple[str, str], tuple[str, int]]:
    """Facet counts over a bounded list of rows (one pass over all their facet lines)."""
    counts = Counter("\n".join(r.facets for r in rows if r.facets).split("\n"))
    result: dict[tuple[str, str], tuple[str, int]] = {}
    for line, n in counts.items():
        if line:
            facet, slug, label = line.split("\t")
            result[(facet, slug)] = (label, n)
    return result


def signature(term: str) -> str:
    """A word's letters in order: the same for every transposition of it."""
    return "".join(sorted(term))


def trigrams(term: str) -> set[str]:
    """Letter triples of a word, with its start and end marked ("^sp", "ker", "er$")."""
    padded = f"^{term}$"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}
