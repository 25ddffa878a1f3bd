"""Rate limits on writing in: per address (counted in the database) and per IP (in the cache).

The per-address limit counts stored letters, so it holds across every app process that
shares the database. The per-IP limit uses Django's cache: it is exact with a shared cache
(Redis, Memcached, the database cache) and per process with the default local-memory one.
"""

import datetime as dt
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from reelpress.mail.models import Letter

WINDOW = dt.timedelta(hours=1)


def per_address_limit() -> int:
    """Letters one address may send in an hour (the next one is refused); 0 switches it off."""
    return int(getattr(settings, "REELPRESS_MAIL_PER_ADDRESS_PER_HOUR", 5))


def per_ip_limit() -> int:
    """Letters one client IP may send in an hour; generous, since readers may share an address."""
    return int(getattr(settings, "REELPRESS_MAIL_PER_IP_PER_HOUR", 30))


def address_over_limit(email: str) -> bool:
    """Whether ``email`` has used up its hour. Call inside the transaction that stores the letter."""
    limit = per_address_limit()
    if limit <= 0:
        return False
    if connection.vendor == "postgresql":
        # SQLite's IMMEDIATE transactions already serialise writers; on PostgreSQL two letters
        # from one address at the same instant would both count the same total, so they queue
        # on a lock named by the address until the first one commits.
        key = int.from_bytes(hashlib.sha256(email.lower().encode()).digest()[:8], "big", signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
    return Letter.objects.from_address_since(email, timezone.now() - WINDOW).count() >= limit


def _ip_key(ip: str) -> str:
    # One bucket per clock hour: coarser than a sliding window, but one cache key and one incr.
    hour = timezone.now().strftime("%Y%m%d%H")
    return f"reelpress:mail:ip:{hour}:{ip}"


def ip_over_limit(ip: str | None) -> bool:
    limit = per_ip_limit()
    if not ip or limit <= 0:
        return False
    return int(cache.get(_ip_key(ip), 0)) >= limit


def count_ip(ip: str | None) -> None:
    """Count one stored letter against ``ip``."""
    if not ip or per_ip_limit() <= 0:
        return
    key = _ip_key(ip)
    # add() is a no-op when the key exists, so concurrent first letters don't reset each other.
    cache.add(key, 0, timeout=int(WINDOW.total_seconds()) + 60)
    try:
        cache.incr(key)
    except ValueError:
        # The key expired between add() and incr(): start the new hour at one.
        cache.set(key, 1, timeout=int(WINDOW.total_seconds()) + 60)


def client_ip(request) -> str | None:
    """The peer address. X-Forwarded-For is not trusted: anyone can send it."""
    return request.META.get("REMOTE_ADDR") or None
