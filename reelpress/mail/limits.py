"""Rate limits on writing in: per address and per client IP, both counted in the database.

Each limit counts the letters stored over the last hour (a sliding hour, not a clock hour), in
the transaction that stores the next one, so it holds across every app process and machine
that shares the database. Letters a bot dropped into the honeypot are never stored, so never
counted; letters an editor deletes stop counting.
"""

import datetime as dt
import hashlib

from django.conf import settings
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


def _queue_behind(key: str) -> None:
    """On PostgreSQL, wait for any other transaction counting the same sender to commit.

    SQLite's IMMEDIATE transactions already serialise writers; on PostgreSQL two letters from
    one sender at the same instant would both count the same total, so they queue on a lock
    named by the sender until the first one commits.
    """
    if connection.vendor != "postgresql":
        return
    lock = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock])


def address_over_limit(email: str) -> bool:
    """Whether ``email`` has used up its hour. Call inside the transaction that stores the letter."""
    limit = per_address_limit()
    if limit <= 0:
        return False
    _queue_behind(email.lower())
    return Letter.objects.from_address_since(email, timezone.now() - WINDOW).count() >= limit


def ip_over_limit(ip: str | None) -> bool:
    """Whether ``ip`` has used up its hour. Call inside the transaction that stores the letter."""
    limit = per_ip_limit()
    if not ip or limit <= 0:
        return False
    _queue_behind(f"ip:{ip}")
    return Letter.objects.from_ip_since(ip, timezone.now() - WINDOW).count() >= limit


def client_ip(request) -> str | None:
    """The peer address. X-Forwarded-For is not trusted: anyone can send it."""
    return request.META.get("REMOTE_ADDR") or None
