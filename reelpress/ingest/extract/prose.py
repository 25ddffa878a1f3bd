"""Helpers that read the page around the facts: titles, prose, verdicts, body and blurb.

These are the least certain parts of a record, so each helper looks for one precise shape
(a title followed by its year in parentheses, a verdict tier ending a sentence...) and gives
None when the shape is not there.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from .vocab import (
    LINE_CAP,
    TITLE_FORMAT_SUFFIX,
    VERDICT_ALT,
    VERDICT_LINE,
    canonical_verdict,
    color_from_prose,
    words,
)

_ARTICLE_SUFFIX = re.compile(r"^(.{1,200}?), (The|A|An|Le|La|Les|L'|Il|Der|Die|Das|El|Los|Las)$")
_REVIEW_SUFFIX = re.compile(
    r"\s?(?:[-–—|:]\s)?[(\[]?(?:4K Ultra HD |4K UHD |Ultra HD |UHD |4K |3D )?"
    r"(?:Blu-?ray|DVD|HD DVD)?\s?(?:Movie )?Review[)\]]?$",
    re.I,
)


@functools.lru_cache(maxsize=50_000)
def fold(text: str | None) -> str:
    """Case, accents and punctuation folded: for comparing titles, not for output."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text[:500])
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return re.sub(r"[\W_]+", " ", text).strip()


def clean_title(text: str | None) -> str | None:
    """A title as the record wants it: no "(Blu-ray Review)" or " 4K" tail, article in front."""
    if not text:
        return None
    title = text.strip()[:300]
    title = re.sub(
        r"^(?:(?:4K |UHD |Blu-?ray |DVD |Film |Movie )?Review|Now on (?:Blu-?ray|DVD|4K))\s?[:|–—-]\s?",
        "",
        title,
        flags=re.I,
    )
    for _ in range(2):
        title = re.sub(r"\s\((?:1[89]|20)\d\d\)$", "", title)
        title = _REVIEW_SUFFIX.sub("", title).strip()
        stripped = TITLE_FORMAT_SUFFIX.sub("", title).strip()
        if stripped:
            title = stripped
    m = _ARTICLE_SUFFIX.match(title)
    if m:
        article = m.group(2)
        title = f"{article}{'' if article.endswith(chr(39)) else ' '}{m.group(1)}"
    title = title.strip(" -–—|:")
    return title or None


def is_prose(line: str) -> bool:
    """A paragraph of running text rather than a label, a menu entry or a fact line."""
    if len(line) < 120:
        return False
    text = line[:LINE_CAP]
    if len(_PROSE_WORD.findall(text)) < 12:
        return False
    # A sentence ends in it -- or it is long enough to be a paragraph cut off mid-sentence.
    return len(line) >= 150 or bool(re.search(r"[.!?][\"”’)]?(?:\s|$)", text))


_PROSE_WORD = re.compile(r"\b[a-z]{2,}[.,;!?]?\s")


def first_prose(lines: list[str], start: int = 0, end: int | None = None) -> int | None:
    """Index of the first prose paragraph at or after ``start``."""
    end = len(lines) if end is None else end
    for i in range(start, min(end, len(lines))):
        if lines[i] and is_prose(lines[i]):
            return i
    return None


def year_after_title(text: str, title: str | None) -> int | None:
    """The year in ``<Title> (1981)``, the way reviews introduce a film in prose."""
    if not title or not text:
        return None
    pattern = re.escape(title[:200]) + r"[!?.]?\s?\((?:[A-Za-z .,]{0,30})?(1[89]\d\d|20\d\d)\)"
    m = re.search(pattern, text[: LINE_CAP * 10], re.I)
    return int(m.group(1)) if m else None


_CLOSING_TIER = re.compile(r"(?:^|[.!?][\"”’)]?\s|:\s)(" + VERDICT_ALT + r")[.!]?$", re.I)


def verdict_line(lines: list[str], start: int = 0, end: int | None = None) -> str | None:
    """A verdict tier standing alone on its line, or ending the review's last sentence.

    The last one found wins: reviews give their verdict at the end.
    """
    end = len(lines) if end is None else end
    found = None
    for i in range(start, min(end, len(lines))):
        line = lines[i]
        if not line:
            continue
        if len(line) <= 60:
            m = VERDICT_LINE.match(line)
            if m:
                found = canonical_verdict(m.group(1))
                continue
        # The tier as a sentence of its own closing a paragraph ("... Highly recommended."),
        # whatever its case; a tier inside a longer sentence does not count.
        m = _CLOSING_TIER.search(line[-120:])
        if m:
            found = canonical_verdict(m.group(1))
    return found


