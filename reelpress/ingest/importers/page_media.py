"""The pictures of legacy review pages: ``<img>`` whose files sit beside the pages.

Only relative ``src`` are taken (a file in the archive, never a fetch from the web), and never
outside the folder given on the command line. What is not the review's own picture is left out:

- site chrome: a file that three or more pages of the import show (a logo, a banner, a button,
  a spacer belongs to the site, not to one review) and files named like chrome (``spacer.gif``,
  ``logo.png``, ``nav_*``);
- tiny pictures (under 64 pixels on a side: icons, bullets, rating stars) and tracking pixels.

The first large picture near the title (before 1,500 characters of the page's text) that is
upright like a disc case (taller than wide) becomes the front cover; every other picture is a
frame capture. Disc review pages put the case art at the top beside the title, and captures are
landscape frames; a landscape picture at the top is a still, so it stays a capture. This module
imports nothing from Django: it runs in the page-reading worker processes.
"""

from __future__ import annotations

import html
import os
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from reelpress.ingest.importers.media import MissingPicture, inside, relative_src

CHROME_PAGES = 3  # a picture shown by this many pages is the site's, not a review's
MIN_SIDE = 64  # pixels: below this on either side, an icon or a spacer
NEAR_TITLE = 1500  # characters of page text before the picture, for a cover candidate
MAX_PICTURES = 40
_IMG = re.compile(r"<img\b[^>]*>", re.I)
_ATTR = re.compile(r"""([a-zA-Z-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""")
_TAGS = re.compile(r"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<[^>]{0,2000}>", re.I | re.S)
_CHROME_NAME = re.compile(
    r"(^|[-_./])(spacer|pixel|blank|clear|trans(parent)?|logo|banner|button|btn|icon|bullet|arrow|"
    r"nav|menu|header|footer|masthead|rss|star|rating|divider|line|dot|shim)s?([-_.\d]|$)",
    re.I,
)


def _attrs(tag: str) -> dict[str, str]:
    found = {}
    for name, value in _ATTR.findall(tag):
        found.setdefault(name.lower(), html.unescape(value.strip("\"'")))
    return found


def _as_text(page: bytes | str) -> str:
    return page.decode("utf-8", errors="replace") if isinstance(page, bytes) else page


def image_tags(page: bytes | str) -> list[tuple[int, dict[str, str]]]:
    """(offset, attributes) of each ``<img>`` in the page."""
    text = _as_text(page)
    if "<img" not in text and "<IMG" not in text:
        return []
    return [(match.start(), _attrs(match.group(0))) for match in _IMG.finditer(text)]


def resolve(page: str, root: str, src: str) -> Path | None:
    """The file an ``<img src>`` of ``page`` names, if it is relative and inside ``root``."""
    relative = relative_src(src)
    if relative is None:
        return None
    folder = os.path.dirname(os.path.abspath(page))
    try:
        target = inside(root, os.path.relpath(os.path.join(folder, relative), root))
    except (MissingPicture, ValueError):
        return None
    return target


def chrome_files(pages: Iterable[tuple[str, str]], max_bytes: int) -> frozenset[str]:
    """The picture files (real paths) that ``CHROME_PAGES`` or more of ``pages`` (path, root) show."""
    seen: Counter = Counter()
    for page, root in pages:
        try:
            if os.path.getsize(page) > max_bytes:
                continue
            with open(page, "rb") as handle:
                data = handle.read()
        except OSError:
            continue
        files = set()
        for _, attrs in image_tags(data):
            target = resolve(page, root, attrs.get("src", ""))
            if target is not None:
                files.add(os.path.realpath(target))
        seen.update(files)
    return frozenset(name for name, count in seen.items() if count >= CHROME_PAGES)


def _pixels(path: Path) -> tuple[int, int] | None:
    """The picture's size from its header (nothing decoded), or None when it is not a picture."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as im:
            return im.size
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None


def _number(value: str | None) -> int | None:
    match = re.match(r"\s*(\d+)\s*(px)?\s*$", value or "")
    return int(match.group(1)) if match else None


def page_pictures(
    page: bytes | str, path: str, root: str, chrome: frozenset[str] = frozenset()
) -> tuple[list[dict], list[str]]:
    """(ReviewRecord.images entries, notes naming each picture left out) for one page file."""
    tags = image_tags(page)
    if not tags:
        return [], []
    text = _as_text(page)
    images, notes, seen = [], [], set()
    cover_taken = False
    for offset, attrs in tags:
        src = attrs.get("src", "").strip()
        if not src or src.lower().startswith("data:"):
            continue
        relative = relative_src(src)
        if relative is None:
            continue  # on another site or absolute: the page's link, not a file of the archive
        target = resolve(path, root, src)
        if target is None:
            notes.append(f"picture {src[:200]}: outside the folder imported, not read")
            continue
        real = os.path.realpath(target)
        if real in chrome or real in seen or _CHROME_NAME.search(Path(relative).name):
            continue
        width, height = _number(attrs.get("width")), _number(attrs.get("height"))
        if (width is not None and width < MIN_SIDE) or (height is not None and height < MIN_SIDE):
            continue
        if not target.is_file():
            notes.append(f"picture {relative}: no such file beside the page")
            continue
        size = _pixels(target)
        if size is not None and min(size) < MIN_SIDE:
            continue  # tracking pixels, stars, bullets
        seen.add(real)
        if len(images) >= MAX_PICTURES:
            notes.append(f"only the first {MAX_PICTURES} pictures of the page were taken")
            break
        alt = " ".join((attrs.get("alt") or attrs.get("title") or "").split())
        kind = "capture"
        if (
            not cover_taken
            and size is not None
            and size[1] > size[0]
            and _text_before(text, offset) < NEAR_TITLE
        ):
            kind = "front"
        cover_taken = True  # only the first large picture can be the cover
        entry = {"kind": kind, "path": str(target), "alt": alt[:500]}
        images.append({k: v for k, v in entry.items() if v != ""})
    return images, notes


def _text_before(text: str, offset: int) -> int:
    """How many characters of visible text come before ``offset`` in the page."""
    return len(" ".join(html.unescape(_TAGS.sub(" ", text[:offset])).split()))
