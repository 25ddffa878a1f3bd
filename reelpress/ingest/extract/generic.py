"""Any other layout: labelled lines wherever they stand, plus the shapes of known sites.

High-Def Digest (``Blu-Ray : Recommended`` at the top, "Tech Specs & Release Details" with
labelled lines), Mondo Digital (``Color, 1964, 88m.`` and a line per edition such as
``Arrow (Blu-ray & DVD) (UK RA/B HD/NTSC) / WS (1.66:1) (16:9), ...``), DVD Verdict
(``Judge <name> // <date>``), Home Theater Forum and DVD Movie Guide (labelled lines), blogs.

:func:`parse` is also run after every other layout to fill the fields it left empty, so it
only takes what a label or a precise shape states.
"""

from __future__ import annotations

import re

from .credits import role_of
from .facts import is_facts_line, parse_facts
from .labels import credit_fields, is_label_line, is_score, labelled_fields
from .prose import (
    body_paragraphs,
    clean_title,
    color_from_prose_lines,
    first_prose,
    fold,
    is_prose,
    possessive_label,
    prose_titles,
    repeated_prefix,
    verdict_line,
    year_after_title,
)
from .vocab import (
    LINE_CAP,
    MONTH_RE,
    VERDICT_ALT,
    canonical_verdict,
    find_date,
    is_date_line,
    looks_like_name,
    normalize_aspect,
    parse_format,
    split_names,
)

NAME = "generic"
_SCAN = 600  # header shapes are looked for in the first lines only
_MAX_LINES = 5000  # labelled lines: a long page's tail is comments, not facts
_TIER_HEADER = re.compile(r"^(.{2,40}?)\s?:\s?(" + VERDICT_ALT + r")$")
_FORMAT_REVIEW_BY = re.compile(r"^(?:[\w+ -]{0,40}\s)?Review(?:ed)? By:?\s([A-Z][^|\d]{1,60}?)\.?$")
_JUDGE = re.compile(r"^Judge\s([A-Z][^/]{1,60}?)\s?//\s?(.{4,40})$")
# "Reviewed by Colin Jacobson (June 1, 2010)", "by Jane Doe | March 3, 2020", "Posted on May 2, 2019 by X"
_BYLINE = re.compile(
    r"^(?:(?:Posted|Reviewed|Review) )?[Bb]y:?\s([A-Z][^|\d(,:;]{1,50}?)"
    r"\s?(?:[,(|\u2022-]\s?(?:posted |on )?(.{4,40}?)\)?)?$"
)
_POSTED = re.compile(r"^(?:Posted|Published)(?: on)?:?\s(.{4,40}?)(?:\sby\s([A-Z][^|\d(,:;]{1,50}?))?$")
# "by Glenn Erickson Feb 27, 2024", "Posted by Jane Doe on March 3, 2020 · 3 Comments"
_DATE_TEXT = (
    r"(?:"
    + MONTH_RE
    + r"\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}|\d{1,2}(?:st|nd|rd|th)? "
    + MONTH_RE
    + r"\.?,? \d{4})"
)
# What a blog prints after the byline's date: a comment count, a category, a time.
_BYLINE_TAIL = r"(?:\s?[·•|–—-]\s?.{0,40}|\sat \d{1,2}:\d{2}\s?(?:[ap]\.?m\.?)?)?"
_BY_DATE = re.compile(
    r"^(?:(?:Posted|Written|Reviewed|Published|Review) )?[Bb]y:? ([A-Z][^|\d(,:;]{1,50}?)"
    r"(?: on| -| –| —| \||,| ·)? (" + _DATE_TEXT + r")" + _BYLINE_TAIL + "$",
    re.I,
)
# Blogs: "May 3, 2019 by Jane Doe".
_DATE_BY = re.compile(
    r"^(?:Posted on |Published |)(" + _DATE_TEXT + r")"
    r"\s?(?:by|\||–|—|-|·)\s?(?:by )?([A-Z][^|\d(,:;]{1,50}?)" + _BYLINE_TAIL + "$"
)
# DVDBeaver: "(William A. Wellman, 1937)" under the title.
_DIRECTOR_YEAR = re.compile(
    r"^\(([A-Z][^(),\d]{2,60}(?:(?:,| &| and) [A-Z][^(),\d]{2,60}){0,2}), (1[89]\d\d|20\d\d)\)$"
)
# "Stray Dog (1949)", or with the review's own tail: "Stray Dog (1949) – Blu-ray review".
_TITLE_YEAR = re.compile(
    r"^(.{1,150}?)\s\((1[89]\d\d|20\d\d)\)"
    r"(?:\s?[-–—|:]\s?(?:[^-–—|:]{0,40}\s)?"
    r"(?:(?:4K |UHD |HD )?Blu-?ray|DVD|4K(?: UHD)?|Film|Movie)?\s?Review)?$",
    re.I,
)
_EDITION = re.compile(r"^([^()/,]{1,60}?)\s?\(([^()]{2,40})\)")
_AXES = (
    r"Movie|Film|Video|Picture|Audio|Sound|Extras|Supplements|Overall|Bonus Features|Bonus|Story|Acting"
    r"|Presentation|Replay|Content|3D|Film/Program"
)
_RATING_LINE = re.compile(
    r"^((?:" + _AXES + r")(?: Grade| Quality| Rating| Score)?)\s?:\s?(.{1,30})$",
)
_OVERVIEW = re.compile(r"^(?:Overview|Synopsis|The Movie|The Film)\s?-?:?$", re.I)
_CHROME_WORDS = re.compile(
    r"\b(?:home|menu|search|login|log in|sign in|subscribe|news|forum|donate|advertise|share|comments?|reply"
    r"|tweet|facebook|e-?mail|print|related|advertisement|categories|tags|archives?|previous|next|read more"
    r"|reviews|columns|contact|about us|privacy)\b",
    re.I,
)


