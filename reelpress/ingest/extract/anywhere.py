"""Facts found anywhere on a review page by their shape, whatever the site's layout.

Run after the labelled-line readers, to fill what they left empty. Each finder looks for a
shape every review page shares rather than a site's own wording: a ratio written ``N.NN:1``;
a score after an axis (``Movie: 4 stars out of 4``, ``The Film (4/5)``, ``DVD Rating: ****``,
``Video Grade: A-``); a year in the title's parentheses or tied to the film in the prose
("the 1958 Vertigo", "released in theaters in 1985"); a running time in minutes; a label named
on a line of its own or as the disc's maker in the prose ("this new Blu-ray from Synapse");
the disc format the headline, the URL and the prose agree on. Each returns the line it read,
so the record can show its evidence.
"""

from __future__ import annotations

import re
from collections import Counter

from .prose import KNOWN_LABELS, fold, is_prose, possessive_label
from .vocab import MONTH_RE, find_date, is_language_item, looks_like_name, parse_format

_SCAN = 400  # lines looked at; the facts of a review are in its opening
_THIS_YEAR = 2030

# --- aspect ratio ---------------------------------------------------------------------------
_RATIO = re.compile(
    r"(?<![\d.:])([12])\s?[.:]\s?(\d{2})(?:\s?:\s?1(?!\d)|(?=\s?(?:anamorphic|widescreen|ws)\b))", re.I
)
_FOUR_THREE = re.compile(r"\b(?:standard|full[- ]frame)?\s?\(?4:3\)?(?!\d)", re.I)


def aspect_ratio(lines: list[str]) -> tuple[str, str] | None:
    """The picture's ratio: the first ``N.NN:1`` (or ``1:33:1``) not said to be the original's."""
    for line in lines[:_SCAN]:
        if not line or re.search(r"\boriginal (?:aspect|ratio)\b|\bOAR\b", line, re.I):
            continue
        m = _RATIO.search(line[:2000])
        if m:
            return f"{m.group(1)}.{m.group(2)}:1", line
        if re.search(r"(?i)^(?:format|aspect ratio|video|picture)\s?:?\s.*\b4:3\b", line[:200]):
            return "1.33:1", line
    return None


# --- ratings --------------------------------------------------------------------------------
_STARS = r"[★☆*]{1,10}½?|\d(?:\.\d{1,2})?\s?stars?(?: out of \d{1,2})?"
_SCORE = (
    r"(?:" + _STARS + r"|\d{1,3}(?:\.\d{1,2})?\s?(?:/|out of|of)\s?\d{1,3}"
    r"|\[?Rating:\s?\d(?:\.\d)?/\d\]?)"
)
_GRADE = r"[A-F][+-]?"
_AXIS = r"[A-Z][\w'’]*(?: [\w'’/]+){0,3}?"
# "Movie: 4 stars out of 4", "DVD Rating: ****", "The Film (4/5)", "Overall [Rating:5/5]"
_RATED = re.compile(r"^(" + _AXIS + r")\s?(?::|-|–)?\s?\(?(" + _SCORE + r")\)?\.?$")
_GRADED = re.compile(r"^(" + _AXIS + r" (?:Grade|Rating|Score))\s?:\s?(" + _GRADE + r")$")
# Axes every disc site uses, for the plain numbers and grades ("Video: 5-", "Audio: A").
_KNOWN_AXES = re.compile(
    r"^(?:the )?(?:movie|film|program|feature|video|picture|audio|sound|extras|supplements|"
    r"bonus(?: features)?|overall|entertainment|disc|presentation|content|story|acting|score)"
    r"(?: quality| rating| grade| score)?$",
    re.I,
)
_PLAIN = re.compile(r"^(" + _AXIS + r")\s?:\s?(\d(?:\.\d{1,2})?[+-]?|" + _GRADE + r")$")
# Score glued to its axis: "Movie4.0 of 5", "WSR Score5".
_GLUED = re.compile(
    r"^([A-Z][\w ]{0,24}?(?:Score|Rating)|Movie|Video|Audio|Sound|Extras|Supplements|Overall)"
    r"(\d(?:\.\d{1,2})?(?: of \d)?)$"
)
_VALUE_ONLY = re.compile(r"^\[?Rating:\s?(\d(?:\.\d{1,2})?/\d{1,3})\]?$")
# "The Third Man: Criterion Program Rating: A+": an axis after the title.
_TAILED = re.compile(
    r":\s(?:[A-Z][\w]*\s)?((?:[A-Z][\w]*\s)?(?:Rating|Grade|Score))\s?:\s?(" + _GRADE + r"|" + _SCORE + r")$"
)
# "Disc Ratings (Video/Audio/Extras): A/A/A+"
_COMBINED = re.compile(
    r"^[\w ]{0,30}\(([\w ]+(?:/[\w ]+){1,4})\)\s?:\s?(" + _GRADE + r"(?:/" + _GRADE + r"){1,4})$"
)
_NOT_AXES = re.compile(r"(?i)\b(?:mpaa|rated|cert|certificate|classification|region|age|bbfc|parental)\b")


