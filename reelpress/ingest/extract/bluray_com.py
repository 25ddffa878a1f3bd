"""Blu-ray.com review pages.

``<Label> | <year> | <N> min | <rating> | <Mon DD, YYYY>``; scores printed with axis and
value run together (``Movie4.0 of 54.0``: the axis, "4.0 of 5", then the number again); the
users' scores beside the reviewer's in the "Blu-ray rating" box (not the review's, so left
out); ``Starring:`` and ``Director:`` lines; a Specifications section with one heading per
group (Video, Audio, Subtitles, Discs, Playback, Packaging).
"""

from __future__ import annotations

import re

from .credits import parse_block
from .facts import split_facts
from .prose import body_paragraphs, clean_title, color_from_prose_lines, first_prose
from .vocab import (
    MONTH_RE,
    find_date,
    find_formats,
    looks_like_name,
    normalize_aspect,
    parse_runtime,
    parse_subtitles,
)

NAME = "bluray_com"
_SCAN = 500
_PIPES = re.compile(r"^[^|]{1,100}\|\s?(?:18[89]\d|19\d\d|20\d\d)\s?\|")
# "Nothing Sacred Blu-ray Movie United States", "Nothing Sacred (Blu-ray Movie)", "Heat 4K Blu-ray"
_TITLE = re.compile(
    r"^(.{1,200}?)\s?\(?((?:4K |3D |)Blu-ray|DVD)( Movie)?\)?(?: Review)?(?:\s[A-Z][a-z]+(?: [A-Z][a-z]+)?)?$"
)
_SCORE = re.compile(r"^([A-Z0-9][A-Za-z0-9 ]{0,20}?)\s?(\d(?:\.\d)?) of (5|10)(?!\d{2})")
_AXIS = re.compile(r"^(?:Movie|Video|Audio|Extras|Overall|2D Video|3D Video|3D|Video 2D|Video 3D)$")
_REVIEWED = re.compile(
    r"^Reviewed by\s([A-Z][^\d,]{1,60}?),?\s(" + MONTH_RE + r"\.?\s\d{1,2}(?:st|nd|rd|th)?,?\s\d{4})$"
)
_SECTIONS = {"video", "audio", "subtitles", "discs", "playback", "packaging", "digital"}
_SPEC_END = re.compile(r"^(?:Review|Rating summary|Similar titles|Other editions|Price|Overview)\b")


def _pipes_index(lines: list[str]) -> int | None:
    for i in range(min(len(lines), _SCAN)):
        if "|" in lines[i][:200] and _PIPES.match(lines[i][:200]):
            fields = split_facts(lines[i], "|")
            if any(re.fullmatch(r"\d{1,3} min", f) for f in fields):
                return i
    return None


def detect(lines: list[str], url: str | None) -> float:
    """How much the page looks like a Blu-ray.com review."""
    score = 0.0
    if url and "blu-ray.com" in url.lower():
        score += 3
    if _pipes_index(lines) is not None:
        score += 4
    if any(_SCORE.match(x) and " of 5" in x for x in lines[:_SCAN]):
        score += 2
    if "Specifications" in lines[:_SCAN]:
        score += 1
    return score


def _specs(lines: list[str], rec: dict) -> None:
    """The Specifications section, one list of lines per heading."""
    try:
        start = lines.index("Specifications", 0, min(len(lines), _SCAN * 2))
    except ValueError:
        return
    groups: dict[str, list[str]] = {}
    section = None
    for line in [x for x in lines[start + 1 : start + 400] if x][:80]:
        if _SPEC_END.match(line):
            break
        if line.lower() in _SECTIONS:
            section = line.lower()
            groups.setdefault(section, [])
        elif section:
            groups[section].append(line[:300])
    ratios: dict[str, str] = {}
    for line in groups.get("video", []):
        m = re.match(r"^(Original aspect ratio|Aspect ratio):\s?(.+)$", line, re.I)
        if m and normalize_aspect(m.group(2)):
            ratios.setdefault(m.group(1).lower(), normalize_aspect(m.group(2)))
    # The disc's ratio is the record's; the original one only stands in when it is alone.
    aspect = ratios.get("aspect ratio") or ratios.get("original aspect ratio")
    if aspect:
        rec["aspect_ratio"] = aspect
    if groups.get("audio"):
        rec["audio"] = groups["audio"]
    if "subtitles" in groups:
        rec["subtitles"] = parse_subtitles(", ".join(groups["subtitles"]))
    if groups.get("packaging"):
        rec["packaging"] = groups["packaging"][0]
    if groups.get("playback"):
        rec["region"] = groups["playback"][0]
    discs = " ".join(groups.get("discs", []))
    if re.search(r"\b4K\b|UHD|Ultra HD", discs) and re.search(r"\bBD\b|Blu-ray Disc", discs):
        rec["disc_format"] = "4K Ultra HD + Blu-ray" if re.search(r"\bBD\b", discs) else "4K Ultra HD"


