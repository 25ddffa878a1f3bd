"""HTML pages to text lines, with the site chrome left out.

selectolax (lexbor) parses the page; scripts, styles, navigation, footers, asides, share
bars, comment sections and the like are removed; the rest is walked once, iteratively (a
deeply nested page must not hit Python's recursion limit), with a line break at every
block element and ``<br>``, so a credit line such as ``Starring: <a>A</a>, <a>B</a>`` stays
one line.
"""

from __future__ import annotations

import html as htmllib
import json
import re

from selectolax.lexbor import LexborHTMLParser

from .vocab import words

_HTML_SIGNS = re.compile(
    r"<(?:!doctype|html|head|body|div|p|br|table|span|h[1-6]|article|section|meta|li|ul|a\s|b|i|strong|em"
    r"|rss|item|content:encoded)[\s>/]",
    re.I,
)

# Removed with their content.
_DROP_TAGS = "script, style, noscript, template, svg, iframe, nav, footer, aside, button, select, object"
_BLOCK = set(
    words(
        "address|article|blockquote|center|dd|div|dl|dt|figcaption|figure|h1|h2|h3|h4|h5|h6|hr|li|main|ol|p|"
        "pre|section|table|tbody|td|th|thead|tr|ul|header|caption|body|html"
    )
)
# A class or id holding one of these marks chrome: menus, share bars, comments, banners.
_CHROME_WORDS = (
    "comment",
    "share",
    "sharing",
    "social",
    "sidebar",
    "widget",
    "donat",
    "advert",
    "cookie",
    "newsletter",
    "subscribe",
    "related",
    "breadcrumb",
    "menu",
    "navbar",
    "navigation",
    "site-header",
    "site-footer",
    "footer",
    "masthead",
    "popup",
    "modal",
    "skip-link",
    "screen-reader",
    "topbar",
    "top-bar",
)
_CHROME_CANDIDATES = "div, section, ul, ol, li, span, p, table, td, dl, figure, header"
# Checking whether a chrome-looking box holds the article costs a subtree walk; cap the
# number of such checks so nested boxes cannot make the work quadratic.
_MAX_CHROME_CHECKS = 400


# lexbor's tree building costs time proportional to the depth of open block elements for each
# new one, so a page of thousands of unclosed <div>s takes quadratic time. Such a page (no real
# one nests more than a few dozen deep) is read by the plain tag stripper instead.
_NESTING_TAGS = re.compile(
    r"<(/?)(div|table|ul|ol|dl|center|blockquote|section|article|aside|nav|header|footer|main|fieldset|figure"
    r"|details|menu|address)\b",
    re.I,
)
# Unclosed formatting elements are reopened before each new block: the same quadratic cost.
_FORMATTING_TAGS = re.compile(r"<(/?)(a|b|big|code|em|font|i|nobr|s|small|strike|strong|tt|u)\b", re.I)
_MAX_DEPTH = 1500
_STRIP_BLOCKS = ("script", "style", "noscript", "template", "svg")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]{0,15})\b[^<>]{0,2000}>|<!--|<![^<>]{0,2000}>")


def too_deep(text: str) -> bool:
    """True when block elements nest deeper than any real page does."""
    for pattern in (_NESTING_TAGS, _FORMATTING_TAGS):
        depth = 0
        for m in pattern.finditer(text):
            depth += -1 if m.group(1) else 1
            if depth > _MAX_DEPTH:
                return True
    return False


def strip_tags(text: str) -> list[str]:
    """Lines of an HTML text without a parser: linear-time fallback for pathological pages."""
    out: list[str] = []
    pos = 0
    lower = text.lower()
    while pos < len(text):
        m = _TAG.search(text, pos)
        if not m:
            out.append(text[pos:])
            break
        out.append(text[pos : m.start()])
        pos = m.end()
        if m.group(0) == "<!--":
            end = text.find("-->", pos)
            pos = len(text) if end < 0 else end + 3
            continue
        name = (m.group(2) or "").lower()
        if name in _STRIP_BLOCKS and not m.group(1):
            end = lower.find(f"</{name}", pos)
            pos = len(text) if end < 0 else end
            continue
        if name in _BLOCK or name == "br":
            out.append("\n")
    return htmllib.unescape("".join(out).replace("\r", "")).split("\n")


def looks_like_html(text: str) -> bool:
    """True when the text is markup rather than a plain-text page."""
    count = 0
    for _ in _HTML_SIGNS.finditer(text[:20000]):
        count += 1
        if count >= 2:
            return True
    return False


def _is_chrome(node) -> bool:
    attrs = node.attributes or {}
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
    if not names.strip():
        return False
    for token in names.split():
        if token in ("ad", "ads") or token.startswith(("ad-", "ads-")):
            return True
        if any(word in token for word in _CHROME_WORDS):
            return True
    return False


def _inside_article(node) -> bool:
    parent = node.parent
    for _ in range(60):
        if parent is None:
            return False
        if parent.tag in ("article", "main"):
            return True
        parent = parent.parent
    return False


def _remove_chrome(tree: LexborHTMLParser) -> None:
    for node in tree.css(_DROP_TAGS):
        node.decompose()
    checks = 0
    for node in tree.css(_CHROME_CANDIDATES):
        if node.parent is None:
            continue
        if node.tag == "header":
            if _inside_article(node):
                continue
        elif not _is_chrome(node):
            continue
        checks += 1
        if checks > _MAX_CHROME_CHECKS:
            break
        # A box that holds the headline or the article itself is layout, not chrome.
        if node.css_first("h1, article, main, [itemprop=reviewBody], .entry-content, .post-content"):
            continue
        node.decompose()


