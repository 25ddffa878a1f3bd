"""Serve anonymous readers whole cached pages, before sessions, CSRF, auth and messages run.

"Anonymous" is decided from the request alone: no session cookie, no messages cookie, no
``Authorization`` header. Such a GET or HEAD is answered from the cache when the live
generation (``generation.current()``) holds the page; otherwise the view renders it and the
page is stored unless it is per-visitor (it set a cookie, used the CSRF token, or said
``private`` / ``no-store``). Every answer of a cached page carries ``ETag`` and
``Last-Modified`` (a matching conditional request gets 304), the stored gzip or brotli form the
client accepts, and ``Cache-Control`` that lets a shared cache keep it but revalidate. Anyone
else (an editor) gets the live page, marked ``private, no-store``.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe

from reelpress.pagecache import generation, schedule
from reelpress.pagecache.entry import Entry

STORED_STATUSES = {200, 301, 404, 410}
VARY = "Cookie, Accept-Encoding"
PRIVATE = "private, no-store"
STATUS_HEADER = "X-Page-Cache"  # hit / miss: for operators and tests


def code_version() -> str:
    """Changes when the code or templates change, or the site's name or address: a deploy
    must not serve pages rendered by the previous code."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".html", ".txt", ".xml") and "tests" not in path.parts:
            stat = path.stat()
            digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size}".encode())
    digest.update(f"{settings.SITE_NAME}|{settings.SITE_URL}|{settings.SITE_URL_CONFIGURED}".encode())
    return digest.hexdigest()


def shared_cache_control() -> str:
    """What a shared cache (proxy, CDN) may do with a public page: keep it for
    ``PAGE_CACHE_PROXY_MAX_AGE`` seconds, or (0, the default) keep it but ask every time."""
    max_age = settings.PAGE_CACHE_PROXY_MAX_AGE
    return f"public, max-age=0, s-maxage={max_age}" if max_age else "public, no-cache"


class LocalPages:
    """A small per-process copy of recent pages, in front of the shared cache.

    Keys include the generation token, so this copy can never be staler than the shared one.
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.size = 0
        self.items: OrderedDict[str, Entry] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> Entry | None:
        with self.lock:
            entry = self.items.get(key)
            if entry is not None:
                self.items.move_to_end(key)
            return entry

    def put(self, key: str, entry: Entry) -> None:
        if entry.size > self.max_bytes // 4:
            return
        with self.lock:
            old = self.items.pop(key, None)
            if old is not None:
                self.size -= old.size
            self.items[key] = entry
            self.size += entry.size
            while self.size > self.max_bytes and self.items:
                _, dropped = self.items.popitem(last=False)
                self.size -= dropped.size

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
            self.size = 0


local_pages = LocalPages(settings.PAGE_CACHE_LOCAL_BYTES)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.cookies = (f"{settings.SESSION_COOKIE_NAME}=", "messages=")
        self.skip = tuple(settings.PAGE_CACHE_SKIP_PATHS)
        self.timeout = settings.PAGE_CACHE_TIMEOUT
        self.version = code_version()

    def anonymous(self, meta) -> bool:
        cookie = meta.get("HTTP_COOKIE", "")
        if cookie and any(name in cookie for name in self.cookies):
            return False
        return "HTTP_AUTHORIZATION" not in meta

    def __call__(self, request):
        if not settings.PAGE_CACHE:
            return self.get_response(request)
        meta = request.META
        if request.method not in ("GET", "HEAD") or request.path_info.startswith(self.skip):
            return self.get_response(request)
        if not self.anonymous(meta):
            response = self.get_response(request)
            if "no-store" not in response.get("Cache-Control", ""):
                response["Cache-Control"] = PRIVATE
            return response
        token = generation.current()
        where = (
            f"{request.scheme}|{meta.get('HTTP_HOST', '')}|{request.path_info}?{meta.get('QUERY_STRING', '')}"
        )
        raw = f"{self.version}|{token}|{where}"
        key = "page:" + hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()
        now = timezone.now().timestamp()
        entry = local_pages.get(key)
        if entry is None:
            entry = generation.cache().get(key)
            if entry is not None:
                local_pages.put(key, entry)
        if entry is not None and (entry.valid_until is None or now < entry.valid_until):
            return self.answer(request, entry, "hit")
        began = timezone.now()
        response = self.get_response(request)
        if not self.storable(request, response):
            if "Cache-Control" not in response:
                response["Cache-Control"] = PRIVATE
            return response
        # Counted from when the page began to be read: a review whose time came during the
        # render may or may not be on it, so the page lasts no later than that time.
        valid_until = schedule.next_change(began)
        entry = Entry.from_response(response, rendered_at=now, valid_until=valid_until)
        timeout = self.timeout
        if valid_until is not None:
            timeout = max(1, min(timeout, int(valid_until - now) + 1))
        generation.cache().set(key, entry, timeout)
        local_pages.put(key, entry)
        return self.answer(request, entry, "miss")

    @staticmethod
    def storable(request, response) -> bool:
        if response.status_code not in STORED_STATUSES or response.streaming or response.cookies:
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page holds this visitor's token
            return False
        if any(word in response.get("Cache-Control", "") for word in ("private", "no-store", "no-cache")):
            return False
        if response.has_header("Content-Encoding"):
            return False
        varies = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
        return varies <= {"cookie", "accept-encoding"}

    def answer(self, request, entry: Entry, how: str):
        meta = request.META
        encoding = entry.pick(meta.get("HTTP_ACCEPT_ENCODING", ""))
        etag = entry.etag_for(encoding)
        last_modified = http_date(entry.rendered_at)
        if entry.status == 200 and self.not_modified(meta, entry):
            response = HttpResponseNotModified()
        else:
            body = entry.encoded[encoding] if encoding else entry.body
            response = HttpResponse(b"" if request.method == "HEAD" else body, status=entry.status)
            for name, value in entry.headers:
                response[name] = value
            if encoding:
                response["Content-Encoding"] = encoding
            response["Content-Length"] = str(len(body))
        response["ETag"] = etag
        response["Last-Modified"] = last_modified
        response["Cache-Control"] = shared_cache_control()
        response["Vary"] = VARY
        response[STATUS_HEADER] = how
        return response

    @staticmethod
    def not_modified(meta, entry: Entry) -> bool:
        if_none_match = meta.get("HTTP_IF_NONE_MATCH")
        if if_none_match:
            return entry.matches(if_none_match)
        since = meta.get("HTTP_IF_MODIFIED_SINCE")
        if since:
            when = parse_http_date_safe(since)
            # Strictly earlier: two versions rendered within one second share a Last-Modified.
            return when is not None and entry.rendered_at < when
        return False
