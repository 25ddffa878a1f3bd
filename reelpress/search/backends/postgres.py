"""PostgreSQL backend: a weighted tsvector per review and a small head tsvector, both with GIN indexes.

The tsvector is built in Python with the same tokenizer as queries (A titles, B names,
C facts, D body) plus field lexemes ("d|kiselev" for director:kiselev) and filter keys
("k|fbluray"); queries become tsquery text made only of quoted folded tokens.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, transaction

from reelpress.search.backends.base import (
    LIVE_PREFIX,
    ROW_COLUMNS,
    Backend,
    Row,
    SearchError,
    SearchTimeout,
)
from reelpress.search.documents import ALL_TOKEN, HEAD_FIELDS, Doc, key_token, year_token
from reelpress.search.query import AnyOf, Query, Term, Years
from reelpress.search.text import tokens

log = logging.getLogger(__name__)

WEIGHT = {"title": "A", "directors": "B", "credits": "B"}  # everything else in the head is C
CODE = {
    "title": "t",
    "directors": "d",
    "credits": "p",
    "label": "l",
    "format": "f",
    "verdict": "v",
    "author": "a",
    "facts": "x",
}
# Tier scans use the field lexemes ("t|word"), whose frequencies the planner knows, not weights.
TIER_CODES = {"title": ("t",), "people": ("p",), "facts": ("l", "f", "v", "a", "x")}
MAX_POS = 16383
MAX_POSITIONS = 250

# The planner picks between walking doc ids newest first and a GIN bitmap scan from its lexeme
# frequency statistics; with the default target (100) too few lexemes are tracked, so rare field
# lexemes looked common and a tier scan that matched nothing walked every row (22 ms at 10,000
# reviews, growing with the archive; 1 ms with these).
STATISTICS = [
    "ALTER TABLE search_doc ALTER COLUMN doc SET STATISTICS 1000",
    "ALTER TABLE search_doc ALTER COLUMN head SET STATISTICS 1000",
]

# A bulk rebuild creates these after loading its rows (``optimize``), not before.
GIN = [
    "CREATE INDEX IF NOT EXISTS search_doc_gin ON search_doc USING gin (doc)",
    "CREATE INDEX IF NOT EXISTS search_doc_head_gin ON search_doc USING gin (head)",
]

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS search_doc (
        docid BIGINT PRIMARY KEY,
        review_id BIGINT UNIQUE,
        titles TEXT NOT NULL DEFAULT '',
        people TEXT NOT NULL DEFAULT '',
        facts TEXT NOT NULL DEFAULT '',
        facets TEXT NOT NULL DEFAULT '',
        doc TSVECTOR NOT NULL DEFAULT ''::tsvector,
        head TSVECTOR NOT NULL DEFAULT ''::tsvector
    )""",
    """CREATE TABLE IF NOT EXISTS search_meta (
        docid BIGINT PRIMARY KEY,
        digest TEXT NOT NULL DEFAULT '',
        display TEXT NOT NULL DEFAULT '',
        slug TEXT NOT NULL DEFAULT '',
        people_display TEXT NOT NULL DEFAULT ''
    )""",
    *STATISTICS,
    *GIN,
    """CREATE TABLE IF NOT EXISTS search_facet_total (
        facet TEXT NOT NULL, slug TEXT NOT NULL, label TEXT NOT NULL DEFAULT '', n INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (facet, slug))""",
    """CREATE TABLE IF NOT EXISTS search_vocab (
        term TEXT PRIMARY KEY, display TEXT NOT NULL, n INTEGER NOT NULL DEFAULT 0)""",
    """CREATE TABLE IF NOT EXISTS search_vocab_gram (
        gram TEXT NOT NULL, term TEXT NOT NULL, PRIMARY KEY (gram, term))""",
    """CREATE TABLE IF NOT EXISTS search_vocab_sig (
        sig TEXT NOT NULL, term TEXT NOT NULL, PRIMARY KEY (sig, term))""",
]


