"""PostgreSQL backend: a weighted tsvector per review and a small head tsvector, both with GIN indexes.

The tsvector is built in Python with the same tokenizer as queries (A titles, B names,
C facts, D body) plus field lexemes ("d|kiselev" for director:kiselev) and filter keys
("k|fbluray"); queries become tsquery text made only of quoted folded tokens.
"""

from __future__ import annotations

import logging
from collections import defaultdict

from django.db import DatabaseError, transaction

from reelpress.search.backends.base import ROW_COLUMNS, Backend, Row, SearchError
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
    "CREATE INDEX IF NOT EXISTS search_doc_gin ON search_doc USING gin (doc)",
    "CREATE INDEX IF NOT EXISTS search_doc_head_gin ON search_doc USING gin (head)",
    """CREATE TABLE IF NOT EXISTS search_facet_total (
        facet TEXT NOT NULL, slug TEXT NOT NULL, label TEXT NOT NULL DEFAULT '', n INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (facet, slug))""",
    """CREATE TABLE IF NOT EXISTS search_vocab (
        term TEXT PRIMARY KEY, display TEXT NOT NULL, n INTEGER NOT NULL DEFAULT 0)""",
    """CREATE TABLE IF NOT EXISTS search_vocab_gram (
        gram TEXT NOT NULL, term TEXT NOT NULL, PRIMARY KEY (gram, term))""",
]
DROP = [
    "DROP TABLE IF EXISTS search_vocab_gram",
    "DROP TABLE IF EXISTS search_vocab",
    "DROP TABLE IF EXISTS search_facet_total",
    "DROP TABLE IF EXISTS search_meta",
    "DROP TABLE IF EXISTS search_doc",
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


def compile_query(query: Query, filters: dict) -> str:
    """The tsquery text of a parsed query: quoted lexemes and operators, nothing else."""
    parts = [_item(i) for i in query.must] + _filters(filters)
    if not parts:
        parts = [_keys([ALL_TOKEN])]
    parts += [f"!{_item(i)}" for i in query.must_not]
    return " & ".join(parts)


def compile_tier(query: Query, filters: dict, tier: str) -> str | None:
    terms = [t for t in query.positive_terms() if t.field is None]
    if not terms:
        return None
    codes = TIER_CODES[tier]
    expr = "(" + " | ".join(_phrase(t.words, t.prefix, code) for t in terms for code in codes) + ")"
    return " & ".join([expr] + _filters(filters))


def tsvector_text(doc: Doc, body: bool = True) -> str:
    """The document's tsvector literal, positions laid out so phrases never span two values.

    ``body=False`` gives the small head vector (titles, names, facts, keys) used for ranking tiers
    and suggestions, so those scans never read the prose.
    """
    positions: dict[str, list[str]] = defaultdict(list)

    def add(lexeme: str, pos: int, weight: str) -> None:
        slot = positions[lexeme]
        if len(slot) < MAX_POSITIONS:
            slot.append(f"{min(pos, MAX_POS)}{weight}")

    pos = 1
    for name in HEAD_FIELDS:
        weight = WEIGHT.get(name, "C")
        for value in doc.fields[name]:
            for token in tokens(value):
                add(token, pos, weight)
                add(f"{CODE[name]}|{token}", pos, weight)
                pos += 1
            pos += 2
    for key in doc.keys:
        add(f"k|{key}", pos, "C")
        pos += 2
    for token in tokens(doc.body) if body else ():
        if pos > MAX_POS:
            break
        add(token, pos, "")
        pos += 1
    return " ".join(f"{_lexeme(lex)}:{','.join(dict.fromkeys(p))}" for lex, p in positions.items())


class PostgresBackend(Backend):
    vendor = "postgresql"

    def _run(self, sql: str, params) -> list:
        try:
            # A savepoint keeps a failed statement from poisoning the caller's transaction.
            with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        except DatabaseError as exc:
            log.warning("search query failed: %s", exc)
            raise SearchError(str(exc)) from exc

    def _rows(self, tsquery: str, limit: int, now: int, below: int | None, column: str = "doc") -> list[Row]:
        upper = min(now, below - 1) if below is not None else now
        sql = (
            f"SELECT {ROW_COLUMNS} FROM search_doc d WHERE d.{column} @@ %s::tsquery AND d.docid <= %s "  # noqa: S608
            "AND d.review_id IS NOT NULL ORDER BY d.docid DESC LIMIT %s"
        )
        return list(map(Row._make, self._run(sql, [tsquery, upper, limit])))

    def scan(self, query, filters, limit, now, below=None, tier=None):
        if tier is None:
            return self._rows(compile_query(query, filters), limit, now, below)
        expr = compile_tier(query, filters, tier)
        return self._rows(expr, limit, now, below, column="head") if expr else []

    def verify(self, query, filters, docids, now):
        if not docids:
            return set()
        sql = "SELECT docid FROM search_doc WHERE docid = ANY(%s) AND docid <= %s AND doc @@ %s::tsquery"
        return {r[0] for r in self._run(sql, [list(docids), now, compile_query(query, filters)])}

    def prefix_rows(self, words, now, limit):
        expr = " | ".join(_phrase(words, True, code) for code in ("t", "p"))
        sql = (
            "SELECT d.docid, d.titles, d.people, m.display, m.slug, m.people_display FROM search_doc d "
            "JOIN search_meta m ON m.docid = d.docid WHERE d.head @@ %s::tsquery "
            "AND d.docid <= %s AND d.review_id IS NOT NULL ORDER BY d.docid DESC LIMIT %s"
        )
        return self._run(sql, [expr, now, limit])

    def _insert_index(self, cursor, rows: list[tuple[int, Doc]]) -> None:
        cursor.executemany(
            "UPDATE search_doc SET doc = %s::tsvector, head = %s::tsvector WHERE docid = %s",
            [(tsvector_text(doc), tsvector_text(doc, body=False), docid) for docid, doc in rows],
        )

    def clear(self):
        with self.connection.cursor() as cursor:
            for statement in DROP + SCHEMA:
                cursor.execute(statement)

    def optimize(self):
        with self.connection.cursor() as cursor:
            cursor.execute("ANALYZE search_doc")

    def index_size(self):
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                "WHERE c.relname IN "
                "('search_doc', 'search_meta', 'search_facet_total', 'search_vocab', 'search_vocab_gram')"
            )
            return int(cursor.fetchone()[0])
