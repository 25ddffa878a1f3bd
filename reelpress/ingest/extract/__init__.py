"""Legacy review pages to review records.

``extract(data)`` takes a page (bytes in any encoding, or text; HTML or plain text, with or
without a first line ``# source: URL``) and returns the record as a JSON-ready dict with every
:class:`~reelpress.ingest.record.ReviewRecord` key, plus ``evidence`` (for each recovered field:
its value, the page line it came from, how it was read, a confidence from 0 to 1) and
``needs_review`` (why the film's identity is uncertain; empty when it is not). It never raises:
a page it cannot read gives an empty record.

The layout families (one module each) score how much a page looks like theirs; the best one
reads the page, then :mod:`.generic` fills the fields it left empty from labelled lines.
Every value is taken from a label or a precise shape; where neither is there the field stays
null, because a wrong value costs more than a missing one.
"""

from __future__ import annotations

import bisect
import dataclasses
import re

from ..record import ReviewRecord
from . import anywhere, bluray_com, cinesavant, clues, digitalbits, dvdtalk, generic, titles
from .extras import listed_extras
from .labels import is_label_line
from .page import Page, decode, fact_lines, load, split_source
from .prose import fold, is_known_label, is_prose
from .site import SAMPLE, SiteProfile, agreed_place, learn_chrome, text_place
from .vocab import PEN_NAMES

__all__ = ["extract", "extract_page", "learn_site"]

LAYOUTS = (cinesavant, dvdtalk, bluray_com, digitalbits)
# A layout is trusted only above this score; below it the generic reader works alone.
_MIN_SCORE = 3.0
# Fields the generic reader must not add to a given layout: that layout states them in its
# own place or not at all, and a guess from elsewhere on the page would be wrong more often.
_NO_FILL = {
    "dvdtalk": {
        "extras",
        "audio",
        "ratings",
        "color",
        "label",
        "subtitles",
        "aspect_ratio",
        "runtime_minutes",
    },
    "bluray_com": {"label", "extras"},
    "digitalbits": {"label", "directors"},
    "cinesavant": {"label", "body"},
}
_FIELDS = {f.name: f for f in dataclasses.fields(ReviewRecord)}
# Tests set this to see the exceptions that extraction otherwise absorbs.
STRICT = False


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _ranked_layouts(page: Page, layouts=LAYOUTS) -> list:
    """Layout modules scoring at least :data:`_MIN_SCORE`, best first."""
    scored = [(m.detect(page.lines, page.source_url), -n, m) for n, m in enumerate(layouts)]
    return [m for score, _, m in sorted(scored, key=lambda x: x[:2], reverse=True) if score >= _MIN_SCORE]


def _safely(parse, *args) -> dict:
    """One reader's fields; a reader that fails gives none, and the others still count."""
    try:
        return parse(*args)
    except Exception:
        if STRICT:
            raise
        return {}


def _fill(rec: dict, extra: dict, blocked: set) -> None:
    """Copy into ``rec`` the fields of ``extra`` that ``rec`` lacks."""
    # Title and headline travel together: one reader's pair, never half of each.
    named = bool(rec.get("title") or rec.get("headline"))
    for key, value in extra.items():
        if key in blocked or _empty(value) or not _empty(rec.get(key)):
            continue
        if key in ("headline", "title") and named:
            continue
        rec[key] = value


def _clean_value(name: str, value):
    """Coerce a value to its record field's type; None when it cannot be."""
    default = getattr(ReviewRecord(), name)
    if isinstance(default, list):
        if not isinstance(value, list):
            return []
        out = []
        for item in value:
            if isinstance(item, str) and item.strip() and item.strip() not in out:
                out.append(item.strip())
        return out
    if isinstance(default, dict):
        if not isinstance(value, dict):
            return {}
        if name == "other_credits":
            return {str(k): [str(x) for x in v] for k, v in value.items() if isinstance(v, list) and v}
        return {str(k): str(v) for k, v in value.items() if str(k).strip() and str(v).strip()}
    if name in ("year", "runtime_minutes"):
        return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None
    if name == "extras_subtitled":
        return value if isinstance(value, bool) else None
    if name in ("title", "status"):
        return value.strip() if isinstance(value, str) else default
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return None


_TRANSLATED = re.compile(r"^(.{2,150}?)\s\(([^()]{2,150})\)$")


def _split_translations(rec: dict) -> None:
    """ "Vremya pervykh (The First Time)" among the alternate titles: the original title and its
    translation, two fields, when the original title is not known yet."""
    alternates = rec.get("alternate_titles")
    if not isinstance(alternates, list):
        return
    out = []
    title = fold(rec.get("title"))
    for alt in alternates:
        m = _TRANSLATED.match(alt) if isinstance(alt, str) else None
        if m and not rec.get("original_title") and not re.fullmatch(r"[\d\s/–-]+|[A-Z]{2,4}", m.group(2)):
            rec["original_title"] = m.group(1).strip()
            alt = m.group(2).strip()
        if fold(alt) != title:
            out.append(alt)
    rec["alternate_titles"] = out