def detect(lines: list[str], url: str | None) -> float:
    """Generic is the fallback: a low constant score."""
    return 1.0


def _squash(text: str | None) -> str:
    """Folded, without spaces or a leading article: URLs and titles compared alike."""
    return re.sub(r"^(?:the|a|an) ", "", fold(text)).replace(" ", "")


def _url_key(url: str | None) -> str:
    """The URL's last path part, squashed: "/reviews/99/the-brass-lantern-blu-ray-review/" gives
    "thebrasslantern"; titles are compared with it the same way."""
    if not url:
        return ""
    parts = [p for p in re.split(r"[/?#]", url[:500]) if p]
    for part in reversed(parts[1:]):
        part = re.sub(r"\.(?:html?|php|aspx?)$", "", part, flags=re.I)
        part = re.sub(r"(?:[-_](?:blu[-_]?ray|bd|dvd|4k|uhd|review|movie))+$", "", part, flags=re.I)
        if re.search(r"[A-Za-z]{3}", part) and not part.isdigit():
            return _squash(part.replace("-", " ").replace("_", " "))
    return ""


def _not_a_title(line: str) -> bool:
    """Labelled lines, credits (with or without a colon) and fact lines are never the title."""
    return is_label_line(line) or role_of(line, in_block=True) is not None or is_facts_line(line)


def _byline_name(line: str) -> str | None:
    """The critic's name on a ``by <Name>`` line."""
    m = _BYLINE.match(line)
    return m.group(1).strip() if m and looks_like_name(m.group(1).strip()) else None


# Mondo Digital's facts line: "Color, 1964, 88m."
_MONDO_FACTS = re.compile(
    r"^(?:Colou?r|B&W|Colou?r (?:and|&) B&W|B&W (?:and|&) Colou?r), (?:1[89]|20)\d\d, \d{1,3}m\.?$"
)


def _mondo_title(lines: list[str], url: str | None) -> str | None:
    """The title of a page laid out like Mondo Digital's: the line above ``Color, 1964, 88m.``,
    else a short line run straight into the first paragraph, else the words opening that
    paragraph when they spell the page's URL (the title image's text ran into the prose)."""
    i = next(
        (k for k in range(min(len(lines), _SCAN)) if len(lines[k]) < 40 and _MONDO_FACTS.match(lines[k])),
        None,
    )
    if i is None:
        return None
    for j in range(i - 1, max(-1, i - 4), -1):
        if lines[j]:
            if _could_be_title(lines[j]):
                return lines[j]
            break
    prose_at = first_prose(lines, i + 1, min(len(lines), i + 40))
    if prose_at is None:
        return None
    above = lines[prose_at - 1]
    if (
        above
        and _could_be_title(above)
        and " / " not in above
        and not re.search(r"\(\w[^()]{0,20}\)\s?\(", above)
    ):
        return above
    key = _url_key(url)
    if len(key) < 4:
        return None
    words = lines[prose_at][:300].split(" ")
    for n in range(1, min(len(words), 15) + 1):
        prefix = " ".join(words[:n])
        squashed = _squash(prefix)
        if squashed in ("the", "a", "an"):
            continue  # an article alone: the URL leaves it out
        if squashed == key:
            return prefix.rstrip(",;:")
        if not key.startswith(squashed):
            break
    return None


def _could_be_title(line: str) -> bool:
    return (
        len(line) < 150 and not is_prose(line) and not _not_a_title(line) and not _CHROME_WORDS.search(line)
    )