def ratings(lines: list[str]) -> tuple[dict[str, str], str] | None:
    """Scores on named axes, wherever they stand; plain numbers count only on known axes."""
    found: dict[str, str] = {}
    first = ""
    previous = ""
    for line in lines[:_SCAN]:
        if not line:
            continue
        above, previous = previous, line
        if len(line) > 80 or _NOT_AXES.search(line.split(":")[0]):
            continue
        line = re.sub(r"\s+", " ", re.sub(r"^[-•]\s?|^\*\s", "", line.strip()))
        m = _VALUE_ONLY.match(line)
        if m and above and len(above) <= 40 and above[:1].isupper() and ":" not in above:
            found.setdefault(above.strip(), m.group(1))
            first = first or line
            continue
        m = _TAILED.search(line)
        if m:
            found.setdefault(m.group(1), m.group(2))
            first = first or line
            continue
        m = _COMBINED.match(line)
        if m:
            axes, grades = m.group(1).split("/"), m.group(2).split("/")
            if len(axes) == len(grades):
                found.update({a.strip(): g for a, g in zip(axes, grades)})
                first = first or line
            continue
        m = _RATED.match(line) or _GRADED.match(line) or _GLUED.match(line)
        if not m:
            m = _PLAIN.match(line)
            if not (m and _KNOWN_AXES.match(m.group(1))):
                continue
        axis, value = m.group(1).strip(" :-"), m.group(2).strip()
        value = re.sub(r"^\[?Rating:\s?|\]$", "", value)
        if re.search(r"\d", axis) or not _plausible(value):
            continue
        if len(axis.split()) > 4 or axis.lower() in ("rating",) and not re.search(r"[*★/]|stars?", value):
            if axis.lower() != "rating":
                continue
        if axis not in found:
            found[axis] = value
            first = first or line
    return (found, first) if found else None


def _plausible(value: str) -> bool:
    """A fraction's top is not above its bottom, and its bottom is a scale (4, 5, 10, 100)."""
    m = re.match(r"(\d+(?:\.\d+)?)\s?(?:/|out of|of)\s?(\d+)$", value)
    if not m:
        return True
    top, bottom = float(m.group(1)), int(m.group(2))
    return bottom in (4, 5, 10, 20, 100) and top <= bottom


# --- year -----------------------------------------------------------------------------------
_Y = r"(1[89]\d\d|20[0-3]\d)"
_TITLE_YEAR = re.compile(r"[(\[]\s?" + _Y + r"\s?(?:[/–-]\s?(?:1[89]|20)?\d\d\s?)?[)\]]")
_FACT_YEAR = re.compile(r"(?:^|[/|,;]\s?|\.\s)" + _Y + r"\s?(?=[/|,;]|\.(?:\s|$)|$)")
_PROSE_YEAR = re.compile(
    r"\b(?:the|his|her|their|[A-Z][a-z]+['’]s)\s" + _Y + r"\s(?:[a-z-]+\s){0,2}?"
    r"(?:film|movie|feature|classic|biopic|picture|thriller|western|musical|comedy|drama|original|version|epic)\b"
    r"|\b(?:released|premiered|opened|came out)\b[^.]{0,40}?\bin\s(?:[A-Z][a-z]+\s)?"
    + _Y
    + r"|\b(?:cinemas|theaters|theatres)\b[^.]{0,20}?\b(?:in\s)?"
    + _Y
    + r"|\b"
    + _Y
    + r"\s(?:[A-Z][a-z]+\s)?(?:premiere|release)\b"
    + r"|\b(?:silent|classic)\s"
    + _Y
    + r"\s(?:film|movie)\b"
)


_YEAR_BEFORE = re.compile(r"\b" + _Y + r"\s$")
_ANY_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_FACT_MARKS = re.compile(
    r"(?i)\b\d{2,3}\s?(?:min|mins|minutes)\b|\b[12][.:]\d\d:1\b|\baspect ratio\b|\bdolby\b|\bdts\b|"
    r"\brated (?:g|pg|pg-13|r|nc-17)\b|\bnot rated\b|\bunrated\b|\bmono\b|\bwidescreen\b"
)


