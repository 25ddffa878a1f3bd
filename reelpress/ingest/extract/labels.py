"""Labelled lines wherever they stand: ``Release Date: ...``, ``Aspect Ratio(s):``, ``Studio:``.

Used by the generic layout and, to fill gaps, after every other layout. A label counts only
at the start of a short line (later labels on the same line split it: High-Def Digest prints
``Release Date: February 13th, 2024 Movie Release Year: 1945``); a label alone on its line
takes its value from the lines below, up to the next label.
"""

from __future__ import annotations

import re

from .credits import parse_block, role_of
from .extras import split_extras
from .vocab import (
    AUDIO_WORDS,
    RATING_WORDS,
    VERDICT_RE,
    canonical_verdict,
    find_date,
    find_formats,
    is_language_item,
    looks_like_name,
    normalize_aspect,
    parse_color,
    parse_format,
    parse_runtime,
    parse_subtitles,
    split_list,
    split_names,
    words,
)

# Label (lower case) -> record key. "skip" labels are recognised only so that their value is
# not read as part of another label's value.
FIELD_LABELS = {
    "street_date": words(
        "release date|release date(s)|release dates|street date|disc release date|blu-ray release date|"
        "dvd release date|4k release date|4k uhd release date|video release date"
    ),
    "year": words(
        "movie release year|release year|year of release|production year|theatrical release year|year|"
        "year of production|"
        "film year"
    ),
    "runtime_minutes": ["running time", "run time", "runtime", "length", "duration", "total running time"],
    "aspect_ratio": [
        "aspect ratio",
        "aspect ratio(s)",
        "aspect ratios",
        "presentation",
        "picture format",
        "widescreen aspect ratio",
        "disc aspect ratio",
        "video aspect ratio",
    ],
    "original_aspect": ["original aspect ratio"],
    "subtitles": words(
        "subtitles|subtitles/captions|subtitles/cc|subtitle|subtitles & captions|subtitles and captions|"
        "captions"
    ),
    "audio": words(
        "audio|audio formats|audio format|audio tracks|audio options|audio languages|soundtrack|"
        "sound formats|audio codec"
    ),
    "region": ["region", "region code", "region coding", "regional coding", "playback"],
    "packaging": ["packaging", "package", "case type", "packaging type"],
    "disc_format": words("format|formats|disc format|media|media type|disc type|package includes"),
    # The disc's distributor names the release; the studio only stands in for it.
    "label": ["label", "distributor", "distributed by", "released by", "disc label", "home video label"],
    "studio": ["studio", "publisher", "studio/distributor", "company"],
    "reviewer": ["reviewed by", "review by", "reviewer", "judge", "author", "posted by"],
    "review_date": words("review date|reviewed|date reviewed|posted|posted on|review posted|date posted"),
    "extras": words(
        "special features|extras|supplements|bonus features|bonus material|bonus materials|bonus|"
        "extra features|special features & extras|supplemental materials|supplemental material|features|"
        "special features include|extras include|disc features|dvd features|blu-ray features|best extra|"
        "best extras"
    ),
    "original_title": ["original title", "original language title", "original release title"],
    "alternate_titles": words(
        "alternate title|alternate titles|alternative title|alternative titles|also known as|aka|a.k.a.|"
        "alt title"
    ),
    "color": ["color", "colour", "color/b&w"],
    "verdict": ["verdict", "advice", "recommendation", "final verdict", "our verdict"],
    "price_note": ["list price", "price", "msrp", "srp", "retail price", "suggested retail price"],
    "country": ["country", "country of origin"],
    "language": ["language", "original language"],
    "retailer": ["available from", "available at"],
    "spine_number": ["spine", "spine number", "spine #", "spine no."],
    "skip": words(
        "rating|mpaa rating|rated|mpaa|genre|genres|video resolution/codec|video resolution|video codec|"
        "resolution|technical specs|upc|sale price|last price|third party|discs|number of discs|synopsis|"
        "tagline"
    ),
}
_LABEL_TO_KEY = {label: key for key, labels in FIELD_LABELS.items() for label in labels}
_ALT = "|".join(re.escape(x) for x in sorted(_LABEL_TO_KEY, key=len, reverse=True))
# A label at the line start, or after a space further along; the colon is required.
LABEL_RE = re.compile(r"(?:^|(?<=\s))(" + _ALT + r")\s?:", re.I)
_LIST_KEYS = {"subtitles", "audio", "extras", "alternate_titles"}
_MAX_LABEL_LINE = 320
_MAX_VALUE_LINES = 8


def is_label_line(line: str) -> bool:
    """True when the line opens with a known field label or a credit role."""
    if LABEL_RE.match(line[:_MAX_LABEL_LINE]):
        return True
    return role_of(line, in_block=False) is not None


def _segments(line: str) -> list[tuple[str, str]]:
    """(key, value) pairs on one line; empty when the line does not open with a label."""
    text = line[:_MAX_LABEL_LINE]
    matches = list(LABEL_RE.finditer(text))
    if not matches or matches[0].start() != 0:
        return []
    pairs = []
    for n, m in enumerate(matches):
        end = matches[n + 1].start() if n + 1 < len(matches) else len(text)
        pairs.append((_LABEL_TO_KEY[m.group(1).lower()], text[m.end() : end].strip()))
    return pairs


def _gather(lines: list[str], i: int, end: int) -> list[str]:
    """Value lines under a label that stands alone, up to the next label or heading."""
    out: list[str] = []
    j = i + 1
    blanks = 0
    while j < end and len(out) < _MAX_VALUE_LINES:
        line = lines[j]
        if not line:
            blanks += 1
            if out or blanks > 1:
                break
            j += 1
            continue
        if is_label_line(line) or (line.endswith(":") and len(line) < 40 and ": " not in line):
            break
        out.append(line[:_MAX_LABEL_LINE])
        j += 1
    return out