def _finish(rec: dict, page: Page) -> dict:
    """The partial record as a full ReviewRecord dict, with its evidence and reasons.

    There is no fallback title here: every title is decided in :mod:`.titles`, with its evidence
    (the URL's slug being its last resort), so none reaches the record unexplained."""
    if not (rec.get("_evidence") or {}).get("title"):
        rec.pop("title", None)
    reviewer = rec.get("reviewer")
    if isinstance(reviewer, str) and reviewer.lower() in PEN_NAMES:
        rec["reviewer"] = PEN_NAMES[reviewer.lower()]
    if not rec.get("cast"):
        rec.pop("characters", None)
    year, street = rec.get("year"), rec.get("street_date")
    if isinstance(year, int) and isinstance(street, str) and year > int(street[:4]) + 1:
        rec.pop("year")  # a film cannot be younger than its disc: the "year" was something else
    _split_translations(rec)
    label = rec.get("label")
    if isinstance(label, str):
        # "Columbia/Sony Pictures 16990 [11/13/12] (2 discs)": the catalogue number and what follows go.
        rec["label"] = re.sub(r"\s(?:#\s?)?\d{3,6}\b.*$|\s[\[(].*$", "", label).strip() or label
    rec["source_url"] = page.source_url
    kwargs = {}
    for name, value in rec.items():
        if name in _FIELDS and not _empty(value):
            kwargs[name] = _clean_value(name, value)
    kwargs = {k: v for k, v in kwargs.items() if v is not None or k == "title"}
    if kwargs.get("title") is None:
        kwargs["title"] = ""
    record = ReviewRecord(**kwargs)
    # The record's own values (fresh, JSON-native): to_dict()'s deep copy is not needed here.
    out = {name: getattr(record, name) for name in _FIELDS}
    out["evidence"] = _evidence(out, rec, page)
    out["needs_review"] = needs_review(out)
    return out


_NOT_EVIDENCED = {"body", "blurb", "source_url", "status", "characters", "headline"}


def _evidence(out: dict, rec: dict, page: Page) -> dict:
    """For each recovered field: its value, the page line it came from, how, and how sure."""
    noted = rec.get("_evidence", {})
    sources = rec.get("_from", {})
    evidence = {}
    lines = _Lowered(page.lines)
    for key, value in out.items():
        if key in _NOT_EVIDENCED or _empty(value) or key in ("evidence", "needs_review"):
            continue
        if key in noted:
            evidence[key] = noted[key] | {"value": value}
            continue
        via, confidence = sources.get(key, ("a labelled line", 0.7))
        evidence[key] = {
            "value": value,
            "from": _locate(value, lines),
            "via": via,
            "confidence": confidence,
        }
    return evidence


def _locate(value, lines: list[str]) -> str:
    """The first page line that holds ``value`` (or its first item, or its first word)."""
    if isinstance(value, dict):
        value = next(iter(value.values()), "")
    if isinstance(value, list):
        value = value[0] if value else ""
    needle = str(value)
    for probe in (needle, needle.split(" ")[0] if len(needle) > 3 else needle):
        if not probe:
            continue
        at = lines.text.find(probe.lower())
        if at >= 0:
            return lines[bisect.bisect_right(lines.starts, at) - 1][:200]
    return ""


class _Lowered(list):
    """The page's first lines, and their lower-case text in one string with each line's offset,
    made once for every field's lookup (one search in C per field, not one per line)."""

    def __init__(self, lines: list[str]):
        super().__init__(x.replace("\n", " ") for x in lines[:500])
        lowered = [x.lower() for x in self]  # lower() may change a line's length: offsets from these
        self.starts, offset = [], 0
        for line in lowered:
            self.starts.append(offset)
            offset += len(line) + 1
        self.text = "\n".join(lowered)


# Below this the title is a guess: the review waits for an editor.
TITLE_CONFIDENCE = 0.6


def needs_review(record: dict) -> list[str]:
    """Why a record's film identity is uncertain (empty when it is not): its title or its year."""
    reasons = []
    title = (record.get("evidence") or {}).get("title") or {}
    if not record.get("title"):
        reasons.append("no title found on the page")
    elif title.get("via") == "url slug":
        reasons.append("title taken from the URL only")
    elif title.get("confidence", 1.0) < TITLE_CONFIDENCE:
        reasons.append(f"title uncertain (confidence {title['confidence']:.2f})")
    if not record.get("year"):
        reasons.append("no year found (another film may share the title)")
    return reasons


