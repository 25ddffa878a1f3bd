"""The site's public address, the one every absolute link uses (canonical, og:url, JSON-LD, API, emails).

``REELPRESS_SITE_URL`` when set (production, behind a proxy) wins everywhere. Without it a page
links to the address it was asked for (the request's scheme and host, checked against
``ALLOWED_HOSTS``), and what has no request (emails, commands) to ``http://HOST:PORT``, the
address ``reelpress serve`` binds: so ``PORT=9000 make run`` links to port 9000 throughout.
"""

from __future__ import annotations

from django.conf import settings


def site_url(request=None) -> str:
    """The site's address without a trailing slash, for this request when there is one."""
    if settings.SITE_URL_CONFIGURED or request is None:
        return settings.SITE_URL
    return f"{request.scheme}://{request.get_host()}"


def absolute(path: str, request=None) -> str:
    """A site path (``/reviews/them/``) as an absolute URL."""
    return site_url(request) + path