def year(lines: list[str], title: str | None) -> tuple[int, str] | None:
    """The film's year: beside the title in parentheses, in a facts line, or tied to the film in prose."""
    votes: Counter = Counter()
    where: dict[int, str] = {}
    key = fold(title) if title else ""
    previous = ""
    for n, line in enumerate(lines[:_SCAN]):
        if not line:
            continue
        above, previous = previous, line
        text = line[:2000]
        if re.fullmatch(r"\(?" + _Y + r"\)?", line.strip()) and key and fold(above) == key:
            _vote(votes, where, int(re.search(_Y, line).group(1)), 3, line)  # the year under the title
            continue
        pieces = re.split(r"\s?[;|]\s?", text[:400])
        facty = len(_FACT_MARKS.findall(text[:600])) >= 2 or bool(parse_format(pieces[0]))
        if len(pieces) >= 2 and any(re.fullmatch(_Y, p.strip()) for p in pieces) and len(text) < 400:
            company = any(_known(p) or re.search(_COMPANY + r"$", p.strip()) for p in pieces)
            if company or facty:
                year_piece = next(p for p in pieces if re.fullmatch(_Y, p.strip()))
                _vote(votes, where, int(year_piece), 2, line)  # "Universal Studios | 1982"
                continue
        if facty and is_prose(line):
            for m in re.finditer(r"(?:^|\.\s)" + _Y + r"\.(?:\s|$)", text[:600]):
                _vote(votes, where, int(m.group(1)), 2, line)  # "128 minutes. 1958. Universal ..."
        m = re.match(r"^" + _Y + r"\s\(" + _Y + r"\)", text)
        if m:
            _vote(votes, where, int(m.group(1)), 3, line)  # "1949 (1999) - ...": the film's, then the disc's
            continue
        if not is_prose(line) and len(line) < 250:
            m = _TITLE_YEAR.search(text)
            if m and (not key or key in fold(text[: m.start()]) or n < 15):
                _vote(votes, where, int(m.group(1)), 3 if key and key in fold(text) else 2, line)
                continue
            if re.search(r"(?i)\b(?:manufacture|copyright|©|release date|street|posted|reviewed)\b", text):
                continue
            if re.search(
                r"(?i)\b(?:\d{2,3}\s?(?:min|mins|minutes|m)\b|colou?r|b&w|black and white|\d[.:]\d\d)", text
            ):
                for m in _FACT_YEAR.finditer(text):
                    _vote(votes, where, int(m.group(1)), 2, line)
            continue
        for m in _PROSE_YEAR.finditer(text) if _ANY_YEAR.search(text) else ():
            value = next(g for g in m.groups() if g)
            _vote(votes, where, int(value), 1, line)
        if key and len(key) > 2:
            at = text.find(title or "\0")
            m = _YEAR_BEFORE.search(text, max(0, at - 6), at) if at > 0 else None  # "the 1958 Vertigo"
            if m:
                _vote(votes, where, int(m.group(1)), 1, line)
    if not votes:
        return None
    (best, n), *rest = votes.most_common(2) + [(None, 0)]
    if rest and rest[0][1] == n:
        return None  # two years with the same support: no decision
    return best, where[best]


def _vote(votes: Counter, where: dict, value: int, weight: int, line: str) -> None:
    if 1888 <= value <= _THIS_YEAR:
        votes[value] += weight
        where.setdefault(value, line)


# --- street date ----------------------------------------------------------------------------
_FACT_SEPARATORS = re.compile(r"\s(?://|\|)\s")


def street_date(lines: list[str]) -> tuple[str, str] | None:
    """The disc's date in a facts line of the shape ``Label // Rating // Date`` (three pieces or
    more, none a byline), or in brackets after the label (``Studio: X 16990 [11/13/12]``)."""
    for line in lines[:60]:
        if not line or len(line) > 200 or is_prose(line):
            continue
        pieces = _FACT_SEPARATORS.split(line)
        if len(pieces) >= 3 and not re.search(r"(?i)\b(?:review|posted|by|updated)\b", line):
            for piece in pieces:
                found = find_date(piece)
                if found and re.fullmatch(r"[\w ,.]{6,30}", piece.strip()):
                    return found, line
        m = re.match(r"(?i)^(?:studio|label|distributor|company)\s?:.*\[(\d{1,2}/\d{1,2}/\d{2,4})\]", line)
        if m:
            found = _numeric_date(m.group(1))
            if found:
                return found, line
    return None


# --- running time ---------------------------------------------------------------------------
_RUNTIME_LABEL = re.compile(
    r"(?i)^(?:running time|run time|runtime|length|duration|minutes|time)\s?[:-]?\s?"
    r"(\d{1,3}(?::\d\d){0,2}\b.*)$"
)
# "2002/121 mins/Color" counts; "98/88 mins." (two versions) does not.
_MINUTES = re.compile(r"(?i)(?<!\d)(\d{2,3})\s?(?:minutes|mins?\.?|m\.|m(?=/))(?!\w)")
_HOURS = re.compile(r"(?i)\b(\d)\s?(?:h|hr|hrs|hours?)\.?\s?(\d{1,2})\s?(?:m|min|mins|minutes)\b")


