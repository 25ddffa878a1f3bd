"""The Digital Bits (thedigitalbits.com) reviews.

``<Title, The> (<Format> Review)``, a bulleted header (``Reviewed by:``, ``Review Date:``,
``Format:``), the title again with the director's name alone under it, ``Release Date(s)``
then ``<year> (<street date>)``, the studios with the disc label in parentheses
(``20th Century Fox (Twilight Time)``), and letter grades (``Film/Program Grade: A-``).
"""

from __future__ import annotations

import re

from .labels import labelled_fields, names_line
from .prose import body_paragraphs, clean_title, first_prose
from .vocab import find_date, parse_format

NAME = "digitalbits"
_SCAN = 300
_TITLE = re.compile(r"^(.{1,200}?)\s\(([^()]{2,40}) Review\)$")
_GRADE = re.compile(r"^([A-Z][A-Za-z/ ]{1,40}? Grade):\s?([A-F][+-]?|N/A|NA)$")
_YEAR_DATE = re.compile(r"^(1[89]\d\d|20\d\d)(?:\s?\((.{4,40})\))?")


def detect(lines: list[str], url: str | None) -> float:
    """How much the page looks like a Digital Bits review."""
    score = 0.0
    if url and "thedigitalbits" in url.lower():
        score += 3
    head = lines[:_SCAN]
    if any(_TITLE.match(x[:250]) for x in head if x.endswith("Review)")):
        score += 2
    if "Release Date(s)" in head:
        score += 2
    if sum(1 for x in head if x.endswith(("Grade: A", "Grade: B")) or _GRADE.match(x[:60])) >= 2:
        score += 3
    return score


def _next_filled(lines: list[str], k: int, limit: int = 4) -> int | None:
    for j in range(k + 1, min(len(lines), k + 1 + limit)):
        if lines[j]:
            return j
    return None


def parse(lines: list[str], url: str | None) -> dict:
    """The record fields a Digital Bits page gives."""
    rec: dict = {}
    title_lines = [
        k for k in range(min(len(lines), _SCAN)) if lines[k].endswith("Review)") and _TITLE.match(lines[k])
    ]
    if title_lines:
        m = _TITLE.match(lines[title_lines[0]])
        rec["headline"] = lines[title_lines[0]]
        rec["title"] = clean_title(m.group(1))
        rec["disc_format"] = parse_format(m.group(2))
        # The director stands alone under the repeated title.
        after = title_lines[1] if len(title_lines) > 1 else None
        j = _next_filled(lines, after) if after is not None else None
        if j is not None and lines[j] != "Release Date(s)":
            directors = names_line(lines[j])
            if directors:
                rec["directors"] = directors
    head = labelled_fields(lines, 0, min(len(lines), _SCAN))
    for key in ("reviewer", "review_date", "disc_format"):
        if head.get(key) and not rec.get(key):
            rec[key] = head[key]
    if "Release Date(s)" in lines[:_SCAN]:
        k = lines.index("Release Date(s)")
        j = _next_filled(lines, k)
        if j is not None:
            m = _YEAR_DATE.match(lines[j])
            if m:
                rec["year"] = int(m.group(1))
                rec["street_date"] = find_date(m.group(2))
            studios_at = _next_filled(lines, j)
            if studios_at is not None and not _GRADE.match(lines[studios_at][:60]):
                studios = lines[studios_at][:200]
                inner = re.findall(r"\(([^()]{2,60})\)", studios)
                rec["label"] = inner[-1].strip() if inner else studios.strip()
    ratings = {}
    last_grade = None
    for k in range(min(len(lines), _SCAN)):
        m = _GRADE.match(lines[k][:60])
        if m:
            ratings[m.group(1)] = m.group(2)
            last_grade = k
    rec["ratings"] = ratings
    prose_at = first_prose(lines, (last_grade or 0) + 1)
    rec["body"] = body_paragraphs(lines, prose_at)
    return rec
