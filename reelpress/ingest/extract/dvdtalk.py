"""DVD Talk's review template (its own reviewers, and DVD Savant columns posted in it).

``<Label> // <MPAA rating> // <street date>``, ``List Price: $NN.NN``, then ``Review by
<name> | posted <date> | E-mail the Author``. There is no credits block: the film's year
shows only in the prose (``Loophole (1981) is ...``). The verdict is a tier at the end.
"""

from __future__ import annotations

import re

from .prose import body_paragraphs, clean_title, first_prose, verdict_line, year_after_title
from .vocab import LINE_CAP, PEN_NAMES, find_date, find_formats, looks_like_name, words

NAME = "dvdtalk"
_SCAN = 400
_SLASHES = re.compile(r"^[^/]{1,100}\s//\s")
_BYLINE = re.compile(r"^Review by\s(.{2,60}?)\s?\|\s?posted\s(.{4,40}?)(?:\s?\||$)", re.I)
_REVIEWED_BY = re.compile(r"^Reviewed by:?\s([A-Z][^\d|]{1,60}?)\.?$")
_PRICE = re.compile(r"^(?:List Price|MSRP|Price):\s?(\$?\s?\d{1,4}(?:[.,]\d{2})?)", re.I)
# DVD Talk's navigation, as its pages print it above the review.
_CHROME = set(
    words(
        "reviews & columns|reviews|dvd|tv on dvd|blu-ray|4k uhd|international dvds|in theaters|"
        "reviews by studio|video games|features|collector series dvds|easter egg database|interviews|"
        "dvd talk radio|feature articles|columns|anime talk|dvd savant|horror dvds|the m.o.d. squad|"
        "art house|"
        "hd talk|silent dvd|discussion forum|dvd talk forum|resources|dvd price search|customer service #'s|"
        "rce info|links|dvd talk|release list|newsletter|forum|shop|advertise"
    )
)


def _slashes_index(lines: list[str]) -> int | None:
    for i in range(min(len(lines), _SCAN)):
        line = lines[i]
        if " // " in line[:200] and not line.startswith("Judge ") and _SLASHES.match(line[:200]):
            parts = _parts(line)
            if len(parts) >= 3 and any(find_date(p) for p in parts[1:]):
                return i
    return None


def _parts(line: str) -> list[str]:
    return [p.strip() for p in line[:300].split("//")]


def detect(lines: list[str], url: str | None) -> float:
    """How much the page looks like DVD Talk's review template."""
    score = 0.0
    if url and re.search(r"dvdtalk\.com/reviews", url, re.I):
        score += 2
    if _slashes_index(lines) is not None:
        score += 4
    if any(_BYLINE.match(x[:200]) for x in lines[:_SCAN] if x.startswith("Review by")):
        score += 3
    return score


def parse(lines: list[str], url: str | None) -> dict:
    """The record fields a DVD Talk page gives."""
    rec: dict = {}
    i = _slashes_index(lines)
    top = i if i is not None else 0
    if i is not None:
        # "<Label> // <MPAA rating> // <street date>", sometimes with a price among them.
        parts = _parts(lines[i])
        rec["label"] = parts[0]
        for part in parts[1:]:
            if find_date(part) and "street_date" not in rec:
                rec["street_date"] = find_date(part)
            elif "$" in part:
                rec["price_note"] = re.sub(r"^(?:List Price|MSRP|Price):\s?", "", part, flags=re.I)
        # The title sits just above, unless the page lost it (then the menu is there).
        for k in range(i - 1, max(-1, i - 3), -1):
            line = lines[k]
            if line:
                if line.lower() not in _CHROME and len(line) < 150:
                    rec["headline"] = line
                break
    by_at = None
    for k in range(top, min(len(lines), top + 30)):
        m = _BYLINE.match(lines[k][:200])
        if m:
            by_at = k
            rec["reviewer"] = m.group(1).strip()
            rec["review_date"] = find_date(m.group(2))
            break
    for k in range(top, min(len(lines), top + 20)):
        m = _PRICE.match(lines[k][:100])
        if m:
            rec.setdefault("price_note", m.group(1).strip())
            break
    real = _real_name(lines, by_at if by_at is not None else top)
    if real and (not rec.get("reviewer") or rec["reviewer"].lower() in PEN_NAMES):
        rec["reviewer"] = real
    elif rec.get("reviewer", "").lower() in PEN_NAMES:
        rec["reviewer"] = PEN_NAMES[rec["reviewer"].lower()]

    headline = rec.get("headline")
    if headline:
        # "Loophole (Blu-ray)": the format rides on the title.
        m = re.search(r"\(([^()]{2,30})\)$", headline)
        if m and find_formats(m.group(1)):
            rec["disc_format"] = find_formats(m.group(1))
    rec["title"] = clean_title(headline)  # else the Savant block or, last, the URL names it

    prose_at = first_prose(lines, (by_at if by_at is not None else top) + 1)
    if prose_at is not None:
        text = "\n".join(x[:LINE_CAP] for x in lines[prose_at : prose_at + 40])
        rec["year"] = year_after_title(text, rec.get("title"))
        rec["body"] = body_paragraphs(lines, prose_at)
        rec["blurb"] = lines[prose_at][:600]
        tail_start = max(prose_at, len(lines) - 60)
        rec["verdict"] = verdict_line(lines, tail_start)
    return rec


def _real_name(lines: list[str], start: int) -> str | None:
    """A ``Reviewed by <Name>`` line just below the byline (DVD Savant columns carry one)."""
    for k in range(start, min(len(lines), start + 8)):
        m = _REVIEWED_BY.match(lines[k][:100])
        if m and looks_like_name(m.group(1)):
            return m.group(1).strip()
    return None