def _lexeme(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def _phrase(words, prefix: bool, code: str | None = None, weights: str = "") -> str:
    lexemes = []
    for n, word in enumerate(words):
        lex = _lexeme(f"{code}|{word}" if code else word)
        is_prefix = prefix and n == len(words) - 1
        suffix = ("*" if is_prefix else "") + weights
        lexemes.append(lex + (":" + suffix if suffix else ""))
    return "(" + " <-> ".join(lexemes) + ")"


def _keys(values) -> str:
    return "(" + " | ".join(_lexeme(f"k|{v}") for v in values) + ")"


def _item(item) -> str:
    if isinstance(item, AnyOf):
        return "(" + " | ".join(_item(sub) for sub in item.items) + ")"
    if isinstance(item, Years):
        return _keys(year_token(y) for y in item.values())
    assert isinstance(item, Term)
    return _phrase(item.words, item.prefix, CODE[item.field] if item.field else None)


def _filters(filters: dict) -> list[str]:
    return [_keys(key_token(facet, v) for v in values) for facet, values in filters.items()]


def _head_only(item) -> bool:
    """Field terms, years and OR groups of them: lexemes the small head vector also holds."""
    if isinstance(item, AnyOf):
        return all(_head_only(sub) for sub in item.items)
    return isinstance(item, Years) or bool(getattr(item, "field", None))


def compile_query(query: Query, filters: dict) -> str:
    """The tsquery text of a parsed query: quoted lexemes and operators, nothing else."""
    parts = [_item(i) for i in query.must] + _filters(filters)
    if not parts:
        parts = [_keys([ALL_TOKEN])]
    parts += [f"!{_item(i)}" for i in query.must_not]
    return " & ".join(parts)


def compile_split(query: Query, filters: dict) -> tuple[str | None, str | None]:
    """The query as (tsquery on ``doc``, tsquery on ``head``); either may be None.

    Filters, field terms and years only need the head vector (about 1 kB, stored inline), so
    the planner can answer them from the small head index; only plain words need ``doc``,
    whose vectors are TOASTed and cost ≈20 µs each to check (a cost the planner does not see).
    """
    doc = [_item(i) for i in query.must if not _head_only(i)]
    head = [_item(i) for i in query.must if _head_only(i)] + _filters(filters)
    doc += [f"!{_item(i)}" for i in query.must_not if not _head_only(i)]
    head += [f"!{_item(i)}" for i in query.must_not if _head_only(i)]
    if not any(not part.startswith("!") for part in doc + head):
        head.insert(0, _keys([ALL_TOKEN]))
    return (" & ".join(doc) or None, " & ".join(head) or None)


def compile_tier(query: Query, filters: dict, tier: str) -> str | None:
    terms = [t for t in query.positive_terms() if t.field is None]
    if not terms:
        return None
    codes = TIER_CODES[tier]
    expr = "(" + " | ".join(_phrase(t.words, t.prefix, code) for t in terms for code in codes) + ")"
    return " & ".join([expr] + _filters(filters))


def _quoted(lexeme: str) -> str:
    # Tokens are letters and digits; only unusual keys could need escaping.
    return _lexeme(lexeme) if ("'" in lexeme or "\\" in lexeme) else f"'{lexeme}'"


def _render(positions: dict[str, list[str]]) -> str:
    return " ".join(f"{_quoted(lex)}:{','.join(p)}" for lex, p in positions.items())


def tsvectors(doc: Doc) -> tuple[str, str]:
    """The document's (full, head) tsvector literals, positions laid out so phrases never span two values.

    The head vector (titles, names, facts, keys; no prose) serves ranking tiers, suggestions,
    field terms and filters, so those scans never read the prose. Positions past PostgreSQL's
    limit (16,383) are clamped, as ``to_tsvector`` does: words that late stay findable.
    """
    positions: dict[str, list[str]] = {}

    def add(lexeme: str, at: str) -> None:
        slot = positions.get(lexeme)
        if slot is None:
            positions[lexeme] = [at]
        elif len(slot) < MAX_POSITIONS and slot[-1] != at:
            slot.append(at)

    pos = 1
    for name in HEAD_FIELDS:
        weight, code = WEIGHT.get(name, "C"), CODE[name] + "|"
        for value in doc.fields[name]:
            for token in tokens(value):
                at = f"{min(pos, MAX_POS)}{weight}"
                add(token, at)
                add(code + token, at)
                pos += 1
            pos += 2
    for key in doc.keys:
        add("k|" + key, f"{min(pos, MAX_POS)}C")
        pos += 2
    head = _render(positions)
    for n, token in enumerate(tokens(doc.body), start=pos):  # the hot loop: 800 words a review
        at = str(n) if n <= MAX_POS else str(MAX_POS)
        slot = positions.get(token)
        if slot is None:
            positions[token] = [at]
        elif len(slot) < MAX_POSITIONS and slot[-1] != at:
            slot.append(at)
    return _render(positions), head


class PostgresBackend(Backend):
    vendor = "postgresql"

    def _run(self, sql: str, params) -> list:
        left = self.time_left()
        try:
            if left is None and not self.connection.in_atomic_block:  # autocommit: a failure harms nothing
                with self.connection.cursor() as cursor:
                    cursor.execute(sql, params)
                    return cursor.fetchall()
            # Inside a transaction a savepoint keeps a failed statement from poisoning it.
            outer = self.connection.in_atomic_block
            with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
                if left is None:
                    cursor.execute(sql, params)
                    return cursor.fetchall()
                if outer:  # SET LOCAL outlives a released savepoint: put the caller's value back
                    cursor.execute("SELECT current_setting('statement_timeout')")
                    (previous,) = cursor.fetchone()
                cursor.execute(f"SET LOCAL statement_timeout = {max(1, int(left * 1000))}")
                cursor.execute(sql, params)
                rows = cursor.fetchall()
                if outer:
                    cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])
                return rows
        except DatabaseError as exc:
            if self.over_budget():
                log.info("search stopped at its time budget")
                raise SearchTimeout(str(exc)) from exc
            log.warning("search query failed: %s", exc)
            raise SearchError(str(exc)) from exc

    @staticmethod
    def _match(doc: str | None, head: str | None) -> tuple[str, list[str]]:
        conditions, params = [], []
        for column, tsquery in (("doc", doc), ("head", head)):
            if tsquery:
                conditions.append(f"d.{column} @@ %s::tsquery")
                params.append(tsquery)
        return " AND ".join(conditions), params

    def _rows(self, doc: str | None, head: str | None, limit: int, now: int, below: int | None) -> list[Row]:
        upper = min(now, below - 1) if below is not None else now
        match, params = self._match(doc, head)
        sql = (
            f"SELECT {ROW_COLUMNS} FROM search_doc d WHERE {match} AND d.docid <= %s "  # noqa: S608
            "AND d.review_id IS NOT NULL ORDER BY d.docid DESC LIMIT %s"
        )
        return list(map(Row._make, self._run(sql, [*params, upper, limit])))

    def scan(self, query, filters, limit, now, below=None, tier=None):
        if tier is None:
            return self._rows(*compile_split(query, filters), limit, now, below)
        expr = compile_tier(query, filters, tier)
        return self._rows(None, expr, limit, now, below) if expr else []

    def verify(self, query, filters, docids, now):
        if not docids:
            return set()
        match, params = self._match(*compile_split(query, filters))
        sql = f"SELECT d.docid FROM search_doc d WHERE d.docid = ANY(%s) AND d.docid <= %s AND {match}"  # noqa: S608
        return {r[0] for r in self._run(sql, [list(docids), now, *params])}

    def prefix_rows(self, words, now, limit):
        expr = " | ".join(_phrase(words, True, code) for code in ("t", "p"))
        sql = (
            "SELECT d.docid, d.titles, d.people, m.display, m.slug, m.people_display FROM search_doc d "
            "JOIN search_meta m ON m.docid = d.docid WHERE d.head @@ %s::tsquery "
            "AND d.docid <= %s AND d.review_id IS NOT NULL ORDER BY d.docid DESC LIMIT %s"
        )
        return self._run(sql, [expr, now, limit])

    def prepare(self, doc: Doc) -> Doc:
        doc.backend_data["tsvectors"] = tsvectors(doc)
        return doc

    def _insert_docs(self, cursor, rows: list[tuple[int, Doc]]) -> None:
        # The vectors go in with the row: one write per review, not an insert and an update.
        cursor.executemany(
            "INSERT INTO search_doc (docid, review_id, titles, people, facts, facets, doc, head) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s::tsvector, %s::tsvector)",
            [
                (docid, d.review_id, d.titles, d.people, d.facts, d.facet_text)
                + (d.backend_data.get("tsvectors") or tsvectors(d))
                for docid, d in rows
            ],
        )

    def _insert_index(self, cursor, rows: list[tuple[int, Doc]]) -> None:
        """The vectors were written with the rows (``_insert_docs``)."""

    def clear(self):
        # A bulk build loads the rows first and builds the GIN indexes once, in optimize():
        # several times faster than updating them row by row.
        with self._cursor() as cursor:
            for statement in self.drop_statements() + [s for s in SCHEMA if s not in GIN]:
                cursor.execute(statement)

    def optimize(self, step=None):
        with transaction.atomic(using=self.connection.alias), self._cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for statement in GIN:
                cursor.execute(statement)
            cursor.execute("ANALYZE search_doc")

    def _rename_indexes(self, cursor) -> None:
        # PostgreSQL keeps index names (and the primary keys' constraint names) through a table
        # rename: give them their live names back, or the next build's would clash with them.
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE %s",
            [self.prefix.replace("_", "\\_") + "%"],
        )
        for (name,) in cursor.fetchall():
            live = LIVE_PREFIX + name[len(self.prefix) :]
            cursor.execute(f'ALTER INDEX "{name}" RENAME TO "{live}"')

    def index_size(self):
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                "WHERE c.relname IN ('search_doc', 'search_meta', 'search_facet_total', "
                "'search_vocab', 'search_vocab_gram', 'search_vocab_sig')"
            )
            return int(cursor.fetchone()[0])