# A score ("2/5", "B+", "Very Good", "***") where a list was expected: a ratings line.
_SCORE_LIKE = re.compile(
    r"^(?:\d{1,3}(?:\.\d{1,2})?\s?(?:/\s?\d{1,3}|out of \d{1,3}|of \d{1,3}|stars?)?|[A-F][+-]?|[★☆*½]{1,10})$"
)


def is_score(text: str) -> bool:
    """True for a rating value rather than content: ``4/5``, ``B+``, ``Very Good``."""
    text = text.strip().rstrip(".")
    return bool(_SCORE_LIKE.match(text) or (len(text) <= 20 and RATING_WORDS.match(text)))


def _extras_items(text: str) -> list[str]:
    items = split_extras(text)
    # A paragraph of prose is not a list of supplements, nor is a grade.
    if not items or any(len(x) > 160 for x in items) or re.match(r"^(?:none|n/a|no)\b", text, re.I):
        return []
    if is_score(text):
        return []
    return items


def convert(key: str, values: list[str]):
    """A raw label value (one or more lines) as the record wants it; None when unusable."""
    first = values[0] if values else ""
    joined = ", ".join(values)
    if key in ("street_date", "review_date"):
        return find_date(first)
    if key == "year":
        m = re.search(r"\b(18[89]\d|19\d\d|20\d\d)\b", first)
        return int(m.group(1)) if m else None
    if key == "runtime_minutes":
        return parse_runtime(first)
    if key in ("aspect_ratio", "original_aspect"):
        return normalize_aspect(first)
    if key == "subtitles":
        return parse_subtitles(joined)
    if key == "audio":
        items = [x for v in values for x in split_list(v)] if values else []
        return [x for x in items if len(x) < 100 and not is_score(x)] or None
    if key == "extras":
        return [x for v in values for x in _extras_items(v)] or None
    if key == "disc_format":
        return parse_format(first) or find_formats(first)
    if key == "color":
        return parse_color(first)
    if key == "verdict":
        m = VERDICT_RE.search(first)
        return canonical_verdict(m.group(1)) if m else None
    if key == "reviewer":
        name = re.split(r"\s\|\s|,\s|\s\(|\s(?:on|posted)\s", first)[0].strip(" .")
        return name if looks_like_name(name) else None
    if key == "alternate_titles":
        return [t.strip(" \"'") for t in re.split(r"\s?;\s?|\s/\s", joined) if t.strip(" \"'")] or None
    if key == "original_title":
        return first.strip(" \"'") or None
    if key in ("label", "studio"):
        value = re.sub(r"\s?\[.*$", "", first).strip(" .,;")
        if not value or len(value) > 80 or re.match(r"^(?:n/?a|none|unknown)$", value, re.I):
            return None
        return value
    if key == "price_note":
        value = re.sub(r"\s?\[.*$", "", first).strip()
        return value if 0 < len(value) <= 60 else None
    if key in ("packaging", "region", "country", "language", "retailer", "spine_number"):
        value = first.strip(" .")
        return value if 0 < len(value) <= 120 else None
    return None


def labelled_fields(lines: list[str], start: int = 0, end: int | None = None) -> dict:
    """Every labelled field in ``lines[start:end]``: the first value found for each key wins."""
    end = len(lines) if end is None else min(end, len(lines))
    found: dict = {}
    for i in range(start, end):
        line = lines[i]
        if not line:
            continue
        if len(line) > _MAX_LABEL_LINE:
            # A long list of supplements is still one labelled field.
            m = LABEL_RE.match(line[:40])
            if m and _LABEL_TO_KEY[m.group(1).lower()] == "extras" and "extras" not in found:
                found["extras"] = convert("extras", [line[m.end() :].strip()]) or []
            continue
        for key, value in _segments(line):
            if key == "skip" or key in found:
                continue
            values = [value] if value else _gather(lines, i, end)
            if not values:
                continue
            converted = convert(key, values)
            if key == "audio" and not value:
                converted = _split_audio_block(values, found)
            if converted not in (None, [], ""):
                found[key] = converted
    if "studio" in found:
        found.setdefault("label", found.pop("studio"))
    if "aspect_ratio" not in found and "original_aspect" in found:
        found["aspect_ratio"] = found["original_aspect"]
    found.pop("original_aspect", None)
    return found


def _split_audio_block(values: list[str], found: dict) -> list[str] | None:
    """Audio lines under an ``Audio Formats:`` heading; bare language lines among them are
    subtitle tracks whose own heading was lost (``English SDH``)."""
    audio, subs = [], []
    for value in values:
        if AUDIO_WORDS.search(value):
            audio.append(value)
        elif is_language_item(value):
            subs.append(value)
        else:
            audio.append(value)
    if subs and "subtitles" not in found:
        found["subtitles"] = subs
    return audio or None


def credit_fields(lines: list[str], start: int = 0, end: int | None = None) -> dict:
    """Credits on labelled lines anywhere (``Director: X``, ``Starring: A, B``)."""
    end = len(lines) if end is None else min(end, len(lines))
    rec: dict = {}
    short = [x if len(x) <= 1500 else "" for x in lines]
    parse_block(short, start, end, rec, in_block=False)
    return {k: v for k, v in rec.items() if v}


def names_line(line: str) -> list[str]:
    """Names when the whole line is a list of names (a director under a title)."""
    if not line or len(line) > 120:
        return []
    names = split_names(line)
    joined = len(", ".join(names))
    return names if names and joined >= len(line.strip(" .")) - 8 else []
