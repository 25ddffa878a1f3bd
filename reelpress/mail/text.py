"""Reader text: cleaning what comes in, and rendering it as safe HTML paragraphs.

Everything a reader types is plain text. It is escaped before any markup is added, links
are made only from http(s) URLs and only when asked (approved letters), and the result
goes through nh3 as a second, independent safelist.
"""

import re
import unicodedata

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# C0/C1 controls and DEL, except tab and newline which are kept in multi-line text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Invisible direction overrides can make text display differently from what it says.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f]")
_URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
# Punctuation that ends a sentence rather than a URL.
_TRAILING = ".,;:!?)]}'\""
LINK_REL = "nofollow ugc noopener"


def clean_multiline(text: str | None) -> str:
    """Normalise newlines, drop control and bidi-override characters, keep tabs and newlines."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _BIDI.sub("", _CONTROL.sub("", text))
    # NFC so that the same visible text is stored (and counted) the same way.
    return unicodedata.normalize("NFC", text).strip()


def clean_line(text: str | None) -> str:
    """One line of text (name, subject): every run of whitespace, newlines included, is one space."""
    return re.sub(r"\s+", " ", clean_multiline(text)).strip()


def _linkify_escaped(text: str) -> str:
    """Escape ``text`` and turn each http(s) URL in it into a link for user-generated content."""
    out: list[str] = []
    pos = 0
    for match in _URL.finditer(text):
        url = match.group(0)
        trimmed = url.rstrip(_TRAILING)
        # Keep a closing parenthesis that belongs to the URL, as in Wikipedia links.
        while url[len(trimmed) : len(trimmed) + 1] == ")" and trimmed.count("(") > trimmed.count(")"):
            trimmed += ")"
        out.append(escape(text[pos : match.start()]))
        out.append(_link(trimmed))
        pos = match.start() + len(trimmed)
    out.append(escape(text[pos:]))
    return "".join(out)


def _link(url: str) -> str:
    """A link to ``url`` (its scheme lower-cased), or the URL as text when it is not one a browser
    would follow: the sanitiser below drops an href it cannot parse ("http://[", a port past
    65535, a host that is no name or address), which would leave an <a> that goes nowhere."""
    scheme, rest = url.split(":", 1)
    link = f'<a href="{escape(scheme.lower() + ":" + rest)}" rel="{LINK_REL}">{escape(url)}</a>'
    kept = nh3.clean(link, tags={"a"}, attributes={"a": {"href"}}, url_schemes={"http", "https"})
    return link if "href=" in kept else escape(url)


def render_paragraphs(text: str | None, *, links: bool = False) -> SafeString:
    """Plain text to HTML paragraphs: escaped first, then <p>/<br>, links only if ``links``."""
    text = clean_multiline(text)
    if not text:
        return mark_safe("")  # noqa: S308 - empty string
    paragraphs = []
    for block in re.split(r"\n\s*\n", text):
        inner = _linkify_escaped(block) if links else escape(block)
        paragraphs.append("<p>" + inner.replace("\n", "<br>") + "</p>")
    html = nh3.clean(
        "\n".join(paragraphs),
        tags={"p", "br", "a"} if links else {"p", "br"},
        attributes={"a": {"href"}} if links else {},
        url_schemes={"http", "https"},
        link_rel=LINK_REL,
    )
    return mark_safe(html)  # noqa: S308 - escaped above, then sanitised by nh3
