"""CineSavant (trailersfromhell.com, cinesavant.com) and DVD Savant (dvdtalk.com/dvdsavant).

Both are anchored on the slash line (``1951 / B&W / 1:37 Academy / 74 min. / ...``). Above
it, nearest first: the disc format (CineSavant only), the label, the title. Below it: the
credits, one role per line, until the prose; DVD Savant then prints ``Reviewed by``. Near
the end: the ratings block (``Blu-ray rates:`` or ``DVD Savant's Ratings``), supplements,
subtitles, packaging and the date.
"""

from __future__ import annotations

import re

from .credits import parse_block, role_of
from .extras import split_extras
from .facts import is_facts_line, parse_facts
from .prose import (
    body_paragraphs,
    clean_title,
    first_prose,
    fold,
    is_prose,
    verdict_line,
    verdict_sentence,
)
from .vocab import (
    MONTH_RE,
    RATING_WORDS,
    find_date,
    find_formats,
    is_date_line,
    looks_like_name,
    parse_format,
    parse_subtitles,
)

NAME = "cinesavant"
_SCAN = 400  # the facts block sits near the top; never scan a huge page for it
_BYLINE = re.compile(r"^by ([A-Z][^\d|]{1,60}?),?\s(" + MONTH_RE + r"\.?\s\d{1,2}(?:st|nd|rd|th)?,?\s\d{4})$")
_REVIEWED_BY = re.compile(r"^Reviewed by:?\s([A-Z][^\d|]{1,60}?)\.?$")
_SPINE = re.compile(r"^(.{1,150}?)\s(?:#|No\.\s?|Spine\s#?)?(\d{1,4})$")
# "Blu-ray rates:", "On a scale of Excellent, Good, Fair and Poor, The Shootist rates:"
_RATES = re.compile(r"^(?:DVD Savant's Ratings:?|.{1,160}\srates:?|Ratings:?)$", re.I)
_RATE_ITEM = re.compile(
    r"^(Movie|Film|Video|Picture|Sound|Audio|Supplements|Extras|Packaging|Reviewed|Subtitles"
    r"|Deaf and Hearing[- ]?[Ii]mpaired Friendly\??)\s?:?\s?(.*)$",
    re.I,
)


def facts_index(lines: list[str]) -> int | None:
    """Index of the slash line, or None."""
    for i in range(min(len(lines), _SCAN)):
        if " / " in lines[i][:600] and is_facts_line(lines[i]):
            return i
    return None


def detect(lines: list[str], url: str | None) -> float:
    """How much the page looks like a CineSavant or DVD Savant review."""
    score = 0.0
    if url and re.search(r"trailersfromhell|cinesavant|dvdsavant", url, re.I):
        score += 3
    i = facts_index(lines)
    if i is not None:
        score += 3
        window = lines[i + 1 : i + 15]
        if sum(1 for x in window if x and role_of(x, in_block=True)) >= 2:
            score += 2
    head = lines[:_SCAN]
    if any(_BYLINE.match(x[:120]) for x in head if x.startswith("by ")):
        score += 1
    if any(x.startswith("DVD Savant's Ratings") or x.endswith(" rates:") for x in lines[-200:]):
        score += 2
    return score


def _header_above(lines: list[str], i: int, rec: dict) -> tuple[tuple | None, tuple | None]:
    """(label line, title line) just above the slash line, as (index, text); the disc format
    found among them goes straight into ``rec``."""
    label = title = None
    j = i - 1
    seen = 0
    while j >= 0 and seen < 3 and lines[j]:
        line = lines[j]
        seen += 1
        if is_prose(line) or len(line) > 200:
            break
        fmt = parse_format(line)
        if fmt:
            rec.setdefault("disc_format", fmt)
        elif label is None:
            label = (j, line)
        else:
            title = (j, line)
            break
        j -= 1
    return label, title


def _set_label(label: str, rec: dict) -> None:
    """The label line, less a spine number ("The Criterion Collection 409")."""
    m = _SPINE.match(label)
    if m and re.search(r"[A-Za-z]", m.group(1)) and not re.search(r"\b(?:19|20)\d\d$", label):
        rec["spine_number"] = m.group(2)
        label = m.group(1).strip()
    rec["label"] = label
    if "disc_format" not in rec:
        fmt = find_formats(label)
        if fmt:
            rec["disc_format"] = fmt


def _byline(lines: list[str], end: int, rec: dict) -> int | None:
    """``by <Critic> <Mon DD, YYYY>`` at the top; returns its index."""
    for k in range(min(end, _SCAN)):
        line = lines[k]
        if line.startswith("by "):
            m = _BYLINE.match(line[:120])
            if m:
                rec["reviewer"] = m.group(1).strip()
                rec["review_date"] = find_date(m.group(2))
                return k
    return None


def _credits_end(lines: list[str], start: int) -> int:
    """First line after the credits block: prose, ``Reviewed by``, or the next film's facts."""
    limit = min(len(lines), start + 45)
    for k in range(start, limit):
        line = lines[k]
        if not line:
            continue
        if _REVIEWED_BY.match(line[:100]) or is_facts_line(line):
            return k
        if role_of(line, in_block=True):
            continue
        if is_prose(line) or len(line) > 300:
            return k
    return limit


