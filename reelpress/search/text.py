"""Search text handling: the one tokenizer (shared by indexing, queries and highlighting) and snippets.

Tokens are runs of letters and digits, case- and accent-folded, like SQLite FTS5's
``unicode61 remove_diacritics 2`` tokenizer, so Python and the database agree on what a word is.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from html import escape

from reelpress.lib.text import strip_accents

_WORD = re.compile(r"[^\W_]+")
MAX_TOKEN = 64


class _FoldTable(dict):
    """A ``str.translate`` table that folds one character to one character (length-preserving).

    Keeping the length lets a match found in folded text be marked at the same offsets in
    the original text.
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        value = char
        if unicodedata.category(char)[0] in "LN":
            folded = strip_accents(char).casefold()
            value = folded if len(folded) == 1 else char.lower()[:1] or char
        self[code] = value
        return value


_FOLD = _FoldTable()


def fold_chars(text: str) -> str:
    """Case and accent folded text of the same length as ``text``."""
    return text.lower() if text.isascii() else text.translate(_FOLD)


def tokens(text: str | None) -> list[str]:
    """The folded words of ``text``: "Néstor Almendros" -> ["nestor", "almendros"]."""
    if not text:
        return []
    if len(text) <= _SHORT:
        return list(_short_tokens(text))
    return _tokens(text)


def _tokens(text: str) -> list[str]:
    folded = text.lower() if text.isascii() else strip_accents(text).casefold()
    return [t[:MAX_TOKEN] for t in _WORD.findall(folded)]


# Names, titles, labels and languages recur across thousands of reviews: an index rebuild folds
# each one once instead of once per review (the rebuild's worker spent a third of its time here).
_SHORT = 80


@lru_cache(maxsize=1 << 16)
def _short_tokens(text: str) -> tuple[str, ...]:
    return tuple(_tokens(text))


def folded(text: str | None) -> str:
    """The folded words of ``text`` as one string: "Néstor Almendros" -> "nestor almendros"."""
    if text and len(text) <= _SHORT:
        return _short_folded(text)
    return " ".join(tokens(text))


@lru_cache(maxsize=1 << 16)
def _short_folded(text: str) -> str:
    return " ".join(_short_tokens(text))


def token_string(values) -> str:
    """Folded tokens of several values as "| one value | another |" (fast whole-word and exact checks)."""
    parts = [p for p in (folded(v) for v in values if v) if p]
    return "| " + " | ".join(parts) + " |" if parts else ""


def split_parts(text: str) -> list[str]:
    """The values of a ``token_string``."""
    return [p.strip() for p in text.strip("| ").split(" | ")] if text else []


@lru_cache(maxsize=512)
def _match_regex(terms: tuple[tuple[tuple[str, ...], bool], ...]) -> re.Pattern | None:
    alternatives = []
    for words, prefix in terms:
        if not words:
            continue
        body = r"[\W_]+".join(re.escape(w) for w in words)
        alternatives.append(body + (r"[^\W_]*" if prefix else ""))
    if not alternatives:
        return None
    # Longest first so a phrase wins over its own first word; no look-behind at the start, so
    # the regex engine can skip ahead on the literal (word boundaries are checked afterwards).
    alternatives.sort(key=len, reverse=True)
    return re.compile("|".join(alternatives))


def _is_word_char(char: str) -> bool:
    return char.isalnum()


def find_matches(text: str, terms) -> list[tuple[int, int]]:
    """Spans of ``text`` where any term (a tuple of folded words, and a prefix flag) occurs as whole words."""
    regex = _match_regex(tuple(terms))
    if regex is None or not text:
        return []
    folded = fold_chars(text)
    spans = []
    for m in regex.finditer(folded):
        start, end = m.span()
        if start and _is_word_char(folded[start - 1]):
            continue
        if end < len(folded) and _is_word_char(folded[end]):
            continue
        spans.append((start, end))
    return spans


def mark(text: str, terms) -> str:
    """``text`` HTML-escaped, with every matched term wrapped in <mark>."""
    return _marked(text, find_matches(text, terms))


def _marked(text: str, spans) -> str:
    out, last = [], 0
    for start, end in spans:
        out.append(escape(text[last:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    out.append(escape(text[last:]))
    return "".join(out)


_MARKDOWN_NOISE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_`#>]+|<[^>]{0,200}>")


_MARKUP_CHARS = re.compile(r"[\[*_`#>]|<[^>]{0,200}>")


def plain(markdown_text: str) -> str:
    """Markdown reduced to plain words for snippets: links keep their text, markup goes."""
    text = markdown_text or ""
    if _MARKUP_CHARS.search(text):
        text = _MARKDOWN_NOISE.sub(lambda m: m.group(1) or " ", text)
    return " ".join(text.split())


def _first_match(text: str, terms) -> int | None:
    regex = _match_regex(tuple(terms))
    if regex is None or not text:
        return None
    folded = fold_chars(text)
    for m in regex.finditer(folded):
        start, end = m.span()
        if (start and folded[start - 1].isalnum()) or (end < len(folded) and folded[end].isalnum()):
            continue
        return start
    return None


def snippet(text: str, terms, width: int = 240) -> str:
    """A window of ``text`` around the first match, escaped, matches in <mark>; or its start."""
    text = text or ""
    first = (_first_match(text, terms) if terms else None) or 0
    # Only a window of the (possibly long) Markdown is cleaned and marked.
    start = max(0, first - width)
    window = plain(text[start : first + 2 * width])
    spans = find_matches(window, terms) if terms else []
    if not spans:
        more = len(window) > width or len(text) > first + 2 * width
        return ("…" if start else "") + escape(window[:width]) + ("…" if more else "")
    begin = max(0, spans[0][0] - width // 3)
    if begin:
        space = window.find(" ", begin)
        begin = space + 1 if 0 <= space < spans[0][0] else begin
    end = min(len(window), begin + width)
    if end < len(window):
        space = window.rfind(" ", begin, end)
        end = space if space > spans[0][1] else end
    inside = [(s - begin, e - begin) for s, e in spans if s >= begin and e <= end]
    body = _marked(window[begin:end], inside)
    more = end < len(window) or start + 3 * width < len(text)
    return ("…" if begin or start else "") + body + ("…" if more else "")
