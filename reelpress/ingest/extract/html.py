"""HTML pages to text lines, with the site chrome left out.

selectolax (lexbor) parses the page; scripts, styles, navigation, footers, asides, share
bars, comment sections and the like are removed; the rest is walked once, iteratively (a
deeply nested page must not hit Python's recursion limit), with a line break at every
block element and ``<br>``, so a credit line such as ``Starring: <a>A</a>, <a>B</a>`` stays
one line.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

_HTML_SIGNS = re.compile(
    r"<(?:!doctype|html|head|body|div|p|br|table|span|h[1-6]|article|section|meta|li|ul|a\s|b|i|strong|em)[\s>/]",
    re.I,
)

# Removed with their content.
_DROP_TAGS = "script, style, noscript, template, svg, iframe, nav, footer, aside, button, select, object"
_BLOCK = {
    "address",
    "article",
    "blockquote",
    "center",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
    "header",
    "caption",
    "body",
    "html",
}
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


def _walk(root) -> list[str]:
    """Text of ``root`` with a newline at each block boundary, in document order."""
    out: list[str] = []
    stack: list = [root]
    in_pre = 0
    while stack:
        node = stack.pop()
        if isinstance(node, str):  # leaving an element
            if node == "pre":
                in_pre -= 1
            if node in _BLOCK:
                out.append("\n")
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
            out.append("\n")
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


def html_to_lines(text: str) -> tuple[list[str], str | None, list[str]]:
    """(text lines, the ``<title>``, the ``<h1>`` headings) of an HTML page."""
    tree = LexborHTMLParser(text)
    title_node = tree.css_first("title")
    title = title_node.text(strip=True) if title_node is not None else None
    _remove_chrome(tree)
    headings = [h.text(separator=" ", strip=True) for h in tree.css("h1")[:5]]
    headings = [h for h in headings if h]
    root = tree.body if tree.body is not None else tree.root
    if root is None:
        return [], title, headings
    lines = "".join(_walk(root)).split("\n")
    return lines, title or None, headings
