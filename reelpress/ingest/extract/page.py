"""From raw bytes to a :class:`Page`: decoded text, the ``# source:`` URL, clean lines.

Decoding never fails: UTF-8 (with or without a BOM, or UTF-16 with one) first, then
cp1252, then latin-1, which maps every byte. HTML is turned into text lines by
:mod:`.html`; plain text is split as it is. Each line is stripped and its runs of spaces
collapsed, so the layouts can match whole lines.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from .html import looks_like_html, read_html

_SOURCE = re.compile(r"^\s{0,20}#\s{0,5}source:\s{0,5}(\S{1,2000})", re.I)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
# C0 controls other than tab and newline, and DEL: junk in a text page.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BULLETS = re.compile(r"^(?:[•·▪◦●‣∙]\s?)+")
# A list item's mark: a bullet sign, or a dash or star followed by a space.
_ITEM_MARK = re.compile(r"^(?:[•·▪◦●‣∙]|[-–—*](?=\s))")


@dataclass
class Page:
    """A page ready for the layouts: its lines, where it came from, and HTML hints."""

    lines: list[str]
    source_url: str | None = None
    is_html: bool = False
    html_title: str | None = None
    headings: list[str] = field(default_factory=list)
    # Titles the HTML states about itself: og:title, twitter:title, JSON-LD names.
    meta_titles: list[str] = field(default_factory=list)
    # Line index -> the mark that opened it ("•", "-", "*"...): list items, whose mark
    # ``clean_line`` may have removed.
    bullets: dict[int, str] = field(default_factory=dict)

    def text(self) -> str:
        """The page's lines joined back into one text."""
        return "\n".join(self.lines)


def decode(data: bytes | str) -> str:
    """Bytes to text, whatever the encoding; a str is returned as it is (less a BOM)."""
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace").lstrip("\ufeff")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte.
        return data.decode("latin-1")


def split_source(text: str) -> tuple[str | None, str]:
    """Remove a first line ``# source: URL`` and return (URL, rest of the page)."""
    head, sep, rest = text.partition("\n")
    m = _SOURCE.match(head)
    if m:
        return m.group(1), rest
    return None, text


def clean_line(line: str) -> str:
    """One line stripped, with spaces collapsed and leading bullets removed."""
    line = _SPACES.sub(" ", line).strip()
    return _BULLETS.sub("", line).strip()


_WORDS = re.compile(r"\b[a-z]{2,}[,;]?\s")
_LAST_SEPARATOR = re.compile(r".*(?:, | / | \| | & |,)", re.S)


def trim_cut_line(line: str) -> str:
    """The last line of a page cut short, less its unfinished last item.

    ``Starring: A, B, Sam Shepar`` keeps A and B; a short fragment with no separator
    (``Tay Garn``) is dropped; a long line of prose is kept as it is.
    """
    if len(line) >= 2000 or len(_WORDS.findall(line)) >= 12:
        return line  # prose: the review's body, cut mid-sentence
    if re.search(r"[.!?][\"”’)]?$", line) and len(_WORDS.findall(line)) >= 4:
        return line  # a finished sentence: the file simply has no newline at its end
    m = _LAST_SEPARATOR.match(line)
    if m:
        return line[: m.end()].rstrip(",&/| ")
    return line if len(line) >= 120 else ""


def item_mark(line: str) -> str | None:
    """The list-item mark opening a raw line, or None."""
    m = _ITEM_MARK.match(_SPACES.sub(" ", line[:20]).strip())
    return m.group(0) if m else None


def _squeeze_blanks(lines: list[str], marks: list[str | None]) -> tuple[list[str], dict[int, str]]:
    """At most two blank lines in a row: the gap still shows, and markup that leaves thousands
    of empty lines behind cannot push the text past the layouts' scanning windows. Returns the
    lines and, by their new index, the list-item marks."""
    out: list[str] = []
    bullets: dict[int, str] = {}
    blanks = 0
    for line, mark in zip(lines, marks):
        blanks = blanks + 1 if not line else 0
        if blanks <= 2:
            if mark and line:
                bullets[len(out)] = mark
            out.append(line)
    return out, bullets