def runtime(lines: list[str]) -> tuple[int, str] | None:
    """The feature's running time in minutes: a labelled time, hours and minutes, or N minutes in a
    facts line or the prose ("a long movie (227 minutes)"); two versions' times give none."""
    for line in lines[:_SCAN]:
        if not line:
            continue
        m = _RUNTIME_LABEL.match(line[:120])
        if m:
            value = m.group(1)
            clock = re.match(r"(\d{1,3}):(\d\d)(?::(\d\d))?", value)
            if clock:
                minutes = (
                    int(clock.group(1)) * 60 + int(clock.group(2)) if clock.group(3) else int(clock.group(1))
                )
            else:
                minutes = int(re.match(r"\d+", value).group(0))
            if 40 <= minutes <= 600:
                return minutes, line
        m = _HOURS.search(line[:300])
        if m and not is_prose(line):
            return int(m.group(1)) * 60 + int(m.group(2)), line
    for line in lines[:_SCAN]:
        if not line or re.search(r"(?<!\d)\d{2,3}/\d{2,3}\s?min", line):
            continue
        text = line[:2000]
        for m in _MINUTES.finditer(text):
            before = text[max(0, m.start() - 60) : m.start()].lower()
            if re.search(r"(?<!\d)\d{2,3}\s?/\s?$", before):
                continue  # "98/88 mins.": two versions' times, neither the film's
            if re.search(
                r"featurette|documentary|interview|commentary|extra|bonus|short|trailer|episode|clip", before
            ):
                continue
            minutes = int(m.group(1))
            if 40 <= minutes <= 600:
                return minutes, line
    return None


# --- colour ---------------------------------------------------------------------------------
_BW = re.compile(r"(?i)\b(?:b&w|black(?:[ -]and[ -]|\s?&\s?)white)\b")
_BW_PROSE = re.compile(
    r"(?i)\b(?:is|in|was shot in|shot in|presented in|filmed in)\s(?:glorious\s|gorgeous\s|crisp\s)?"
    r"black(?:[ -]and[ -]|\s?&\s?)white\b|\bmovie is black and white\b"
)


def color(lines: list[str]) -> tuple[str, str] | None:
    """Black and white from a facts line or a plain statement; colour from a facts line."""
    for line in lines[:_SCAN]:
        if not line:
            continue
        if not is_prose(line) and len(line) < 250:
            if _BW.search(line) and re.search(r"(?i)information|video|format|/|\||,", line):
                return "b&w", line
            if re.search(r"(?:^|[/|,]\s?)Colou?r\s?(?:[/|,]|$)", line):
                return "color", line
        elif _BW_PROSE.search(line[:3000]):
            return "b&w", line
    return None


# --- label ----------------------------------------------------------------------------------
_COMPANY = (
    r"(?:Home (?:Entertainment|Video)|Entertainment|Video|Films|Pictures|Studios?|Collection|Classics"
    r"|Releasing|Media|Distribution|Cinema)"
)
_LABEL_LINE = re.compile(r"^((?:[A-Z][\w!&.'’/-]*\s){1,4}" + _COMPANY + r")(?:\s?[,(].{0,40})?$")
_SEGMENTS = re.compile(r"\s(?:\||//|/)\s")
_FROM_LABEL = re.compile(
    r"\b(?:new |recent |latest |this |the |a |an )?(?:(?:4K|UHD|Ultra HD|HD)\s)?"
    r"(?:Blu-?ray|DVD|disc|release|edition|set|restoration|home video|video)"
    r"\s(?:release\s)?(?:from|by|courtesy of)\s((?:the\s)?[A-Z][\w!&.'’-]*(?:\s[A-Z][\w!&.'’-]*){0,3})"
)
_LABEL_RELEASED = re.compile(
    r"\b((?:[A-Z][\w!&.'’-]*\s){0,2}[A-Z][\w!&.'’-]*) (?:has )?(?:released|re-released|issued)\b"
)
_FROM_THE = re.compile(r"\bfrom the ((?:[A-Z][\w!&.'’-]*\s){1,3})(?:4K |UHD )?(?:Blu-?ray|DVD)\b")
_PRICE_PAREN = re.compile(r"\(((?:[A-Z][\w!&.'’-]*\s){0,3}[A-Z][\w!&.'’-]*),\s?\$\d")
# "Nice to see Disney DVD do it right": a known label with the format after it.
_KNOWN_FORMAT = re.compile(
    r"\b((?:[A-Z][\w!&.'’-]*\s){0,2}[A-Z][\w!&.'’-]*)\s(DVD|Blu-ray)\b(?!\s(?:from|of)\b)"
)
_KNOWN_START = re.compile(
    r"^(?:"
    + "|".join(re.escape(k) for k in sorted(KNOWN_LABELS, key=len, reverse=True) if len(k) > 3)
    + r")\s"
)