def parse_rates(lines: list[str], rec: dict) -> None:
    """The ratings block at the end: ratings, supplements, subtitles, packaging, date."""
    start = None
    for k in range(len(lines) - 1, max(-1, len(lines) - 400), -1):
        if lines[k] and len(lines[k]) < 180 and _RATES.match(lines[k]):
            start = k + 1
            break
    if start is None:
        # No heading: a "Movie:" line with "Video:" close below it.
        for k in range(max(0, len(lines) - 400), len(lines)):
            if lines[k].startswith("Movie:") and any(x.startswith("Video:") for x in lines[k + 1 : k + 4]):
                start = k
                break
    if start is None:
        return
    ratings: dict = {}
    seen = 0
    for k in range(start, min(len(lines), start + 20)):
        line = lines[k]
        if not line:
            continue
        m = _RATE_ITEM.match(line[:2000])
        if not m:
            if seen and is_date_line(line):
                rec.setdefault("review_date", find_date(line))
                break
            if seen:
                break
            continue
        seen += 1
        axis, value = m.group(1), m.group(2).strip()
        low = axis.lower()
        if low.startswith("deaf"):
            _deaf_line(value, rec)
        elif low == "subtitles":
            rec["subtitles"] = parse_subtitles(value)
        elif low == "packaging":
            if value:
                rec["packaging"] = value.rstrip(".")
        elif low == "reviewed":
            date = find_date(value)
            if date:
                rec.setdefault("review_date", date)
        elif low in ("supplements", "extras"):
            if RATING_WORDS.match(value) and len(value) <= 20 and not value.lower().startswith("none"):
                ratings[axis] = value.rstrip(".")
            elif not re.match(r"^(?:none|no)\b", value, re.I):
                rec["extras"] = split_extras(value)
        elif value:
            ratings[axis] = value.rstrip(".")
    if ratings:
        rec["ratings"] = ratings


def _deaf_line(value: str, rec: dict) -> None:
    """``YES; Subtitles: English, French``."""
    m = re.match(r"^\s?(yes|no)\b", value, re.I)
    if m:
        rec["extras_subtitled"] = m.group(1).lower() == "yes"
    m = re.search(r"Subtitles?:?\s(.+)$", value, re.I)
    if m:
        rec["subtitles"] = parse_subtitles(m.group(1))


def _opening_only(lines: list[str]) -> dict:
    """A page cut before its facts block: headline, byline and teaser are all there is."""
    rec: dict = {}
    by_at = _byline(lines, min(len(lines), _SCAN), rec)
    if by_at is None:
        return rec
    headline = next((lines[k] for k in range(by_at - 1, max(-1, by_at - 4), -1) if lines[k]), None)
    if headline and len(headline) < 150:
        rec["headline"] = headline
        rec["title"] = clean_title(headline)
    teaser_at = first_prose(lines, by_at + 1, by_at + 6)
    if teaser_at is not None:
        rec["blurb"] = lines[teaser_at]
    return rec


def parse(lines: list[str], url: str | None) -> dict:
    """The record fields a CineSavant or DVD Savant page gives."""
    rec: dict = {}
    i = facts_index(lines)
    if i is None:
        return _opening_only(lines)
    facts_line = lines[i]
    if i + 1 < len(lines) and lines[i + 1].startswith("/"):
        facts_line = f"{facts_line} {lines[i + 1]}"  # a slash line wrapped by the archive
    rec.update(parse_facts(facts_line))
    label, title = _header_above(lines, i, rec)
    top = title[0] if title else (label[0] if label else i)
    by_at = _byline(lines, top, rec)
    headline = None
    if by_at is not None:
        headline = next((lines[k] for k in range(by_at - 1, max(-1, by_at - 4), -1) if lines[k]), None)
        teaser_at = first_prose(lines, by_at + 1, top)
        if teaser_at is not None:
            rec["blurb"] = lines[teaser_at]
    if title is None and label is not None:
        # One line above the facts: the title when it repeats the headline (or when there is
        # no headline to tell), else the label under a missing title.
        if headline is None or fold(clean_title(label[1])) == fold(clean_title(headline)):
            title, label = label, None
    if label is not None:
        _set_label(label[1], rec)
    block_title = title[1] if title else None
    rec["headline"] = headline or block_title
    rec["title"] = clean_title(block_title or headline)

    end = _credits_end(lines, i + 1)
    parse_block(lines, i + 1, end, rec, in_block=True)
    for k in range(i + 1, min(len(lines), end + 6)):
        m = _REVIEWED_BY.match(lines[k][:100])
        if m and looks_like_name(m.group(1)):
            rec.setdefault("reviewer", m.group(1).strip())
            break
    prose_at = first_prose(lines, end)
    parse_rates(lines, rec)
    if prose_at is not None:
        rec["body"] = body_paragraphs(lines, prose_at)
        rec["verdict"] = verdict_sentence(lines, prose_at) or verdict_line(lines, prose_at)
    return rec