def _scores(lines: list[str]) -> dict:
    """The review's own scores, from the "Rating summary" box."""
    try:
        start = lines.index("Rating summary")
    except ValueError:
        return {}
    ratings: dict = {}
    items = [x for x in lines[start + 1 : start + 100] if x][:30]
    k = 0
    while k < len(items):
        line = items[k][:80]
        if re.fullmatch(r"\d(?:\.\d)?", line):
            k += 1  # the score repeated in a cell of its own
            continue
        # From HTML the axis and its score may sit in separate cells, so on separate lines.
        if _AXIS.match(line) and k + 1 < len(items):
            line = line + items[k + 1][:40]
            k += 1
        m = _SCORE.match(line)
        if not m:
            break
        ratings[m.group(1).strip()] = f"{m.group(2)} of {m.group(3)}"
        k += 1
    return ratings


def parse(lines: list[str], url: str | None) -> dict:
    """The record fields a Blu-ray.com page gives."""
    rec: dict = {}
    i = _pipes_index(lines)
    for k, line in enumerate(lines[:_SCAN]):
        m = _TITLE.match(line[:250])
        # Without "Movie" the title line must sit just above the header line.
        near = i is not None and 0 < i - k <= 3
        if m and m.group(1).strip() and (m.group(3) or near):
            rec["headline"] = line
            rec["title"] = clean_title(m.group(1))
            rec["disc_format"] = "4K Ultra HD" if m.group(2).startswith("4K") else m.group(2)
            break
    if i is not None:
        fields = split_facts(lines[i], "|")
        if fields and not re.search(r"\d", fields[0]):
            rec["label"] = fields[0]
        for field in fields[1:]:
            if re.fullmatch(r"(?:18[89]\d|19\d\d|20\d\d)", field):
                rec.setdefault("year", int(field))
            elif re.fullmatch(r"\d{1,3} min", field):
                rec["runtime_minutes"] = parse_runtime(field)
            elif find_date(field):
                rec["street_date"] = find_date(field)
    if "year" not in rec and rec.get("title"):
        for line in lines[:_SCAN]:
            m = re.fullmatch(re.escape(rec["title"][:200]) + r" \((1[89]\d\d|20\d\d)\)", line[:250])
            if m:
                rec["year"] = int(m.group(1))
                break
    _specs(lines, rec)
    rec["ratings"] = _scores(lines)
    parse_block(lines, 0, min(len(lines), _SCAN), rec, in_block=False)
    if "disc_format" not in rec:
        rec["disc_format"] = find_formats(rec.get("headline"))
    reviewed_at = None
    for k, line in enumerate(lines[: _SCAN * 2]):
        m = _REVIEWED.match(line[:120])
        if m and looks_like_name(m.group(1)):
            rec["reviewer"] = m.group(1).strip()
            rec["review_date"] = find_date(m.group(2))
            reviewed_at = k
            break
    if reviewed_at is not None:
        tagline = next(
            (lines[k] for k in range(reviewed_at - 1, max(-1, reviewed_at - 4), -1) if lines[k]), ""
        )
        prose_at = first_prose(lines, reviewed_at + 1)
        if tagline and len(tagline) < 200:
            rec["blurb"] = tagline
        rec["color"] = color_from_prose_lines([tagline] + ([lines[prose_at]] if prose_at is not None else []))
        rec["body"] = body_paragraphs(lines, prose_at)
    return rec