def _known(name: str) -> bool:
    """A label from the list of known home-video labels, alone or with words after it."""
    low = re.sub(r"^the ", "", name.lower().strip())
    return low in KNOWN_LABELS or bool(_KNOWN_START.match(low))


_PIECES = re.compile(r"\s(?:\||//|/|–|—|-)\s|\.\s|^Format:\s?(?:[\w+ -]+)\s-\s")
_MADE_BY = re.compile(r"(?i)^(?:released|distributed|issued)\s(?:by|through)\s?:?\s?(.*)$")
_SUBJECT = re.compile(
    r"(?:^|[.!?]\s)((?:[A-Z][\w!&.'’-]*\s){0,2}[A-Z][\w!&.'’-]*)\s"
    r"(?:did|has|have|does|delivers|gives|presents|brings|offers|is releasing|has released)\b"
)


def _company(piece: str, title_key: str, names: set[str]) -> str | None:
    """A piece of a line that names a company and nothing else."""
    inner = re.search(r"\(([^()]{2,40})\)", piece)
    if inner and _known(inner.group(1)):
        return inner.group(1).strip()  # "Rialto Pictures (Criterion)": the disc's label in parentheses
    piece = re.sub(r"^[(\[]|[)\]]$|,\s?[$£€]\s?\d.*$", "", piece.strip()).strip()
    piece = re.sub(r"\s(?:#\s?)?\d{2,6}(?:\s.*)?$", "", piece).strip(" .,")  # a catalogue number or year
    piece = re.sub(r"\s(?:4K Ultra HD|4K UHD|Blu-?ray|DVD)\s?:$", "", piece, flags=re.I)
    piece = re.sub(r"\s?(?:\||//|/)$", "", piece).strip()
    if not piece or len(piece) > 60 or fold(piece) == title_key or fold(piece) in names:
        return None
    if re.search(r"(?i)\b(?:review|reviews|presents|magazine|society|network|theatrical tour)\b", piece):
        return None
    m = _LABEL_LINE.match(piece)
    if m:
        return m.group(1)
    return piece if _known(piece) else None


def label(lines: list[str], title: str | None, names: set[str]) -> tuple[str, str] | None:
    """The disc's label: a company named on its own in a line (or a piece of one) near the top,
    "Released by", or the maker the prose names."""
    title_key = fold(title) if title else ""
    for n, line in enumerate(lines[:60]):
        if not line or len(line) > 400:
            continue
        m = _MADE_BY.match(line)
        if m:
            value = m.group(1) or next((x for x in lines[n + 1 : n + 3] if x), "")
            found = _company(value, title_key, names)
            if found:
                return found, line
            continue
        m = re.search(r"(?i)(?:^|\|\s)(?:series|collection|imprint)\s?:\s?([^|]{2,60}?)\s?(?:\||$)", line)
        if m and _known(m.group(1)):
            return m.group(1).strip(), line
        if re.search(r"\|\s?(?:Yes|No)\b", line):
            continue  # a spec table's yes/no row ("Jacket Pictures | No")
        pieces = [_SEGMENTS.split(line)[0]] if len(line) <= 70 and not is_prose(line) else []
        pieces += [p for p in _PIECES.split(line) if p and p != line]
        for piece in pieces:
            found = _company(piece, title_key, names)
            if found:
                return found, line
    for line in lines[:_SCAN]:
        if not line:
            continue
        text = line[:3000]
        possessive = possessive_label(text)
        if possessive and fold(possessive) != title_key and fold(possessive) not in names:
            return possessive, line
        for pattern in (_FROM_LABEL, _FROM_THE, _PRICE_PAREN, _SUBJECT, _LABEL_RELEASED, _KNOWN_FORMAT):
            for m in pattern.finditer(text):
                name = re.sub(r"['’]s$", "", m.group(1).strip(" .,"))
                name = re.sub(r"\s(?:is|has|on|in|and|with)$", "", name)
                if fold(name) == title_key or fold(name) in names or not name:
                    continue
                if pattern is _KNOWN_FORMAT:
                    if _known(name):
                        return f"{name} {m.group(2)}", line  # "Disney DVD", as the critic names the maker
                    continue
                if (
                    _known(name)
                    or re.search(_COMPANY + r"$", name)
                    and pattern not in (_LABEL_RELEASED, _SUBJECT)
                ):
                    return name, line
    return None