def _title_candidates(lines: list[str], headings: list[str], url: str | None = None) -> str | None:
    """The film title: an HTML heading, a top line matching the URL, the line above "Overview",
    ``Title (1981)``, the line above a byline, a line printed twice near the top."""
    top = lines[: min(len(lines), _SCAN)]
    key = _url_key(url)
    if len(key) >= 4:
        for line in list(headings) + top:
            if line and len(line) < 150 and _squash(clean_title(line)) == key and not _not_a_title(line):
                return line
    for heading in headings:
        title = clean_title(heading)
        if title and len(title) < 150 and not _CHROME_WORDS.search(title):
            return heading
    mondo = _mondo_title(top, url)
    if mondo:
        return mondo
    for k, line in enumerate(top):
        if line and _OVERVIEW.match(line[:40]):
            for j in range(k - 1, max(-1, k - 4), -1):
                if top[j]:
                    if len(top[j]) < 150 and not _not_a_title(top[j]):
                        return top[j]
                    break
    for line in top:
        if line and len(line) < 160:
            m = _TITLE_YEAR.match(line)
            if m and not _not_a_title(line):
                return line
    for k, line in enumerate(top):
        if (
            line
            and len(line) < 120
            and (any(p.match(line) for p in (_JUDGE, _BY_DATE, _DATE_BY, _POSTED)) or _byline_name(line))
        ):
            for j in range(k - 1, max(-1, k - 4), -1):
                if top[j]:
                    if len(top[j]) < 150 and not _not_a_title(top[j]) and not is_date_line(top[j]):
                        return top[j]
                    break
            break
    seen: set[str] = set()
    for line in top:
        if not line or len(line) > 120 or _not_a_title(line) or is_date_line(line) or parse_format(line):
            continue
        if line in seen and not _CHROME_WORDS.search(line) and re.search(r"[A-Za-z]{2}", line):
            return line
        seen.add(line)
    return None


def _edition(lines: list[str], rec: dict) -> None:
    """Mondo Digital's edition line: the first edition gives label, format, region, ratio."""
    for line in lines[:_SCAN]:
        if "(" not in line[:100]:
            continue
        m = _EDITION.match(line[:LINE_CAP])
        if not m:
            continue
        fmt = parse_format(m.group(2))
        parens = re.findall(r"\(([^()]{1,40})\)", line[:LINE_CAP])
        regional = any(re.search(r"\bR[A-C0-6]\b|\bNTSC\b|\bPAL\b|\bRegion\b", p) for p in parens)
        # An edition line also gives the region or TV system, or the picture ratio: a title
        # with "(Blu-ray)" after it is not one.
        if len(parens) < 2 or not (regional or "/ WS" in line or normalize_aspect(line[:LINE_CAP])):
            continue
        if not fmt and not re.search(r"\bR[A-C0-6]\b|\bNTSC\b|\bPAL\b", m.group(2)):
            continue
        first = re.split(r"\),\s", line[:LINE_CAP], maxsplit=1)[0]
        rec["label"] = m.group(1).strip()
        if fmt:
            rec["disc_format"] = fmt
        for paren in re.findall(r"\(([^()]{1,40})\)", first):
            if re.search(r"\bR[A-C0-6]\b|\bNTSC\b|\bPAL\b|Region", paren):
                rec["region"] = paren
                break
        # The ratio may follow the first edition or close the line for all of them.
        aspect = normalize_aspect(first) or normalize_aspect(line[:LINE_CAP])
        if aspect:
            rec["aspect_ratio"] = aspect
        return


def _ratings(lines: list[str]) -> dict:
    """A block of two or more ``Axis: score`` lines."""
    ratings: dict = {}
    last = None
    for k in range(min(len(lines), _MAX_LINES)):
        line = lines[k]
        if not line or len(line) > 60:
            continue
        m = _RATING_LINE.match(line)
        if not m:
            continue
        value = m.group(2).strip().rstrip(".")
        if not is_score(value):
            continue
        if last is not None and k - last > 4 and len(ratings) >= 2:
            break
        if last is not None and k - last > 4:
            ratings = {}
        ratings[m.group(1)] = value
        last = k
    return ratings if len(ratings) >= 2 else {}


