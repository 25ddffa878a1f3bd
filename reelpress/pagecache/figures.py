"""Figures worked out once per generation (not once per request): what no tally keeps, such as
the catalogue's sizes for the sitemap and a review's "more like this" (the archive's counts by
year, verdict, format, decade, tag and label are tallies: ``reelpress.counts``).

Kept in the shared cache under the live generation token, so any committed write to a public
table retires them with the pages, and no later than the next scheduled publication.
"""

from __future__ import annotations

import hashlib

from django.utils import timezone

from reelpress.pagecache import generation, schedule


def remember(name: str, compute):
    """``compute()``, or what it gave under the live generation if its time has not passed."""
    store = generation.cache()
    key = "figure:" + hashlib.blake2b(f"{generation.current()}|{name}".encode(), digest_size=16).hexdigest()
    now = timezone.now()
    found = store.get(key)
    if found is not None and (found[0] is None or now.timestamp() < found[0]):
        return found[1]
    valid_until = schedule.next_change(now)  # before the figures are read: nothing later is in them
    value = compute()
    timeout = 24 * 60 * 60
    if valid_until is not None:
        timeout = max(1, min(timeout, int(valid_until - now.timestamp()) + 1))
    store.set(key, (valid_until, value), timeout)
    return value
