"""Facts a page states only in its prose: the disc format, a title's other release names.

Used where no labelled field gave the value. Each clue is one precise phrase ("Warner's
two-disc DVD", a section heading "The Blu-ray", "also known as X"); the value is taken only
when the page's clues agree, so a review that compares a new Blu-ray with an old DVD gives
nothing rather than a guess.
"""

from __future__ import annotations

import re

from .prose import KNOWN_LABELS, first_prose, is_prose
from .vocab import LINE_CAP, parse_format

_FORMAT = r"(DVD|Blu-?ray|4K Ultra HD|4K UHD|Ultra HD Blu-?ray)"
# A review's section heading: "The DVD", "The Blu-ray Disc:".
_HEADING = re.compile(r"^The " + _FORMAT + r"(?: Dis[ck])?:?$", re.I)
# "Warner's two-disc DVD", "Criterion's new Blu-ray".
_POSSESSIVE = re.compile(
    r"\b([A-Z][\w.&!+-]{1,25}(?: [A-Z][\w.&!+-]{1,25}){0,2})['’]s "
    r"(?:new |latest |handsome |\w+-disc |special edition |deluxe )?" + _FORMAT + r"(?![\w-])"
)
# "the two-disc DVD", "this single-disc Blu-ray".
_DISC_COUNT = re.compile(r"\b(?:two|three|four|single|[234])-disc " + _FORMAT + r"(?![\w-])", re.I)
_BODY_LINES = 400


def _label_words(label: str | None) -> set[str]:
    """Lower-case ways the page may name the label in a possessive: its first word, or all."""
    if not label:
        return set()
    words = label.lower().split()
    return {words[0], label.lower(), re.sub(r"^the ", "", label.lower())}


def disc_format(lines: list[str], label: str | None = None) -> str | None:
    """The disc format from the review's own sections and sentences, when they agree."""
    start = first_prose(lines, 0, min(len(lines), 1500))
    if start is None:
        return None
    names = _label_words(label)
    found: set[str] = set()
    for k in range(start, min(len(lines), start + _BODY_LINES)):
        line = lines[k]
        if not line:
            continue
        if len(line) <= 30:
            m = _HEADING.match(line)
            if m:
                found.add(parse_format(m.group(1)) or "")
            continue
        if not is_prose(line):
            continue
        text = line[:LINE_CAP]
        for m in _POSSESSIVE.finditer(text):
            owner = m.group(1).lower()
            if owner in names or owner in KNOWN_LABELS or owner.split()[-1] in names:
                found.add(parse_format(m.group(2)) or "")
        for m in _DISC_COUNT.finditer(text):
            found.add(parse_format(m.group(1)) or "")
    found.discard("")
    return found.pop() if len(found) == 1 else None


def format_fields(lines: list[str], label: str | None = None) -> dict:
    """``{"disc_format": ...}`` from :func:`disc_format`, empty when the prose does not say."""
    fmt = disc_format(lines, label)
    return {"disc_format": fmt} if fmt else {}