# --- disc format ----------------------------------------------------------------------------
_FORMAT_MENTION = re.compile(
    r"\b((?i:this|the|new|on|an?|its|their|full)|[A-Z][\w!&.-]+['’]s)\s(?:new\s|recent\s|[\w-]+\s)?"
    r"((?i:4K Ultra HD(?: Blu-?ray)?|4K UHD(?: Blu-?ray)?|Ultra HD Blu-?ray|Blu-?ray|DVD))"
    r"(?:\s(?:release|disc|edition|set|version|transfer|presentation))?\b",
)
_FORMAT_FROM = re.compile(
    r"\b((?i:4K UHD|4K Ultra HD|Blu-?ray|DVD))\s(?:release\s|disc\s|edition\s)?from\s[A-Z]"
)
_FROM_THE_FORMAT = re.compile(r"\bfrom the (?:[A-Z][\w!&.'’-]*\s){1,3}((?:4K |UHD )?(?:Blu-?ray|DVD))\b")
_HEAD_FORMAT = re.compile(
    r"(?i)(?:\b(?:on|to)\s|\s)(4K Ultra HD|4K UHD|Blu-?ray|DVD)(?:\s(?:disc\s)?review)?$|"
    r"\b(?:on|to) (4K UHD|4K Ultra HD|Blu-?ray|DVD)\b"
)


def disc_format(lines: list[str], url: str | None, headline: str | None) -> tuple[str, str] | None:
    """The format the headline states, else the one the URL and the prose agree on."""
    for line in lines[:80]:
        # A facts row led by the format: "Blu-ray | MSRP | Series: ...", "DVD / 1999 / ...".
        first = re.split(r"\s(?:\||/|//)\s", line, maxsplit=1) if line and len(line) < 300 else []
        if len(first) == 2 and parse_format(first[0]):
            return parse_format(first[0]), line
    for text in (headline, *[x for x in lines[:12] if x and len(x) < 300]):
        if not text:
            continue
        if find_date(text) and text is not headline:
            continue  # a post's date and category line ("August 29, 2017 | Blu-ray/DVD")
        parts = re.findall(r"[(\[]([^()\[\]]{2,40})[)\]]", text)
        if not is_prose(text):
            pieces = re.split(r"\s[-–—|:]\s|;\s?", text)
            parts += pieces + [p for piece in pieces for p in piece.split(", ")]
        for part in parts:
            fmt = parse_format(re.sub(r"(?i)\s?(?:review|disc)$", "", part.strip()))
            if fmt:
                return fmt, text
        if is_prose(text) or re.search(r"(?i)blu-?ray\W+dvd\W+review", text):
            continue
        m = re.search(
            r"(?i)(?<![\w-])(4K UHD Blu-?ray|4K Ultra HD|4K UHD|Blu-?ray|DVD)(?:\sdisc)?\s(?:review\b|:$)",
            text,
        )
        if m:
            return parse_format(m.group(1)) or "Blu-ray", text
        m = _HEAD_FORMAT.search(text)
        if m:
            return parse_format(m.group(1) or m.group(2)) or "Blu-ray", text
    votes: Counter = Counter()
    where: dict[str, str] = {}
    for text in lines[:8]:
        # A headline naming two formats ("Blu-ray DVD Review") is a vote for each, not a decision.
        if text and not is_prose(text) and re.search(r"(?i)blu-?ray\W+dvd\W+review", text):
            votes.update(["Blu-ray", "DVD"])
            where.setdefault("Blu-ray", text)
            where.setdefault("DVD", text)
            break
    slug = re.split(r"[?#]", url or "")[0].rstrip("/").rsplit("/", 1)[-1]
    if slug:
        m = re.search(r"(?i)(?:^|[-_])(4k[-_]uhd|blu[-_]?ray|dvd)(?:[-_.]|$)", slug)
        if m:
            fmt = parse_format(m.group(1).replace("_", "-").replace("4k-uhd", "4K UHD"))
            if fmt:
                votes[fmt] += 2
                where[fmt] = url or ""
    for line in lines[:_SCAN]:
        if not line or not is_prose(line):
            continue
        for m in _FORMAT_MENTION.finditer(line[:3000]):
            fmt = parse_format(m.group(2))
            if fmt:
                votes[fmt] += 2 if m.group(1).lower() in ("this", "new", "full") else 1
                where.setdefault(fmt, line)
        for m in _FORMAT_FROM.finditer(line[:3000]):
            fmt = parse_format(m.group(1))
            if fmt:
                votes[fmt] += 2  # "a gorgeous DVD from Universal": the disc and its maker
                where.setdefault(fmt, line)
        for m in _FROM_THE_FORMAT.finditer(line[:3000]):
            fmt = parse_format(m.group(1))
            if fmt:
                votes[fmt] += 2
                where.setdefault(fmt, line)
    if not votes:
        return None
    ranked = votes.most_common()
    best, n = ranked[0]
    runner = ranked[1][1] if len(ranked) > 1 else 0
    if n >= 2 and n >= 2 * runner:
        return best, where[best]
    return None