# "X is Highly Recommended." -- or "X is a Good disc"; the capital letter marks the rating word.
_VERDICT_SENTENCE = re.compile(
    r"\b(?:is|are|remains|rates as|comes) (?:an? |very )?((?i:very highly recommended|highly recommended|"
    r"recommended)|Good(?=[.!]| (?:Blu-ray|DVD|disc|release|buy)\b))\b"
)


def verdict_sentence(lines: list[str], start: int = 0) -> str | None:
    """CineSavant's verdict: ``<Title> is Highly Recommended.`` (the last such sentence)."""
    found = None
    for line in lines[start:]:
        if not line:
            continue
        for m in _VERDICT_SENTENCE.finditer(line[-LINE_CAP:]):
            # "HIGHLY recommended" and "Highly Recommended" are the tier; all lower case is prose.
            if any(c.isupper() for c in m.group(1)):
                found = canonical_verdict(m.group(1))
    return found


def repeated_prefix(line: str) -> str | None:
    """The title a page prints before its prose and again inside it (Mondo Digital)."""
    text = line[:600]
    words = text.split(" ")
    best = None
    for n in range(1, min(10, len(words))):
        prefix = " ".join(words[:n])
        if len(prefix) < 3 or not prefix[0].isupper():
            continue
        if text.find(prefix, len(prefix)) >= 0:
            best = prefix
        elif best:
            break
    if not best or not all(w[:1].isupper() or w.lower() in _SMALL_WORDS for w in best.split()):
        return None
    # Printed twice in a row (Mondo Digital's title image and heading), or opening a sentence
    # about itself ("Them! is a key science fiction film ... Them! has ...").
    if best + best in text or re.match(re.escape(best) + r" (?:is|was|remains|has|tells|opens)\b", text):
        return best
    return None


_SMALL_WORDS = {"a", "an", "and", "the", "of", "in", "on", "at", "to", "for", "or", "with", "from", "by"}

_ORIGINAL = re.compile(
    r"\b(?:[Oo]riginally (?:released|titled|known|called) as|[Oo]riginal title[,:]?"
    r"|[Rr]eleased in [A-Z]\w+ as)"
    r" ([^(),.;:]{2,80}?)\s?(?:\((?:or|aka|a\.k\.a\.) ([^()]{2,80})\)|[,.;(])"
)
_AKA = re.compile(r"\((?:aka|a\.k\.a\.|also known as) ([^()]{2,80})\)")
# A title in running text: capitalised words, small words between them, or a quoted phrase.
_SMALL = r"(?:of|the|a|an|and|in|on|to|for|from|with|at|by|de|la|le|di|del|du|des|der|die|das)\b"
_CAP = r"(?:[A-Z0-9][\w'’-]*(?:[.]{3}|[!?])?,?)"
_TITLE_WORDS = r"(" + _CAP + r"(?: (?:" + _CAP + r"|" + _SMALL + r"))*)"
_QUOTED = r"[\"“‘']([^\"“”‘’']{2,80})[\"”’']"
# "also known as X", "a.k.a. X", "(literally X)", "released in America as X and Y".
_NAMED_AS = re.compile(
    r"(?:\b(?:[Aa]lso|[Bb]etter|[Aa]lternately|[Aa]lternatively) known as|\ba\.k\.a\.|\baka\b"
    r"|\((?:literally|lit\.)"
    r"|\b(?:released|re-?released|reissued|retitled|distributed|exhibited|marketed|sold|shown|screened|sent"
    r"|circulated|televised)\b(?: [^.,;:()]{0,40}?)? as) (?:" + _QUOTED + r"|" + _TITLE_WORDS + r")"
)


def prose_titles(text: str) -> tuple[str | None, list[str]]:
    """(original title, alternate titles) stated in a review's opening paragraph."""
    text = text[:LINE_CAP]
    original, others = None, []
    m = _ORIGINAL.search(text)
    taken = range(m.start(), m.end()) if m else range(0)
    if m:
        original = m.group(1).strip(" \"'“”")
        if m.group(2):
            others.append(m.group(2).strip(" \"'“”"))
    for m in _AKA.finditer(text):
        value = m.group(1).strip(" \"'“”")
        if value not in others and value != original:
            others.append(value)
    for m in _NAMED_AS.finditer(text):
        if m.start(1 if m.group(1) else 2) in taken:
            continue  # the original title's own phrase ("Originally released as ...")
        for value in _named_titles(m.group(1) or m.group(2)):
            if value not in others and value != original:
                others.append(value)
    return original, others


