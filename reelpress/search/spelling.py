"""Did you mean: a misspelled title or name word corrected from the vocabulary of titles and names."""

from __future__ import annotations

import re

from reelpress.search.query import Term, parse

MIN_LENGTH = 4


def distance(a: str, b: str, limit: int = 3) -> int:
    """Edit distance with adjacent transpositions ("spacewlaker" is one step from "spacewalker")."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) >= limit:
            return limit
        previous2, previous = previous, current
    return previous[-1]


def correct(backend, word: str) -> str | None:
    """The vocabulary word ``word`` most likely meant, as printed, or None."""
    if len(word) < MIN_LENGTH or word.isdigit():
        return None
    if backend.known_terms([word]):
        return None
    allowed = 1 if len(word) < 6 else 2
    best = None
    # Swapped letters first (the commonest slip): one such word is as close as any can be, so
    # the trigram candidates are only looked at when no anagram is one step away.
    for candidates in (backend.anagram_terms, backend.fuzzy_terms):
        for term, display, n in candidates(word):
            d = distance(word, term, allowed + 1)
            if d <= allowed and (best is None or (d, -n) < best[0]):
                best = ((d, -n), display)
        if best and best[0][0] == 1:
            break
    return best[1] if best else None


def did_you_mean(backend, query, filters, now) -> str | None:
    """A corrected query text that finds public reviews, or None."""
    text = query.text
    changed = False
    for term in query.positive_terms():
        if not isinstance(term, Term) or term.prefix or len(term.words) != 1:
            continue
        fixed = correct(backend, term.words[0])
        if not fixed:
            continue
        pattern = re.compile(rf"(?<![^\W_]){re.escape(term.words[0])}(?![^\W_])", re.IGNORECASE)
        text, n = pattern.subn(lambda _m, fixed=fixed: fixed, text, count=1)
        changed = changed or bool(n)
    if not changed:
        return None
    return text if backend.scan(parse(text), filters, 1, now) else None
