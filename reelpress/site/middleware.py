"""Request and response details Django has no setting for: the client's address behind a proxy,
``Permissions-Policy``."""

import functools
import ipaddress

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@functools.lru_cache(maxsize=4)
def _networks(entries: tuple[str, ...]) -> tuple:
    try:
        return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"REELPRESS_TRUSTED_PROXIES: {error} (give addresses or networks, comma-separated)"
        ) from None


def _trusted(address: str, networks) -> bool | None:
    """True/False for a proxy we trust or not; None for something that is not an address."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    return any(ip in network for network in networks)


def forwarded_client(get_response):
    """Behind proxies named in ``settings.TRUSTED_PROXIES``, make ``REMOTE_ADDR`` the client's.

    A request whose peer is a trusted proxy carries ``X-Forwarded-For``, to which each proxy
    appended the address it was connected from. Read from the right, the first address that is
    not a trusted proxy is the client: what is left of it was written by the client itself and
    proves nothing. Login lockouts and reader-mail limits count by ``REMOTE_ADDR``, so without
    this every reader behind the proxy would be one address.
    """

    def middleware(request):
        networks = _networks(tuple(settings.TRUSTED_PROXIES))
        meta = request.META
        if networks and _trusted(meta.get("REMOTE_ADDR", ""), networks):
            hops = [hop.strip() for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
            for hop in reversed(hops):
                trusted = _trusted(hop, networks)
                if trusted is None:  # garbage: nothing to its left can be believed either
                    break
                if not trusted:
                    meta["REMOTE_ADDR"] = hop
                    break
        return get_response(request)

    return middleware


def permissions_policy(get_response):
    """Add ``Permissions-Policy`` (``settings.PERMISSIONS_POLICY``) to every response."""

    def middleware(request):
        response = get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware
