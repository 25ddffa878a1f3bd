"""The vocabulary of review pages, and the small parsers every layout shares.

Role names and the record field each one feeds, disc formats, rating words, verdict tiers,
month names; parsers for dates (to ``YYYY-MM-DD``), aspect ratios (to ``W.HH:1``), running
times, colour words and lists of names.

Every regex here is anchored on literal text or uses single, non-nested quantifiers, so it
runs in time linear in its input; callers also cap the length of what they pass
(:data:`LINE_CAP`), because a page may hold one multi-megabyte line.
"""

from __future__ import annotations

import re

# The longest stretch of one line that any field regex looks at.
LINE_CAP = 2000


def words(text: str) -> list[str]:
    """A vocabulary list written compactly: ``"a|b c|d"`` -> ``["a", "b c", "d"]``."""
    return text.split("|")


MONTHS = {name: n for n, name in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_MONTH = (
    r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
MONTH_RE = "(?:" + _MONTH[1:]  # the same, without a capturing group, for other modules
# "Feb 27, 2024", "February 13th, 2024", "Sept. 5 2023"
_DATE_MDY = re.compile(_MONTH + r"\.?\s{1,3}(\d{1,2})(?:st|nd|rd|th)?,?\s{1,3}(\d{4})\b", re.I)
# "27 February 2024", "27th Feb. 2024"
_DATE_DMY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s{1,3}" + _MONTH + r"\.?,?\s{1,3}(\d{4})\b", re.I)
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
# US numeric dates, "01/16/2024" (a day above 12 in front means day-first).
_DATE_NUM = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")


def _ymd(year: int, month: int, day: int) -> str | None:
    if not (1880 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def find_date(text: str | None) -> str | None:
    """The first calendar date in ``text`` as ``YYYY-MM-DD``, or None."""
    if not text:
        return None
    text = text[:LINE_CAP]
    found: list[tuple[int, str]] = []
    for m in _DATE_MDY.finditer(text):
        value = _ymd(int(m.group(3)), MONTHS[m.group(1)[:3].lower()], int(m.group(2)))
        if value:
            found.append((m.start(), value))
            break
    for m in _DATE_DMY.finditer(text):
        value = _ymd(int(m.group(3)), MONTHS[m.group(2)[:3].lower()], int(m.group(1)))
        if value:
            found.append((m.start(), value))
            break
    for m in _DATE_ISO.finditer(text):
        value = _ymd(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if value:
            found.append((m.start(), value))
            break
    for m in _DATE_NUM.finditer(text):
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        value = _ymd(year, b, a) if a > 12 else _ymd(year, a, b)
        if value:
            found.append((m.start(), value))
            break
    return min(found)[1] if found else None


def is_date_line(text: str) -> bool:
    """True when the line is a date and (almost) nothing else."""
    text = text.strip()
    if not text or len(text) > 40:
        return False
    m = _DATE_MDY.search(text) or _DATE_DMY.search(text) or _DATE_ISO.search(text) or _DATE_NUM.search(text)
    if not m:
        return False
    rest = (text[: m.start()] + text[m.end() :]).strip(" .,-|()")
    return len(rest) <= 12 and not re.search(r"[a-z]{4}", rest)


# --- aspect ratio -----------------------------------------------------------------------

# "1:85", "1.85:1", "2:35", "2.35"; the lookbehind keeps "16:9" from reading as "6:9".
_ASPECT = re.compile(r"(?<![\d.:])([12])\s?[.:]\s?(\d{2})\d?(?!\d)")
_ASPECT_ONE_DECIMAL = re.compile(r"(?<![\d.:])([12])\.(\d)\s?:\s?1(?!\d)")
ASPECT_WORDS = re.compile(
    r"widescreen|academy|anamorphic|\bflat\b|letterbox|full.?frame|scope\b|\bWS\b", re.I
)


def normalize_aspect(text: str | None) -> str | None:
    """``"1:85 widescreen"`` -> ``"1.85:1"``; ``"2.35"`` -> ``"2.35:1"``; None when absent."""
    if not text:
        return None
    text = text[:LINE_CAP]
    m = _ASPECT.search(text)
    if m:
        return f"{m.group(1)}.{m.group(2)}:1"
    m = _ASPECT_ONE_DECIMAL.search(text)
    if m:
        return f"{m.group(1)}.{m.group(2)}0:1"
    return None


def looks_like_aspect(text: str) -> bool:
    """True for a slash-line field that states the picture shape, not a price or a number."""
    text = text[:200]
    if re.search(r"\$|\d{2,}\.\d", text):
        return False
    return bool(ASPECT_WORDS.search(text) or re.search(r"(?<![\d.:])[12]\s?[.:]\s?\d{2}", text))


# --- running time -----------------------------------------------------------------------

_HOURS = re.compile(r"\b(\d)\s?(?:h|hr|hrs|hours?)\.?,?\s{0,2}(\d{1,2})\s?(?:m|min|mins|minutes?)?\b", re.I)
_MINUTES = re.compile(r"\b(\d{1,3})\s?(?:minutes?|mins?|m)\b\.?", re.I)
_CLOCK = re.compile(r"\b(\d):(\d{2}):(\d{2})\b")


def parse_runtime(text: str | None) -> int | None:
    """Minutes from ``"98m."``, ``"74 min."``, ``"1 hr. 45 min."``, ``"1:45:00"``; None otherwise."""
    if not text:
        return None
    text = text[:LINE_CAP]
    m = _HOURS.search(text)
    if m:
        return int(m.group(1)) * 60 + int(m.group(2))
    m = _CLOCK.search(text)
    if m:
        return int(m.group(1)) * 60 + int(m.group(2))
    m = _MINUTES.search(text)
    if m and 1 <= int(m.group(1)) <= 999:
        return int(m.group(1))
    return None


# --- colour -----------------------------------------------------------------------------

_COLOR = re.compile(
    r"\bcolou?r\b|\btechnicolou?r|\beastmancolou?r|\bmetrocolou?r|\bdeluxe colou?r|\bcinecolou?r"
    r"|\btrucolou?r|\bwarnercolou?r|\bpathecolou?r|\bfujicolou?r",
    re.I,
)
_BW = re.compile(r"\bb\s?&\s?w\b|\bb/w\b|\bblack[ -]?(?:&|and)[ -]?white\b|\bmonochrome\b", re.I)
_FILM_COLOR = re.compile(
    r"\b(?:technicolou?r|eastmancolou?r|metrocolou?r|deluxe colou?r|cinecolou?r|trucolou?r|warnercolou?r)",
    re.I,
)


def parse_color(text: str | None) -> str | None:
    """``"Color"`` -> ``"color"``, ``"B&W"`` -> ``"b&w"``, both -> ``"color and b&w"``."""
    if not text:
        return None
    text = text[:300]
    has_bw = bool(_BW.search(text))
    # "Black & White" must not also count as a colour mention.
    has_color = bool(_COLOR.search(_BW.sub(" ", text)))
    if has_bw and has_color:
        return "color and b&w"
    if has_bw:
        return "b&w"
    if has_color:
        return "color"
    return None


def color_from_prose(text: str | None) -> str | None:
    """Colour stated in a tagline or opening paragraph: a colour process, or "black-and-white".

    Only distinctive terms count ("Technicolor", "black-and-white"); a bare "color" in prose
    says nothing about the film.
    """
    if not text:
        return None
    text = text[:LINE_CAP]
    has_color = bool(_FILM_COLOR.search(text))
    has_bw = bool(re.search(r"\bblack-and-white\b|\bB&W\b", text))
    if has_color != has_bw:
        return "color" if has_color else "b&w"
    return None


# --- disc formats -----------------------------------------------------------------------

_FORMAT_TOKENS = [
    (
        re.compile(
            r"^(?:4k(?: ultra hd| uhd)?(?: blu-?ray)?|ultra hd(?: blu-?ray)?|uhd(?: blu-?ray)?)"
            r"(?: dis[ck]s?)?$"
        ),
        "4K Ultra HD",
    ),
    (re.compile(r"^(?:3-?d blu-?ray|blu-?ray 3-?d)(?: dis[ck]s?)?$"), "Blu-ray 3D"),
    (re.compile(r"^(?:blu-?ray|bd)(?: dis[ck]s?)?$"), "Blu-ray"),
    (re.compile(r"^hd[ -]?dvd$"), "HD DVD"),
    (re.compile(r"^dvd-?r$"), "DVD-R"),
    (re.compile(r"^dvd(?: video)?$"), "DVD"),
    (re.compile(r"^laser ?dis[ck]$"), "LaserDisc"),
    (re.compile(r"^vhs$"), "VHS"),
    (re.compile(r"^digital(?: hd| copy| code)?$"), "Digital"),
]
_FORMAT_SPLIT = re.compile(r"\s?(?:\+|&|/| and |,)\s?")


def _format_token(token: str) -> str | None:
    token = re.sub(r"\s+", " ", token.strip().lower())
    token = re.sub(r"^(?:a |one |two |single |\d )", "", token)
    token = re.sub(r" (?:review|combo|combo pack|edition|movie)$", "", token)
    for pattern, name in _FORMAT_TOKENS:
        if pattern.match(token):
            return name
    return None


def parse_format(text: str | None) -> str | None:
    """The disc format when ``text`` names only formats: ``"Blu-ray & DVD"`` -> ``"Blu-ray + DVD"``."""
    if not text or len(text) > 60:
        return None
    tokens = [t for t in _FORMAT_SPLIT.split(text.strip(" .()[]:")) if t.strip()]
    names: list[str] = []
    for token in tokens:
        name = _format_token(token)
        if name is None:
            return None
        if name not in names:
            names.append(name)
    return " + ".join(names) if names else None


_FORMAT_WORD = re.compile(
    r"4K Ultra HD(?: Blu-?ray)?|4K UHD(?: Blu-?ray)?|Ultra HD Blu-?ray|3D Blu-?ray|Blu-?ray 3D|Blu-?ray"
    r"|HD DVD|DVD-R\b|\bDVD\b",
    re.I,
)


def find_formats(text: str | None) -> str | None:
    """Disc formats named anywhere in a short text (``"Warner DVD"`` -> ``"DVD"``)."""
    if not text:
        return None
    names: list[str] = []
    for m in _FORMAT_WORD.finditer(text[:300]):
        name = _format_token(m.group(0))
        if name and name not in names:
            names.append(name)
    return " + ".join(names) if names else None


TITLE_FORMAT_SUFFIX = re.compile(
    r"\s?[\[(]?\s?(?:4K Ultra HD|4K UHD|Ultra HD|UHD|4K|3D|Blu-?ray|DVD|HD DVD)"
    r"(?: (?:Blu-?ray|Review|Movie|Edition))?\s?[\])]?$",
    re.I,
)

# --- ratings and verdicts ---------------------------------------------------------------

RATING_WORDS = re.compile(
    r"^(?:excellent|very good|good|fair|poor|terrible|outstanding|superb|awful|mediocre|bad|average|"
    r"none|n/?a)\b",
    re.I,
)

# Verdict tiers, longest first so "Highly Recommended" wins over "Recommended".
VERDICTS = words(
    "DVD Talk Collector Series|Very Highly Recommended|Highly Recommended|Mildly Recommended|"
    "Not Recommended|Recommended|Must Own|Worth a Look|Give it a Rent|For Fans Only|Rent It|Skip It"
)
VERDICT_ALT = "|".join(re.escape(v) for v in VERDICTS)
VERDICT_RE = re.compile(r"(?<![\w-])(" + VERDICT_ALT + r")(?![\w-])")
VERDICT_LINE = re.compile(
    r"^(?:Verdict|Advice|Recommendation|Final Verdict|Rating)?\s?:?\s?(" + VERDICT_ALT + r")\W{0,3}$"
)


def canonical_verdict(text: str) -> str:
    """The tier as listed in :data:`VERDICTS` (fixing case)."""
    for verdict in VERDICTS:
        if verdict.lower() == text.lower():
            return verdict
    return text


# Column names that stand for a critic.
PEN_NAMES = {"dvd savant": "Glenn Erickson"}

# --- credits ----------------------------------------------------------------------------

# Role labels (lower case) and the record field they feed. Longest first when matching.
_ROLES_BY_FIELD = {
    "cast": words(
        "starring the voices of|with the voices of|voice cast|starring|cast|featuring|voices|with|stars|"
        "staring|"
        "main cast|principal cast|actors"
    ),
    "directors": words("directed by|director|directors|direction|a film by"),
    "writers": words(
        "written by|written screenplay by|writer|writers|writing credits|writing|screenplay by|"
        "screenplay|screenwriter|screenwriters|script|story by|original story|teleplay by|teleplay"
    ),
    "producers": words("produced by|producer|producers"),
    "cinematographers": words(
        "cinematography|cinematographer|cinematographers|cinematography by|director of photography|"
        "directors of photography|photography|photographed by"
    ),
    "editors": words(
        "film editor|film editors|film editing|film editing by|editor|editors|edited by|editing"
    ),
    "composers": words(
        "original music|original music by|music|music by|music composed by|composer|composers|"
        "original score|original score by|music score|score|score by"
    ),
}
ROLE_FIELDS = {label: field for field, labels in _ROLES_BY_FIELD.items() for label in labels}

# Roles that go to ``other_credits`` under the label as printed.
OTHER_ROLES = words(
    "art director|art directors|art direction|art direction by|production designer|production designers|"
    "production design|production design by|set decoration|set decorator|set decorators|set designer|"
    "costume design|costume designer|costume designs|costumes|costumes by|costume design by|"
    "special effects|special visual effects|special effects supervisor|special makeup effects|"
    "visual effects|visual effects supervisor|visual effects supervisors|makeup|make-up|makeup effects|"
    "sound|sound design|sound designer|sound editor|choreography|choreographer|dance director|"
    "executive producer|executive producers|associate producer|associate producers|co-producer|"
    "co-producers|line producer|assistant director|second unit director|stunts|stunt coordinator|animation|"
    "animation director|title design|titles|songs|lyrics|casting|narrator|narrated by|animal trainer|"
    "technical advisor"
)

ROLE_LABELS = sorted(list(ROLE_FIELDS) + OTHER_ROLES, key=len, reverse=True)
_ROLE_ALT = "|".join(re.escape(r) for r in ROLE_LABELS)
# A role label at the start of a line; a colon after it is optional (DVD Savant prints none).
ROLE_START = re.compile(r"^(" + _ROLE_ALT + r")(?=[\s:]|$)\s?:?\s?", re.I)
# Combined "by" roles: "Written and Directed by", "Produced and Directed by".
_BY_WORDS = {
    "written": "writers",
    "directed": "directors",
    "produced": "producers",
    "photographed": "cinematographers",
    "edited": "editors",
    "scored": "composers",
    "screenplay": "writers",
    "story": "writers",
}
COMBINED_BY = re.compile(
    r"^((?:written|directed|produced|photographed|edited|scored)(?:(?:,| and| &) (?:written|directed|produced"
    r"|photographed|edited|scored)){1,3}) by\b:?\s?",
    re.I,
)


def combined_fields(words: str) -> list[str]:
    """``"Written and Directed"`` -> ``["writers", "directors"]``."""
    fields = []
    for word in re.split(r",| and | & ", words.lower()):
        field = _BY_WORDS.get(word.strip())
        if field and field not in fields:
            fields.append(field)
    return fields


# Source material: the novelist is not one of the film's writers.
SOURCE_CUT = re.compile(
    r"[,;]?\s?\b(?:from|based on|based upon|adapted from|after)\b(?: (?:the|a|an|his|her|their))?"
    r"(?: [\w'-]{1,20}){0,2}? (?:novel|short story|book|play|novella|novelette|stage play|musical|comic|"
    r"memoir|article|characters|series|radio play|serial|poem|(?<!original )(?<!screen )story|stories)\b"
    r"(?: [\w'-]{1,20}){0,3}? by\s",
    re.I,
)
# Extra writing roles inside a writers' credit: "... story by X", "; adaptation by Y". A story
# credit is a writing credit (unlike a source novel or play, cut off by SOURCE_CUT).
WRITER_PARTS = re.compile(
    r"[,;]?\s?\b(?:(?:from|based on|and) (?:the |a |an |his |her )?)?(?:original story by|story by"
    r"|screenplay by|adaptation by|dialogue by|additional dialogue by|teleplay by|screen story by)\s",
    re.I,
)

_NAME_SUFFIX = re.compile(r"^(?:Jr|Sr|II|III|IV|Esq)\.?$")
_SPLIT_NAMES = re.compile(r"\s?;\s?|\s?,\s?|\s&\s|\sand\s|\s/\s|\s\|\s")
_PARTICLES = set(
    words("de|da|di|del|della|der|den|van|von|la|le|du|dos|das|y|bin|al|el|ter|ten|st.|e|of|the")
)


def _split_top_level(text: str, separators: re.Pattern[str]) -> list[str]:
    """Split on ``separators`` outside parentheses and brackets."""
    parts: list[str] = []
    depth = 0
    start = 0
    pos = 0
    while pos < len(text):
        ch = text[pos]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif depth == 0:
            m = separators.match(text, pos)
            if m and m.end() > pos:
                parts.append(text[start:pos])
                start = pos = m.end()
                continue
        pos += 1
    parts.append(text[start:])
    return parts


def looks_like_name(text: str) -> bool:
    """A person's name as credits print it: a few capitalised words, no sentence in it."""
    words = text.split()
    if not words or len(words) > 7 or len(text) > 60:
        return False
    if not text[0].isupper() and not text[0].isdigit():
        return False
    if re.search(r"[.!?]\s[a-z]|[:@#=<>{}|\"]|https?", text):
        return False
    if not re.search(r"[^\W\d_]", text):
        return False
    # "Song kang-ho": a hyphenated given name keeps its second part in lower case.
    lower = [
        w
        for w in words
        if w[0].islower() and w.lower() not in _PARTICLES and not re.fullmatch(r"[a-z]+-[a-z]+", w)
    ]
    return not lower


def split_names(text: str | None, *, characters: dict[str, str] | None = None) -> list[str]:
    """``"John Wayne, Lauren Bacall & James Stewart."`` -> the three names, as printed.

    A parenthesis after a name is taken as the character played (stored in ``characters``
    when given) and dropped from the name. Fragments that do not look like names are dropped.
    """
    if not text:
        return []
    text = text[:LINE_CAP].strip().rstrip(";, ")
    # The sentence's full stop goes; the one of a closing "Jr." stays.
    if text.endswith(".") and (text.endswith("..") or not re.search(r"\b(?:Jr|Sr)\.$", text)):
        text = text[:-1]
    text = re.sub(r"^(?:the voices of|the voice of|voices of|with|and)\s", "", text, flags=re.I)
    text = re.sub(r",?\s(?:and others|et al\.?|etc\.?|and many more)$", "", text, flags=re.I)
    names: list[str] = []
    for raw in _split_top_level(text, _SPLIT_NAMES):
        part = raw.strip().strip(".,;:*").strip()
        if not part:
            continue
        if _NAME_SUFFIX.match(part) and names:
            dot = "." if raw.strip().startswith(part + ".") else ""
            names[-1] = f"{names[-1]}, {part}{dot}"
            continue
        part = re.sub(r"^(?:and|with)\s", "", part)
        character = None
        m = re.match(r"^([^()]{1,80}?)\s?\(([^()]{1,80})\)$", part)
        if m:
            part, character = m.group(1).strip(), m.group(2).strip()
        if not looks_like_name(part):
            continue
        if character and characters is not None and not re.match(r"(?i)(?:as |uncredited|voice)", character):
            characters[part] = character
        if part not in names:
            names.append(part)
    return names


def split_list(text: str | None) -> list[str]:
    """Comma/semicolon separated items (extras, languages), keeping parentheses intact."""
    if not text:
        return []
    items = []
    for raw in _split_top_level(text[: LINE_CAP * 2], re.compile(r"\s?[;,]\s?|\s\|\s|\s•\s")):
        item = raw.strip().strip(".;,").strip()
        if item.lower().startswith("and "):
            item = item[4:].strip()
        if item and item not in items:
            items.append(item)
    return items


LANGUAGES = set(
    words(
        "english|french|spanish|german|italian|japanese|portuguese|dutch|swedish|danish|norwegian|finnish|"
        "russian|polish|czech|hungarian|greek|turkish|chinese|mandarin|cantonese|korean|thai|hindi|arabic|"
        "hebrew|icelandic|romanian|croatian|serbian|ukrainian|castilian|catalan|latin|indonesian|malay|"
        "vietnamese|bulgarian|slovak|slovenian|estonian|latvian|lithuanian"
    )
)
_LANG_QUALIFIERS = re.compile(
    r"\b(?:sdh|for the deaf(?: and hard of hearing)?|hard of hearing|cc|closed captions?|captions?|"
    r"subtitles?|optional|forced|brazilian|latin american|european|canadian|simplified|traditional|"
    r"narrative|only|\(.{0,30}\))",
    re.I,
)


def is_language_item(text: str) -> bool:
    """True for ``"English"``, ``"English SDH"``, ``"Spanish (Latin American)"``."""
    words = _LANG_QUALIFIERS.sub(" ", text[:80]).replace("-", " ").split()
    return bool(words) and len(words) <= 3 and all(w.lower().strip(".,") in LANGUAGES for w in words)


def parse_subtitles(text: str | None) -> list[str]:
    """Languages from a subtitles value; ``"None"`` gives an empty list."""
    if not text or re.match(r"^\s?(?:none|no|n/a|not applicable)\b", text, re.I):
        return []
    items = [i for i in split_list(re.sub(r"\s(?:and|&)\s", ", ", text[:400])) if i]
    known = [is_language_item(i) for i in items]
    # In a list that is mostly languages, a lone capitalised word is one the list of languages
    # lacks (or misspells, as printed: "Korian"), not junk.
    mostly = len(items) >= 3 and sum(known) * 3 >= len(items) * 2
    return [i for i, k in zip(items, known) if k or (mostly and re.fullmatch(r"[A-Z][a-z]{2,15}", i))]


AUDIO_WORDS = re.compile(
    r"\b(?:dts|dolby|lpcm|pcm|mono|monaural|stereo|surround|atmos|truehd|dd|aac|mp2|flac|\d\.\d)\b",
    re.I,
)
