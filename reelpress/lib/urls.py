"""``slug_url``: ``reverse()`` for the pages named by one slug, without walking the URL resolver
for each link (a review page prints dozens: credits, editions, related reviews)."""

from __future__ import annotations

import functools
import re

from django.urls import get_script_prefix, get_urlconf, reverse

_SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")  # Django's slug converter; nothing in it is ever quoted
_MARK = "reelpress-slug-mark"  # a slug no route's fixed text contains


@functools.lru_cache(maxsize=256)
def _around(name: str, urlconf, prefix: str) -> tuple[str, str]:
    """What ``reverse(name)`` puts before and after the slug, for this URLconf and script prefix."""
    head, mark, tail = reverse(name, urlconf=urlconf, args=[_MARK]).partition(_MARK)
    if not mark:
        raise ValueError(f"{name!r} does not print its slug argument")
    return head, tail


def slug_url(name: str, slug) -> str:
    """``reverse(name, args=[slug])`` for a URL whose one argument is a slug, resolved once per
    URL name; what is not a slug goes through ``reverse()`` itself (and fails as it would)."""
    if not isinstance(slug, str) or not _SLUG.match(slug):
        return reverse(name, args=[slug])
    head, tail = _around(name, get_urlconf(), get_script_prefix())
    return head + slug + tail