# Block boundaries are marked while walking and settled afterwards, as a browser's innerText
# does: a paragraph-like element leaves a blank line around it, another block a line break.
_SOFT, _HARD = "\x01", "\x02"
_PARAGRAPHS = set(words("p|h1|h2|h3|h4|h5|h6|blockquote|pre|table|ul|ol|dl|hr|figure|section|article"))
_BREAKS = re.compile("[\x01\x02][\x01\x02 \t\n]*")


def _settle_breaks(text: str) -> str:
    return _BREAKS.sub(lambda m: "\n\n" if _HARD in m.group(0) else "\n", text)


def _walk(root) -> list[str]:
    """Text of ``root`` with break marks at block boundaries, in document order."""
    out: list[str] = []
    stack: list = [root]
    in_pre = 0
    while stack:
        node = stack.pop()
        if isinstance(node, str):  # leaving an element
            if node == "pre":
                in_pre -= 1
            if node in _BLOCK:
                out.append(_HARD if node in _PARAGRAPHS else _SOFT)
            continue
        tag = node.tag
        if tag == "-text":
            text = node.text(deep=False) or ""
            out.append(text if in_pre else text.replace("\n", " "))
            continue
        if tag in ("-comment", "-doctype") or tag is None:
            continue
        if tag == "br":
            out.append("\n")
            continue
        if tag in _BLOCK:
            out.append(_HARD if tag in _PARAGRAPHS else _SOFT)
        if tag == "li":
            out.append("• ")  # marks the list item; the page loader records and removes it
        if tag == "pre":
            in_pre += 1
        stack.append(tag)
        children = []
        child = node.child
        while child is not None:
            children.append(child)
            child = child.next
        stack.extend(reversed(children))
    return out


_WXR_TITLE = re.compile(r"<title>(?:<!\[CDATA\[)?(.{0,500}?)(?:\]\]>)?</title>", re.S)
_WXR_CONTENT = "<content:encoded>"


def unwrap_wxr(text: str) -> str:
    """A WordPress export item as an HTML page: its title as the heading, then its content.

    The post's HTML sits in a CDATA section, which an HTML parser would take for a comment.
    """
    start = text.find(_WXR_CONTENT)
    if start < 0:
        return text
    item_start = text.rfind("<item", 0, start)
    m = _WXR_TITLE.search(text, item_start if item_start >= 0 else 0, start)
    end = text.find("</content:encoded>", start)
    content = text[start + len(_WXR_CONTENT) : end if end >= 0 else len(text)]
    content = content.replace("<![CDATA[", "").replace("]]>", "")
    title = htmllib.escape(htmllib.unescape(m.group(1).strip())) if m else ""
    # WordPress stores paragraphs as blank-line separated text, not <p> elements.
    content = content.replace("\n", "<br>\n")
    return f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{content}</body></html>"


_META_TITLES = ('meta[property="og:title"]', 'meta[name="twitter:title"]', 'meta[itemprop="name"]')
_JSON_LD_NAME = re.compile(r'"(?:name|headline)"\s*:\s*"((?:[^"\\]|\\.){1,200})"')


def meta_titles(tree: LexborHTMLParser) -> list[str]:
    """The titles a page states about itself: Open Graph and Twitter titles, schema.org names in
    JSON-LD (the reviewed item's first). Read before the chrome is removed; never raises."""
    found: list[str] = []
    for selector in _META_TITLES:
        for node in tree.css(selector)[:2]:
            content = (node.attributes.get("content") or "").strip()
            if content:
                found.append(htmllib.unescape(content)[:300])
    for node in tree.css('script[type="application/ld+json"]')[:5]:
        raw = node.text()[:20_000]
        for m in _JSON_LD_NAME.finditer(raw):
            try:
                found.append(json.loads(f'"{m.group(1)}"')[:300])
            except ValueError:
                continue
    out: list[str] = []
    for title in found:
        if title and title not in out:
            out.append(title)
    return out[:8]


def html_to_lines(text: str) -> tuple[list[str], str | None, list[str]]:
    """(text lines, the ``<title>``, the ``<h1>`` headings) of an HTML page or WordPress export."""
    lines, title, headings, _ = read_html(text)
    return lines, title, headings


def read_html(text: str) -> tuple[list[str], str | None, list[str], list[str]]:
    """(text lines, the ``<title>``, the ``<h1>`` headings, the metadata titles) of an HTML page."""
    text = unwrap_wxr(text)
    if too_deep(text):
        return strip_tags(text), None, [], []
    tree = LexborHTMLParser(text)
    title_node = tree.css_first("title")
    title = title_node.text(strip=True) if title_node is not None else None
    metas = meta_titles(tree)
    _remove_chrome(tree)
    headings = [h.text(separator=" ", strip=True) for h in tree.css("h1")[:5]]
    headings = [h for h in headings if h]
    root = tree.body if tree.body is not None else tree.root
    if root is None:
        return [], title, headings, metas
    lines = _settle_breaks("".join(_walk(root))).split("\n")
    return lines, title or None, headings, metas