def _header_shapes(lines: list[str], rec: dict) -> None:
    """High-Def Digest's tier header and byline; DVD Verdict's judge line."""
    for line in lines[:_SCAN]:
        if not line or len(line) > 120:
            continue
        m = _TIER_HEADER.match(line)
        if m and "verdict" not in rec:
            rec["verdict"] = canonical_verdict(m.group(2))
            fmt = parse_format(m.group(1))
            if fmt:
                rec["disc_format"] = fmt
            continue
        m = _FORMAT_REVIEW_BY.match(line)
        if m and looks_like_name(m.group(1)) and "reviewer" not in rec:
            rec["reviewer"] = m.group(1).strip()
            continue
        m = _JUDGE.match(line)
        if m and "reviewer" not in rec:
            rec["reviewer"] = m.group(1).strip()
            rec["review_date"] = find_date(m.group(2))
            continue
        m = _BY_DATE.match(line)
        if m and "reviewer" not in rec and looks_like_name(m.group(1).strip()):
            rec["reviewer"] = m.group(1).strip()
            rec.setdefault("review_date", find_date(m.group(2)))
            continue
        m = _DATE_BY.match(line)
        if m and "reviewer" not in rec and looks_like_name(m.group(2).strip()):
            rec["reviewer"] = m.group(2).strip()
            rec.setdefault("review_date", find_date(m.group(1)))
            continue
        m = _DIRECTOR_YEAR.match(line)
        if m:
            names = split_names(m.group(1))
            if names and "directors" not in rec:
                rec["directors"] = names
                rec.setdefault("year", int(m.group(2)))
            continue
        m = _BYLINE.match(line)
        if m and "reviewer" not in rec and looks_like_name(m.group(1).strip()):
            rec["reviewer"] = m.group(1).strip()
            if m.group(2) and find_date(m.group(2)):
                rec.setdefault("review_date", find_date(m.group(2)))
            continue
        m = _POSTED.match(line)
        if m and find_date(m.group(1)):
            rec.setdefault("review_date", find_date(m.group(1)))
            if m.group(2) and looks_like_name(m.group(2).strip()):
                rec.setdefault("reviewer", m.group(2).strip())


def parse(
    lines: list[str], url: str | None, headings: list[str] | None = None, find_title: bool = True
) -> dict:
    """Record fields from labelled lines and the shapes above; ``find_title=False`` when a site
    layout has already named the film (the title is then weighed in :mod:`.titles` anyway)."""
    rec: dict = {}
    limit = min(len(lines), _MAX_LINES)
    short = [
        x if len(x) <= 320 or re.match(r"(?i)(?:special features|extras|supplements)\s?:", x) else ""
        for x in lines[:limit]
    ]
    _header_shapes(short, rec)
    for key, value in labelled_fields(short).items():
        rec.setdefault(key, value)
    for key, value in credit_fields(short).items():
        rec.setdefault(key, value)
    for line in short[:_SCAN]:
        for sep in (",", "/", "|"):
            if line and sep in line and len(line) < 200 and is_facts_line(line, sep):
                for key, value in parse_facts(line, sep).items():
                    rec.setdefault(key, value)
    if "label" not in rec:
        _edition(short, rec)
    ratings = _ratings(short)
    if ratings:
        rec["ratings"] = ratings

    headline = _title_candidates(lines, headings or [], url) if find_title else None
    prose_at = first_prose(lines, 0, min(len(lines), _SCAN * 2))
    if headline is None and prose_at is not None:
        headline = repeated_prefix(lines[prose_at])
    if headline:
        rec["headline"] = headline
        m = _TITLE_YEAR.match(headline)
        bare = m.group(1) if m else headline
        # DVDCompare: "Nothing Sacred AKA Some Other Title (Blu-ray)".
        names = re.split(r"\s(?:AKA|a\.k\.a\.)\s", bare[:300])
        rec["title"] = clean_title(names[0])
        if len(names) > 1:
            rec.setdefault("alternate_titles", [t for t in (clean_title(x) for x in names[1:]) if t])
        if m and "year" not in rec:
            rec["year"] = int(m.group(2))
        # "Back to the Future (Blu-ray)": the format rides on the title.
        fmt = re.search(r"[(\[]([^()\[\]]{2,40})[)\]]$", bare)
        if fmt and parse_format(fmt.group(1)) and "disc_format" not in rec:
            rec["disc_format"] = parse_format(fmt.group(1))
    if prose_at is not None:
        opening = "\n".join(x[:LINE_CAP] for x in lines[prose_at : prose_at + 3])
        if "year" not in rec:
            rec["year"] = year_after_title(opening, rec.get("title"))
        original, alternates = prose_titles(lines[prose_at])
        if original and fold(original) != fold(rec.get("title")):
            rec.setdefault("original_title", original)
        if alternates:
            rec.setdefault("alternate_titles", alternates)
        if "label" not in rec:
            rec["label"] = _overview_label(lines, prose_at)
        if "color" not in rec:
            rec["color"] = color_from_prose_lines([lines[prose_at]])
        rec["body"] = body_paragraphs(lines, prose_at)
        rec["blurb"] = lines[prose_at][:800]
        if "verdict" not in rec:
            rec["verdict"] = verdict_line(lines, max(prose_at, len(lines) - 60))
    return {k: v for k, v in rec.items() if v not in (None, "", [], {})}


def _overview_label(lines: list[str], prose_at: int) -> str | None:
    """A label named in the opening paragraphs (High-Def Digest's overview names it)."""
    for k in range(prose_at, min(len(lines), prose_at + 3)):
        if lines[k] and is_prose(lines[k]):
            label = possessive_label(lines[k])
            if label:
                return label
    return None