# --- byline ---------------------------------------------------------------------------------
_REVIEWED_BY = re.compile(
    r"^(?:[\w-]+\s){0,2}?(?:review(?:ed)?|written|posted)\s(?:by|By|BY):?\s?(?:[-–—]\s)?"
    r"([A-Z][\w.'’-]+(?:\s[A-Z][\w.'’-]+){1,3})\b"
)
_DASH_BY = re.compile(r"\s[–—-]\s[Bb]y:?\s([A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){1,3})$")
_DASH_NAME = re.compile(r"^[—–-]\s?([A-Z][\w.'’-]+(?:\s[A-Z][\w.'’-]+){1,2})$")
_NAME_REVIEWS = re.compile(r"\b([A-Z][\w.'’-]+\s[A-Z][\w.'’-]+) reviews$")
_DATED_BY = re.compile(r"^Reviewed\s(.{6,30}?)\sby\s([A-Z][\w.'’-]+(?:\s[A-Z][\w.'’-]+){1,2})$")


def reviewer(lines: list[str]) -> tuple[str, str] | None:
    """The critic: "Reviewed by X", "Review By: X", "Reviewer - X", a signature "—X"."""
    for line in lines[:80]:
        if not line or len(line) > 120:
            continue
        for pattern in (_DATED_BY, _REVIEWED_BY, _DASH_NAME, _NAME_REVIEWS, _DASH_BY):
            m = pattern.search(line)
            if m:
                name = m.groups()[-1].strip()
                if looks_like_name(name):
                    return name, line
        m = re.match(r"(?i)^reviewer\s?[:-]\s?([A-Z][\w.'’ -]{3,40})$", line)
        if m and looks_like_name(m.group(1).strip()):
            return m.group(1).strip(), line
    return None


# --- review date ----------------------------------------------------------------------------
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s)?"
_DATE_ALONE = re.compile(
    r"^" + _WEEKDAY + r"(?:" + MONTH_RE + r"|\d{1,2}(?:st|nd|rd|th)?\s" + MONTH_RE + r")[^|]{0,20}?\d{4}"
    r"(?:\s(?:by|\|).*)?$",
    re.I,
)
_ADDED = re.compile(
    r"(?i)^(?:review (?:added|posted|date)|reviewed|posted|updated|date posted)\s?:?\s?(.{6,60})$"
)
_BY_PIPE = re.compile(r"(?i)^by\b[^|]{0,40}\|\s?([^|]{6,30}?)\s?(?:\||$)")


def review_date(lines: list[str], other_dates: tuple = ()) -> tuple[str, str] | None:
    """The date the review carries: a date standing alone (or before "by") near the top, or a
    "review added:"/"Updated:" line; never a release or theatrical date."""
    for line in lines[:40]:
        if not line or len(line) > 90 or re.search(r"(?i)release|street|theatrical|premiere|date:", line):
            continue
        m = _ADDED.match(line) or _BY_PIPE.match(line)
        text = m.group(1) if m else line if _DATE_ALONE.match(line) else None
        if not text:
            continue
        found = find_date(text) or _numeric_date(text)
        if found and int(found[:4]) >= 1995 and found not in other_dates:
            return found, line
    return None


def _numeric_date(text: str) -> str | None:
    """``11/24/99`` and ``08-29-2012`` (month first, as US sites print them)."""
    m = re.search(r"\b(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})\b", text)
    if not m:
        return None
    month, day, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    year = year + (1900 if year >= 50 else 2000) if year < 100 else year
    if 1 <= month <= 12 and 1 <= day <= 31:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


# --- cast as "Actor as Role" lines ---------------------------------------------------------
_AS_ROLE = re.compile(r"^([A-Z][\w.'’-]+(?:\s[A-Z][\w.'’-]+){1,3})\sas\s([A-Z0-9\"“].{0,60})$")


def cast_as_roles(lines: list[str]) -> tuple[list[str], dict[str, str], str] | None:
    """Three or more lines in a row of "Actor as Role": the cast in billing order, with characters."""
    run: list[tuple[str, str]] = []
    start = ""
    for line in [x for x in lines[:_SCAN] if x] + ["."]:
        m = _AS_ROLE.match(line) if len(line) < 120 else None
        if m and looks_like_name(m.group(1)):
            start = start or line
            run.append((m.group(1), m.group(2).strip(" .")))
            continue
        if len(run) >= 3:
            return [a for a, _ in run], dict(run), start
        run, start = [], ""
    return None


# --- thanks and copyright -----------------------------------------------------------------
_THANKS = re.compile(r"(?i)^(?:(?:special |many |our )?thanks|with thanks|thank you) to\s.{3,300}$")
_COPYRIGHT_LINE = re.compile(r"(?i)(?:©|\(c\)|copyright)\s?.{0,80}\b(?:1[89]|20)\d\d\b")