def load(data: bytes | str, *, force_html: bool = False) -> Page:
    """Decode ``data`` and turn it into a :class:`Page` (``force_html``: parse it as HTML)."""
    text = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    source_url, text = split_source(text)
    text = _CONTROLS.sub("", text)
    tail = text[-200:].rstrip(" \t")
    if (force_html and "<" in text) or looks_like_html(text):
        raw, title, headings, metas = read_html(text)
        page = Page([clean_line(x) for x in raw], source_url, True, title, headings, metas)
        cut = bool(tail) and not tail.endswith((">", "\n"))
    else:
        raw = text.split("\n")
        page = Page([clean_line(x) for x in raw], source_url)
        cut = bool(tail) and not tail.endswith("\n")
    page.lines, page.bullets = _squeeze_blanks(page.lines, [item_mark(x) for x in raw])
    if cut:
        # An archive kept only the page's opening: its last line stops mid-word.
        last = max((i for i, x in enumerate(page.lines) if x), default=None)
        if last is not None:
            page.lines[last] = trim_cut_line(page.lines[last])
    return page


# "Director - Ishiro Honda": a label and its value joined by a dash instead of a colon.
_DASH_LABEL = re.compile(r"^([A-Z][A-Za-z'’/&() ]{1,30}?)\s[-–—]\s(\S.{0,300})$")
# Facts run together: "Directed by X. Starring A, B." and "Color, 1973 / Directed by X / Starring ...".
_ROLE_JOIN = re.compile(
    r"(?:\.\s|\s/\s|\s\|\s)(?=(?:Directed|Written|Produced|Starring|Staring|Stars|With|Music|Photographed|"
    r"Screenplay|Cinematography|Edited|Cast|Director|Studio|Format|Label|Distributor|Released)\b)"
)


_SENTENCE_END = re.compile(r"(?<=[a-z]{2})\.\s(?=[A-Z])")
_FACT_LINES = 5000  # the facts of a review are in its opening; a long tail is kept as it is


def fact_lines(lines: list[str], is_label) -> list[str]:
    """The page's lines for the readers of labelled facts: dash-joined labels written with a colon,
    a list-item dash removed, and facts run together on one line put on lines of their own.

    ``is_label`` tells a label (``Director``) from any capitalised words. The result has as many
    lines as the page or more; readers that count lines (list items) use the page's own."""
    out: list[str] = []
    for n, line in enumerate(lines):
        if not line or len(line) > 400 or n >= _FACT_LINES:
            out.append(line)
            continue
        line = re.sub(r"^[-–]\s(?=[A-Z])", "", line)
        m = _DASH_LABEL.match(line)
        if m and is_label(m.group(1) + ":"):
            line = f"{m.group(1)}: {m.group(2)}"
        if "|" in line and (line.endswith("|") or line.count("|") >= 2):
            out.extend(_table_row(line, is_label))
            continue
        parts = _ROLE_JOIN.split(line) if len(line) < 400 else [line]
        if len(parts) > 1:
            # "Directed by X. Aspect ratio: ...": a credit ends with its sentence.
            parts = [q for p in parts for q in _SENTENCE_END.split(p, maxsplit=1)]
        out.extend(p.strip() for p in parts if p.strip())
    return out


def _table_row(line: str, is_label) -> list[str]:
    """A table row flattened with pipes, "Running Time | 84:03 | Directed By | Robin Hardy |", as
    labelled lines: "Running Time: 84:03", "Directed By: Robin Hardy". A label closing the row
    stands alone, so its value is read from the next line. Rows without labels stay as they are."""
    if re.match(r"^[^|]{1,40}:\s?\S", line):
        return [line]  # "Staring: A | B | C": one labelled line whose names pipes separate
    cells = [c.strip() for c in line.split("|")]
    cells = [c for c in cells if c and not re.fullmatch(r"!\[\]\(\)|[-=]+", c)]
    if not cells:
        return [""]
    labels = [":" not in c and is_label(c + ":") for c in cells]
    if not any(labels):
        return [" | ".join(cells)]
    out: list[str] = []
    k = 0
    while k < len(cells):
        cell = cells[k]
        if labels[k]:
            following = cells[k + 1] if k + 1 < len(cells) else None
            if following is not None and not labels[k + 1]:
                out.append(f"{cell}: {following}")
                k += 2
                continue
            out.append(f"{cell}:")
        else:
            out.append(cell)
        k += 1
    return out
