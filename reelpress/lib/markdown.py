"""Markdown to safe HTML: markdown-it-py (CommonMark, raw HTML escaped) then nh3 with a safelist.

Bodies come from editors, importers and the API, so the HTML is cleaned whatever the source:
no ``<script>``, no event handlers, no ``javascript:`` URLs can reach a page.
"""

from __future__ import annotations

import hashlib

import nh3
from django.conf import settings
from django.core.cache import cache, caches
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from markdown_it import MarkdownIt

# Bump when the renderer or the safelist changes, so cached HTML is not served stale.
RENDER_VERSION = "1"

TAGS = {
    "p", "br", "hr", "em", "strong", "i", "b", "u", "s", "del", "ins", "sub", "sup", "small", "mark",
    "a", "abbr", "cite", "q", "code", "pre", "kbd", "samp", "blockquote", "ul", "ol", "li", "dl", "dt", "dd",
    "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "figure", "figcaption", "img",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto"}

# Inline HTML is allowed through markdown-it because imported bodies carry <i>Title</i> and the
# like; everything then goes through nh3, which drops what the safelist does not name.
_md = MarkdownIt("commonmark", {"html": True, "typographer": True}).enable(
    ["table", "strikethrough", "replacements", "smartquotes"]
)


def _demote_headings(html: str) -> str:
    # The page owns <h1>; a "# Heading" in a body becomes <h2> so the outline stays sound.
    return html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")


def render(text: str | None) -> SafeString:
    """Markdown source as sanitised HTML, safe to put in a template unescaped."""
    if not text or not text.strip():
        return mark_safe("")  # noqa: S308 - an empty string
    html = _demote_headings(_md.render(text))
    cleaned = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
        clean_content_tags={"script", "style", "iframe", "object", "template", "noscript"},
    )
    return mark_safe(cleaned)  # noqa: S308 - cleaned by nh3 with the safelist above


def _kept(key: str, work, timeout: int) -> str:
    """``work()``'s string kept under ``key`` in this process's cache and in the shared store."""
    value = cache.get(key)
    if value is None:
        shared = caches[settings.PAGE_CACHE_ALIAS]
        value = shared.get(key)
        if value is None:
            value = work()
            shared.set(key, value, timeout)
        cache.set(key, value, timeout)
    return value


def summary_cached(text: str | None, chars: int = 300, timeout: int = 60 * 60 * 24) -> str:
    """The rendered text as plain words, cut at ``chars`` (a page's summary when the critic wrote
    no blurb), kept by a hash of the source like ``render_cached``: stripping the tags of an
    800-word body took about 2 ms a request."""
    if not text or not text.strip():
        return ""
    key = f"md-summary:{RENDER_VERSION}:{chars}:" + hashlib.sha256(text.encode()).hexdigest()
    return _kept(
        key,
        lambda: Truncator(" ".join(strip_tags(str(render_cached(text))).split())).chars(chars),
        timeout,
    )


def render_cached(text: str | None, timeout: int = 60 * 60 * 24) -> SafeString:
    """``render`` with the result kept by a hash of the text itself: in this process (the
    ``default`` cache), then in the store every worker shares (the page cache's), so a text is
    rendered once for the site, not once per worker, and survives the page cache's retirements.

    Keying by a hash of the source (not by row id and time) means an edit can never be served
    stale, and two reviews quoting the same text share one entry.
    """
    if not text or not text.strip():
        return mark_safe("")  # noqa: S308 - an empty string
    key = "md:" + RENDER_VERSION + ":" + hashlib.sha256(text.encode()).hexdigest()
    html = _kept(key, lambda: str(render(text)), timeout)
    return mark_safe(html)  # noqa: S308 - produced by render(), sanitised before caching