def _decide_title(
    rec: dict, page: Page, layout_title: str | None, layout: str | None, site: SiteProfile | None = None
) -> None:
    """Weigh every title the page offers (see :mod:`.titles`) and keep the best, with its evidence."""
    names = {rec.get("reviewer") or "", *PEN_NAMES}
    for key in ("directors", "writers", "producers", "cinematographers", "editors", "composers", "cast"):
        names.update(rec.get(key) or ())
    prior = []
    if layout_title:
        prior.append((layout_title, 3.5, f"the {layout} layout"))
    elif rec.get("title"):
        prior.append((rec["title"], 1.0, "the labelled lines"))
    if site is not None and site.title_place is not None:
        placed = [x for x in page.lines if x][site.title_place : site.title_place + 1]
        if placed:
            prior.append((placed[0], 3.0, f"where {site.site} prints its titles"))
    found = titles.decide(
        page.lines,
        page.source_url,
        headings=page.headings,
        meta_titles=page.meta_titles,
        names=names,
        prior=prior,
    )
    if found is None:
        return
    if fold(found.text) != fold(rec.get("title")):
        # Another reader's headline went with its own title, which lost: the headline follows the title.
        rec.pop("headline", None)
    rec["title"] = found.text
    source = found.source
    short = found.via != "url slug" and len(source) <= 150 and not is_prose(source)
    rec.setdefault("headline", source if short else found.text)
    rec.setdefault("_evidence", {})["title"] = {
        "value": found.text,
        "from": found.source,
        "via": found.via,
        "confidence": found.confidence,
        # The runners-up, best first, for an editor to pick from.
        "others": [re.sub(r"\s\(-?\d+\.\d\)$", "", other) for other in found.others[:4]],
    }


def _by_shape(rec: dict, page: Page, lines: list[str], blocked: set) -> None:
    """Fill what the labelled readers left empty with facts found anywhere by their shape."""
    names = {fold(n) for k in ("directors", "cast", "writers", "producers") for n in rec.get(k) or ()}
    names.add(fold(rec.get("reviewer")))
    finders = {
        "aspect_ratio": lambda: anywhere.aspect_ratio(lines),
        "ratings": lambda: anywhere.ratings(lines),
        "year": lambda: anywhere.year(lines, rec.get("title")),
        "runtime_minutes": lambda: anywhere.runtime(lines),
        "street_date": lambda: anywhere.street_date(lines),
        "color": lambda: anywhere.color(lines),
        "reviewer": lambda: anywhere.reviewer(lines),
        "review_date": lambda: anywhere.review_date(lines, (rec.get("street_date"),)),
        "label": lambda: anywhere.label(lines, rec.get("title"), names),
        "disc_format": lambda: anywhere.disc_format(lines, page.source_url, rec.get("headline")),
        "thanks": lambda: anywhere.thanks(lines),
        "subtitles": lambda: anywhere.subtitles(lines),
        "packaging": lambda: anywhere.packaging(lines),
        "original_title": lambda: anywhere.original_title(lines, rec.get("title")),
        "copyright": lambda: anywhere.copyright_line(lines),
    }
    if _empty(rec.get("cast")):
        found = _safely_pair(lambda: anywhere.cast_as_roles(lines) or anywhere.cast_under_heading(lines))
        if found:
            rec["cast"], rec["characters"] = found[0], found[1]
            _note(rec, "cast", found[0], found[2], 'lines of "Actor as Role"', 0.7)
    for key, finder in finders.items():
        if not _empty(rec.get(key)):
            continue
        found = _safely_pair(finder)
        if found and key in blocked and not (key == "label" and is_known_label(found[0])):
            continue  # the layout keeps this field and found none here: only a known label overrides
        if found:
            rec[key] = found[0]
            _note(rec, key, found[0], found[1], "its shape, found anywhere", 0.6)


def _safely_pair(finder):
    try:
        return finder()
    except Exception:
        if STRICT:
            raise
        return None


def _credit(rec: dict, via: str, confidence: float) -> None:
    """Mark the fields filled so far that have no evidence yet as coming from ``via``."""
    sources = rec.setdefault("_from", {})
    for key, value in rec.items():
        if not key.startswith("_") and not _empty(value) and key not in sources and via:
            sources[key] = (via, confidence)


def _note(rec: dict, key: str, value, source: str, via: str, confidence: float) -> None:
    """Record where a field's value came from and how sure the reader is of it."""
    rec.setdefault("_evidence", {})[key] = {
        "value": value,
        "from": (source or "")[:200],
        "via": via,
        "confidence": confidence,
    }


