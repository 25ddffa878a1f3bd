"""``CACHE_URL`` to a Django ``CACHES`` entry: where the shared page cache lives.

file:///var/cache/reelpress          lib/filecache.FileCache in that folder (the default, in the data folder)
db://reelpress_cache                 DatabaseCache in that table (`reelpress createcachetable`)
redis://host:6379/0, rediss://...    RedisCache (needs the `redis` package)
memcached://host:11211[,host2:11211] PyMemcacheCache (needs `pymemcache`)
locmem://                            one process only: tests and a single-worker development server
"""

from __future__ import annotations

from urllib.parse import urlsplit


class CacheUrlError(ValueError):
    pass


def parse(url: str, *, max_entries: int = 50_000) -> dict:
    """The ``CACHES`` entry for ``url``; a scheme it does not know raises ``CacheUrlError`` naming it."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    options = {"MAX_ENTRIES": max_entries}
    if scheme == "file":
        if not parts.path:
            raise CacheUrlError(f"CACHE_URL {url!r}: give a folder, e.g. file:///var/cache/reelpress")
        return {
            "BACKEND": "reelpress.lib.filecache.FileCache",
            "LOCATION": parts.path,
            "OPTIONS": options,
        }
    if scheme == "db":
        table = (parts.netloc + parts.path).strip("/") or "reelpress_cache"
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": table,
            "OPTIONS": options,
        }
    if scheme in ("redis", "rediss"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme in ("memcached", "pymemcache"):
        hosts = [h for h in parts.netloc.split(",") if h]
        return {"BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache", "LOCATION": hosts}
    if scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": parts.netloc or "pages",
            "OPTIONS": options,
        }
    raise CacheUrlError(
        f"CACHE_URL {url!r}: unknown scheme {scheme!r}; use file://, db://, redis://, memcached:// or locmem://"
    )
