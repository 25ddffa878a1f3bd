"""Parsing what people type into a small query tree that backends compile and quote themselves.

Understood: words (all must match), "exact phrases", -excluded, prefix*, OR, and the fields
title:, director:, actor:, label:, format:, verdict:, author:, year:1954 / year:1950..1959.
Nothing raises: input is cleaned (control characters, NUL, length) and anything not understood
becomes plain words. No user text reaches the database except as folded letter/digit tokens.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from reelpress.search.text import tokens

MAX_QUERY_CHARS = 500
MAX_ITEMS = 16
MAX_TERMS = 16  # words, phrases and year ranges in all, OR alternatives and exclusions included
MAX_PHRASE_WORDS = 12
MIN_PREFIX = 3  # shorter prefixes expand to too many words to be worth their cost
MAX_PREFIXES = 2  # each prefix expands to every indexed word it starts: past two, they are plain words
MAX_YEARS = 160

# Field name typed by the reader -> the indexed field it searches.
FIELDS = {
    "title": "title",
    "director": "directors",
    "directed": "directors",
    "actor": "credits",
    "cast": "credits",
    "person": "credits",
    "label": "label",
    "format": "format",
    "verdict": "verdict",
    "author": "author",
    "critic": "author",
    "year": "year",
}


@dataclass(frozen=True)
class Term:
    """One word or phrase (several words in order), optionally a prefix, optionally in one field."""

    words: tuple[str, ...]
    prefix: bool = False
    field: str | None = None


@dataclass(frozen=True)
class Years:
    """A year or an inclusive range of years (year:1954, year:1950..1959)."""

    lo: int
    hi: int

    def values(self) -> range:
        return range(self.lo, self.hi + 1)


@dataclass(frozen=True)
class AnyOf:
    """Items joined by OR: at least one must match."""

    items: tuple[Term | Years, ...]


@dataclass
class Query:
    text: str = ""
    must: list[Term | Years | AnyOf] = field(default_factory=list)
    must_not: list[Term | Years] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.must and not self.must_not

    def positive_terms(self) -> list[Term]:
        """Every term that must (or may, inside OR) match: what gets highlighted and ranked."""
        found: list[Term] = []
        for item in self.must:
            for sub in item.items if isinstance(item, AnyOf) else (item,):
                if isinstance(sub, Term):
                    found.append(sub)
        return found

    def plain_words(self) -> list[str] | None:
        """The words of a query made only of plain words (no fields, operators or prefixes), else None."""
        words: list[str] = []
        if self.must_not:
            return None
        for item in self.must:
            if not isinstance(item, Term) or item.field or item.prefix or len(item.words) != 1:
                return None
            words.append(item.words[0])
        return words or None

    def highlight_terms(self) -> tuple[tuple[tuple[str, ...], bool], ...]:
        return tuple(sorted({(t.words, t.prefix) for t in self.positive_terms()}))


def clean(text: str | None) -> str:
    """Control characters (NUL included) become spaces; the length is bounded."""
    if not text:
        return ""
    text = str(text)[: MAX_QUERY_CHARS * 4]
    text = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text)
    text = text.translate({0x201C: '"', 0x201D: '"', 0x201E: '"', 0x00AB: '"', 0x00BB: '"'})
    return re.sub(r"\s+", " ", text).strip()[:MAX_QUERY_CHARS]


_ITEM = re.compile(
    r"""(?P<neg>-(?=\S))?
        (?:(?P<field>[A-Za-z]+):(?=\S))?
        (?:"(?P<phrase>[^"]*)(?:"|$)|(?P<word>[^\s"]+))
        (?P<star>\*)?""",
    re.VERBOSE,
)
_YEARS = re.compile(r"^(\d{4})(?:s|\s*(?:\.\.+|-|–)\s*(\d{4}))?$")


def _years(value: str) -> Years | None:
    match = _YEARS.match(value.strip())
    if not match:
        return None
    lo = int(match.group(1))
    if value.strip().endswith("s"):
        return Years(lo - lo % 10, lo - lo % 10 + 9)
    hi = int(match.group(2)) if match.group(2) else lo
    lo, hi = min(lo, hi), max(lo, hi)
    return Years(lo, min(hi, lo + MAX_YEARS - 1))


def _term(raw: str, prefix: bool, field: str | None) -> Term | None:
    words = tuple(tokens(raw))[:MAX_PHRASE_WORDS]
    if not words:
        return None
    if prefix and len(words[-1]) < MIN_PREFIX:
        prefix = False
    return Term(words, prefix, field)


def _bounded(item: Term | Years, negated: bool, seen: set, counts: dict) -> Term | Years | None:
    """``item`` within the query's cost limits (a prefix past the cap becomes a word), or None past the caps.

    A repeat costs nothing more (the tree keeps one of each, ``_distinct``), so only new terms count.
    """
    new = (negated, item) not in seen
    if isinstance(item, Term) and item.prefix and new and counts["prefixes"] >= MAX_PREFIXES:
        item = Term(item.words, False, item.field)
    if (negated, item) in seen:
        return item
    if counts["terms"] >= MAX_TERMS:
        return None
    if isinstance(item, Years):
        if counts["years"] + len(item.values()) > MAX_YEARS:
            return None
        counts["years"] += len(item.values())
    seen.add((negated, item))
    counts["terms"] += 1
    if isinstance(item, Term) and item.prefix:
        counts["prefixes"] += 1
    return item


def _distinct(items: list) -> list:
    """Each item once, in order (an OR group's alternatives too)."""
    out: list = []
    for item in items:
        if isinstance(item, AnyOf):
            subs = tuple(dict.fromkeys(item.items))
            item = AnyOf(subs) if len(subs) > 1 else subs[0]
        if item not in out:
            out.append(item)
    return out


def parse(text: str | None) -> Query:
    """The query tree of ``text``; never raises.

    Its cost is bounded whatever was typed: repeated terms count once, at most ``MAX_TERMS``
    terms (``MAX_PREFIXES`` of them prefixes) and ``MAX_YEARS`` years are kept.
    """
    text = clean(text)
    query = Query(text=text)
    pending_or = False
    negate_next = False
    seen: set = set()
    counts = {"terms": 0, "prefixes": 0, "years": 0}
    for match in _ITEM.finditer(text):
        if len(query.must) + len(query.must_not) >= MAX_ITEMS:
            break
        raw = match.group("phrase") if match.group("phrase") is not None else match.group("word") or ""
        negated = bool(match.group("neg")) or negate_next
        negate_next = False
        name = (match.group("field") or "").lower()
        if match.group("word") in ("OR", "|") and not match.group("neg") and not name:
            pending_or = bool(query.must)
            continue
        if match.group("word") in ("AND", "+", "&"):
            continue
        if match.group("word") == "NOT" and not name:
            negate_next = True
            continue
        field = FIELDS.get(name)
        item: Term | Years | None
        if name and field is None:
            raw = f"{name} {raw}"  # an unknown "field:" is just more words
        if field == "year":
            item = _years(raw) or _term(raw, False, None)
        else:
            item = _term(raw.rstrip("*"), bool(match.group("star")) or raw.endswith("*"), field)
        if item is not None:
            item = _bounded(item, negated, seen, counts)
        if item is None:
            continue
        if negated:
            query.must_not.append(item)
            pending_or = False
        elif pending_or and query.must:
            last = query.must.pop()
            items = last.items if isinstance(last, AnyOf) else (last,)
            query.must.append(AnyOf(items + (item,)))
            pending_or = False
        else:
            query.must.append(item)
    query.must, query.must_not = _distinct(query.must), _distinct(query.must_not)
    return query