def _named_titles(text: str) -> list[str]:
    """Titles in a phrase after "known as": "X and Y" gives two when Y is capitalised."""
    out = []
    for part in re.split(r" and (?=[A-Z])| or (?=[A-Z])", text):
        words = part.strip(" ,").split(" ")
        while words and (words[-1].lower() in _SMALL_WORDS or not words[-1]):
            words.pop()  # "Operation Fear in" loses its dangling small word
        title = " ".join(words).strip(" ,\"'“”")
        if len(title) >= 2 and title[0].isupper() or title[:1].isdigit():
            out.append(title)
    return out


# Where a review's prose ends: ratings blocks, comment threads, share bars, footers.
_END_MARKERS = re.compile(
    r"^(?:.{0,40} rates:?|DVD Savant's Ratings|Rating summary|Comments?|Leave a (?:Reply|Comment)|"
    r"Share this:?|Related(?: Posts| Reviews)?|Similar titles|Post navigation|Copyright|©|"
    r"\d+ (?:comments|responses)|Reviewed by .{2,40}$|Tech Specs & Release Details|Rating Breakdown)",
    re.I,
)


def body_paragraphs(lines: list[str], start: int | None, *, skip: set[int] | None = None) -> str | None:
    """The review prose from ``start`` to the first end marker, as Markdown paragraphs."""
    if start is None:
        return None
    paragraphs: list[str] = []
    current: list[str] = []
    for i in range(start, len(lines)):
        line = lines[i]
        if skip and i in skip:
            continue
        if line and _END_MARKERS.match(line[:200]) and i > start:
            break
        if not line:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        current.append(line)
    if current:
        paragraphs.append(" ".join(current))
    body = "\n\n".join(p for p in paragraphs if p)
    return body or None


_LABEL_NAME = re.compile(
    r"(?:^|[\s(])((?:[A-Z][\w!&.+-]{0,25}|\d{2,3}[A-Z]?\w{0,10})(?: [A-Z][\w!&.+-]{0,25}){0,3})['’]s"
    r" (?:new |recent |latest |)(?:4K |Ultra HD |UHD |HD |)(?:Blu-?ray|DVD|disc|release|presentation|edition|"
    r"transfer|remaster|restoration)"
)
KNOWN_LABELS = set(
    words(
        "criterion|the criterion collection|kino|kino lorber|klsc|kl studio classics|arrow|arrow video|"
        "arrow academy|twilight time|shout! factory|shout factory|scream factory|warner archive|"
        "warner archive collection|olive films|indicator|powerhouse|classicflix|flicker alley|severin|"
        "vinegar syndrome|blue underground|synapse|eureka|masters of cinema|imprint|umbrella|radiance|"
        "second sight|88 films|film masters|cohen|cohen media|milestone|vci|mvd|sandpiper|sony|universal|"
        "paramount|warner|warner bros.|mgm|fox|disney|lionsgate|a24|cinedigm|grindhouse releasing|code red|"
        "mill creek|the film detective|film detective|deaf crocodile|fun city editions|cult epics|"
        "mondo macabro|raro video|redemption|scorpion|intervision|network|bfi|studiocanal|tartan|anchor bay|"
        "elite|elite entertainment|image entertainment|madman|lions gate|magnolia|capelight|"
        "kino video|kino international|buena vista|criterion collection|shout! select|via vision|"
        "artificial eye|curzon|third window|fabulous films|nucleus|mediumrare|signal one|koch|"
        "explosive media|wicked vision|pidax|carlotta|gaumont|pathé|wild side|la rabbia|rimini|"
        "tartan video|united american video|anchor bay entertainment|columbia|tristar|hbo|criterion channel"
    )
)


def is_known_label(name: str | None) -> bool:
    """A home-video label from the list of known ones ("The Criterion Collection", "Kino Lorber")."""
    return bool(name) and re.sub(r"^the ", "", name.lower().strip()) in KNOWN_LABELS


def possessive_label(text: str | None) -> str | None:
    """A disc label named in prose: ``KLSC's Blu-ray presentation`` -> ``KLSC``.

    Only a known label or an all-capitals short name counts; "Cagney's release" does not.
    """
    if not text:
        return None
    for m in _LABEL_NAME.finditer(text[: LINE_CAP * 2]):
        name = m.group(1).strip()
        words = name.split()
        # Drop leading words of the sentence ("Robust audio enhance KLSC's" gives only KLSC).
        for k in range(len(words)):
            candidate = " ".join(words[k:])
            if candidate.lower() in KNOWN_LABELS or re.fullmatch(r"[A-Z]{2,6}", candidate):
                return candidate
    return None


def color_from_prose_lines(lines: list[str]) -> str | None:
    """The first colour statement found in a few lines of tagline or opening prose."""
    for line in lines:
        color = color_from_prose(line)
        if color:
            return color
    return None
