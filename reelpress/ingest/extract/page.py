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

from .html import html_to_lines, looks_like_html

_SOURCE = re.compile(r"^\s{0,20}#\s{0,5}source:\s{0,5}(\S{1,2000})", re.I)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
# C0 controls other than tab and newline, and DEL: junk in a text page.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BULLETS = re.compile(r"^(?:[•·▪◦●‣∙]\s?)+")


@dataclass
class Page:
    """A page ready for the layouts: its lines, where it came from, and HTML hints."""

    lines: list[str]
    source_url: str | None = None
    is_html: bool = False
    html_title: str | None = None
    headings: list[str] = field(default_factory=list)

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


def load(data: bytes | str) -> Page:
    """Decode ``data`` and turn it into a :class:`Page`."""
    text = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    source_url, text = split_source(text)
    text = _CONTROLS.sub("", text)
    if looks_like_html(text):
        lines, title, headings = html_to_lines(text)
        page = Page([clean_line(x) for x in lines], source_url, True, title, headings)
    else:
        page = Page([clean_line(x) for x in text.split("\n")], source_url)
    return page
