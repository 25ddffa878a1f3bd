"""What many pages of one site teach the reader about that site.

An archive comes as hundreds of pages from one site. Lines printed the same way on many of its
pages are the site's chrome (menus, banners, footers), whatever words they use: the reader drops
them before it reads. And where the pages it is sure of agree on the title's place (the second
line of the text, say), the pages it is unsure of are read with that place in mind.

Nothing here is tied to a site: a profile is learned from the pages at hand each time.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlparse

from .labels import is_label_line
from .prose import is_known_label
from .vocab import RATING_WORDS, VERDICT_RE, find_date, parse_format

# A line is chrome when it is on at least this share of a site's pages (and on 3 or more).
CHROME_SHARE = 0.5
MIN_PAGES = 3
# Pages read to learn a site: enough to see its chrome, few enough to stay quick at any size.
SAMPLE = 200
# A title place is adopted when this share of the confident pages agree on it.
PLACE_SHARE = 0.6


@dataclass(frozen=True)
class SiteProfile:
    """What was learned of one site: its chrome lines and where its titles stand."""

    site: str
    pages: int
    chrome: frozenset[str] = frozenset()
    # The title's place: its rank among the non-empty lines left once chrome is dropped.
    title_place: int | None = None
    title_votes: tuple[int, int] = (0, 0)  # (pages agreeing, confident pages)

    def summary(self) -> str:
        """One line for the import's summary."""
        parts = [f"{len(self.chrome)} repeated lines dropped as site chrome"]
        if self.title_place is not None:
            agree, confident = self.title_votes
            parts.append(
                f"title on text line {self.title_place + 1} ({agree} of {confident} confident pages)"
            )
        return f"learned from {self.pages} pages of {self.site}: " + "; ".join(parts)


def site_of(url: str | None, fallback: str) -> str:
    """The site a page belongs to: its source URL's host, else ``fallback`` (its folder)."""
    if url:
        try:
            host = urlparse(url[:500]).netloc.lower().split(":")[0]
        except ValueError:
            host = ""
        if host:
            return re.sub(r"^www\.", "", host)
    return fallback


_LABELLED = re.compile(r"^[A-Z][\w /&'’().-]{0,40}?\s?:")
_BYLINE = re.compile(r"(?i)^(?:(?:reviewed|review|written|posted)\s)?by\b|\breviewed by\b")


def _is_content(line: str) -> bool:
    """Lines that repeat across pages because every review has them, not because they are chrome:
    a label or a labelled value ("Director:", "Movie: Excellent"), a byline, a format, a date, a
    known label (a site that reviews one label's discs), a verdict or rating word."""
    text = line.rstrip(":")
    return bool(
        is_known_label(text)
        or VERDICT_RE.search(text)
        or RATING_WORDS.match(text)
        or _LABELLED.match(line)
        or _BYLINE.search(line)
        or is_label_line(line)
        or is_label_line(text + ":")
        or parse_format(text)
        or find_date(text)
        or len(text) <= 2
    )


def learn_chrome(pages_lines: list[list[str]]) -> frozenset[str]:
    """The lines printed on at least half of a site's pages (3 or more), less the content lines."""
    if len(pages_lines) < MIN_PAGES:
        return frozenset()
    seen: Counter = Counter()
    for lines in pages_lines:
        seen.update({x for x in lines if x and len(x) <= 300})
    needed = max(MIN_PAGES, CHROME_SHARE * len(pages_lines))
    return frozenset(line for line, n in seen.items() if n >= needed and not _is_content(line))


def text_place(lines: list[str], source: str, chrome: frozenset[str]) -> int | None:
    """The rank of the line ``source`` among the non-empty, non-chrome lines."""
    rank = 0
    for line in lines:
        if not line or line in chrome:
            continue
        if line == source:
            return rank
        rank += 1
        if rank > 200:
            break
    return None


def agreed_place(places: list[int], confident: int) -> tuple[int | None, tuple[int, int]]:
    """The title place most confident pages share, when enough of them do."""
    if not places or confident < MIN_PAGES:
        return None, (0, confident)
    place, agree = Counter(places).most_common(1)[0]
    if agree >= PLACE_SHARE * confident:
        return place, (agree, confident)
    return None, (agree, confident)


@dataclass
class Learner:
    """Gathers pages of one site, then makes its :class:`SiteProfile`."""

    site: str
    pages: list[list[str]] = field(default_factory=list)

    def add(self, lines: list[str]) -> None:
        if len(self.pages) < SAMPLE:
            self.pages.append(lines)