def _is_html_name(filename: str | None) -> bool:
    return bool(filename and re.search(r"\.x?html?$", filename, re.I))


# The pages a title place is learned from: those whose title the reader leans to; what most of
# them agree on is the site's habit, and it lifts the pages it is unsure of.
PLACE_CONFIDENCE = 0.4


def learn_site(pages: list[tuple[bytes | str, str]], site: str) -> SiteProfile:
    """Learn a site from some of its pages (data, file name): its chrome lines, then where the
    pages the reader is sure of print the title."""
    loaded = []
    for data, filename in pages[:SAMPLE]:
        try:
            loaded.append((load(data, force_html=_is_html_name(filename)), filename))
        except Exception:  # an unreadable page teaches nothing; the import reports it later
            if STRICT:
                raise
    chrome = learn_chrome([p.lines for p, _ in loaded])
    profile = SiteProfile(site, len(loaded), chrome)
    places, confident = [], 0
    for page, _ in loaded:
        page.lines = ["" if x in chrome else x for x in page.lines]
        try:
            record = extract_page(page, site=profile)
        except Exception:
            if STRICT:
                raise
            continue
        title = record["evidence"].get("title") or {}
        if title.get("confidence", 0) >= PLACE_CONFIDENCE and title.get("via") != "url slug":
            confident += 1
            place = text_place(page.lines, title.get("from", ""), chrome)
            if place is not None:
                places.append(place)
    place, votes = agreed_place(places, confident)
    return SiteProfile(site, len(loaded), chrome, place, votes)


def extract_page(page: Page, *, site_layouts: bool = True, site: SiteProfile | None = None) -> dict:
    """The record for an already loaded :class:`Page`; ``site_layouts=False`` reads it generically."""
    ranked = _ranked_layouts(page, LAYOUTS if site_layouts else ())
    module = ranked[0] if ranked else None
    rec = _safely(module.parse, page.lines, page.source_url) if module else {}
    rec = {k: v for k, v in rec.items() if not _empty(v)}
    _credit(rec, f"the {module.NAME} layout" if module else "", 0.9)
    layout_title = rec.get("title")
    # A page can carry a second layout's block: DVD Savant columns posted in DVD Talk's
    # template keep their own facts and credits under the DVD Talk header.
    for other in ranked[1:]:
        _fill(rec, _safely(other.parse, page.lines, page.source_url), {"label", "body", "blurb"})
    layout_title = rec.get("title")
    if not rec.get("extras"):
        # A list of extras under its heading is plain on any layout; it comes before the
        # generic reader, which would split the same lines on their commas.
        listed = listed_extras(page.lines, page.bullets)
        if listed:
            rec["extras"] = listed
            _credit(rec, "a list under its heading", 0.8)
    blocked = _NO_FILL.get(module.NAME, set()) if module else set()
    facts = fact_lines(page.lines, is_label_line)
    _fill(rec, _safely(generic.parse, facts, page.source_url, page.headings, not rec.get("title")), blocked)
    _credit(rec, "a labelled line", 0.8)
    _decide_title(rec, page, layout_title, module.NAME if module else None, site)
    _by_shape(rec, page, facts, blocked)
    if not rec.get("disc_format"):
        # No format field on the page: the review may still name the disc it looks at.
        _fill(rec, _safely(clues.format_fields, page.lines, rec.get("label")), set())
        _credit(rec, "the prose", 0.6)
    return _finish(rec, page)


def extract(
    data: bytes | str,
    filename: str | None = None,
    *,
    site_layouts: bool = True,
    site: SiteProfile | None = None,
) -> dict:
    """The review record of one legacy page, as a JSON-ready dict. Never raises.

    ``filename`` is only a hint: a name ending in ``.htm``/``.html`` is read as HTML even
    when the markup is hard to recognise. ``site_layouts=False`` reads the page with every
    site-specific layout switched off: what a site nobody has seen gets. ``site`` is what
    :func:`learn_site` learned from many pages of the page's site.
    """
    try:
        page = load(data, force_html=_is_html_name(filename))
        if site is not None and site.chrome:
            page.lines = ["" if x in site.chrome else x for x in page.lines]
        return extract_page(page, site_layouts=site_layouts, site=site)
    except Exception:  # the contract is "never raises": an unreadable page gives an empty record
        if STRICT:
            raise
        return _fallback(data)


def _fallback(data) -> dict:
    """An empty record, keeping the source URL when even that much can be read."""
    try:
        url, _ = split_source(decode(data)[:5000])
    except Exception:  # even the URL is out of reach
        url = None
    out = ReviewRecord(source_url=url).to_dict()
    out["evidence"] = {}
    out["needs_review"] = needs_review(out)
    return out