def thanks(lines: list[str]) -> tuple[str, str] | None:
    """The critic's thanks to a correspondent: a line "Thanks to ...", the last one on the page."""
    found = None
    for line in lines[-200:]:
        if line and len(line) <= 300 and _THANKS.match(line):
            found = (line, line)
    return found


def copyright_line(lines: list[str]) -> tuple[str, str] | None:
    """The review's copyright line, near the end: "Text © Copyright 2019 Glenn Erickson"."""
    found = None
    for line in lines[-60:]:
        if line and len(line) <= 160 and _COPYRIGHT_LINE.search(line) and not is_prose(line):
            found = (line, line)
    return found


# --- original title -----------------------------------------------------------------------
_AKA = r"\((?:a\.k\.a\.|aka|also known as|original title:?|orig\. title:?)\s([^()]{2,80})\)"


_AFTER_TITLE = re.compile(r"\s" + _AKA, re.I)
_AKA_WORDS = re.compile(r"(?i)\(\s?(?:a\.?k\.?a|also known|orig)")


def original_title(lines: list[str], title: str | None) -> tuple[str, str] | None:
    """ "Godzilla (a.k.a. Gojira)": the other name the page gives the film, right after its title."""
    if not title:
        return None
    for line in lines[:_SCAN]:
        if not line or not _AKA_WORDS.search(line[:3000]):
            continue
        text = line[:3000]
        at = text.lower().find(title.lower())
        m = _AFTER_TITLE.match(text, at + len(title)) if at >= 0 else None
        if m and fold(m.group(1)) != fold(title):
            return m.group(1).strip(' .,"“”'), line
    return None


# --- subtitles and packaging ------------------------------------------------------------------
_SUBTITLED = re.compile(r"^((?:[A-Z][a-z]+)(?:(?:,\s|\s(?:and|&)\s)[A-Z][a-z]+)*)\s(?:subtitles|subs)\.?$")
_PACKAGING = re.compile(
    r"(?i)\b((?:[a-z0-9-]+\s){0,3}(?:packaging|keep ?case|keepcase|steelbook|digipak|digipack|slipcover))\b"
)
_NOT_PACKAGING = {
    "in",
    "the",
    "a",
    "an",
    "with",
    "its",
    "and",
    "of",
    "on",
    "this",
    "their",
    "new",
    "nice",
    "comes",
}


def subtitles(lines: list[str]) -> tuple[list[str], str] | None:
    """Subtitles named in a line of their own, as list items print them: "English subtitles"."""
    for line in lines[:_SCAN]:
        m = _SUBTITLED.match(line.strip(" .•-*")) if line and len(line) < 80 else None
        if m:
            names = re.split(r",\s|\s(?:and|&)\s", m.group(1))
            if all(is_language_item(n) for n in names):
                return names, line
    return None


_PACKAGING_WORD = re.compile(r"(?i)packag|keep ?case|keepcase|steelbook|digipa|slipcover")


def packaging(lines: list[str]) -> tuple[str, str] | None:
    """The packaging in a spec list or the prose: "Amaray keep case packaging", "steel packaging"."""
    for line in lines[:_SCAN]:
        if not line or not _PACKAGING_WORD.search(line[:3000]):
            continue
        m = _PACKAGING.search(line[:3000])
        if not m:
            continue
        words = m.group(1).split()
        # "on the packaging": the words before the last little word are not the packaging's.
        stops = [n for n, w in enumerate(words) if w.lower() in _NOT_PACKAGING]
        if stops:
            words = words[stops[-1] + 1 :]
        if len(words) >= 2:
            return " ".join(words), line
    return None


# --- cast as "Role: Actor" lines under a cast heading ---------------------------------------
_CAST_HEADING = re.compile(r"(?i)^(?:the )?(?:cast|starring|cast list)\s?:?$")
_ROLE_ACTOR = re.compile(r"^(.{1,60}?):\s([A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){1,3})$")


def cast_under_heading(lines: list[str]) -> tuple[list[str], dict[str, str], str] | None:
    """A "Cast :" heading over "Character: Actor" lines: the actors in order, with their parts."""
    for n, line in enumerate(lines[:_SCAN]):
        if not line or not _CAST_HEADING.match(line):
            continue
        actors: dict[str, str] = {}
        for below in [x for x in lines[n + 1 : n + 60] if x][:40]:
            m = _ROLE_ACTOR.match(below)
            if not (m and looks_like_name(m.group(2))):
                break
            actors.setdefault(m.group(2), m.group(1).strip())
        if len(actors) >= 2:
            return list(actors), actors, line
    return None
