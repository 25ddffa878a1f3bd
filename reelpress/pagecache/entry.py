"""One cached page: status, headers, the body as rendered and its gzip and brotli forms, validators.

Compression is done once, when the page is stored, so a hit only picks the stored form the
client accepts. Cached pages carry no secret (a page that used a CSRF token or set a cookie is
never stored), so compressing them gives BREACH nothing to find.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass, field

import brotli

MIN_COMPRESS = 200  # bytes: below this the headers outweigh what compression saves
COMPRESSIBLE = ("text/", "application/json", "application/xml", "application/rss+xml", "application/atom+xml")
# Headers set afresh for every answer (or never kept: a stored page sets no cookie).
NOT_STORED = {
    "set-cookie",
    "vary",
    "cache-control",
    "etag",
    "last-modified",
    "content-length",
    "content-encoding",
    "expires",
    "date",
    "server",
}
BROTLI_QUALITY = 5
GZIP_LEVEL = 6


@dataclass
class Entry:
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    etag: str
    rendered_at: int  # POSIX seconds: Last-Modified
    valid_until: float | None  # a scheduled change makes the page wrong from then on
    encoded: dict[str, bytes] = field(default_factory=dict)  # "br" / "gzip" -> body

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(b) for b in self.encoded.values()) + 512

    @classmethod
    def from_response(cls, response, *, rendered_at: float, valid_until: float | None) -> Entry:
        body = response.content
        headers = [(k, v) for k, v in response.items() if k.lower() not in NOT_STORED]
        encoded = {}
        content_type = response.get("Content-Type", "")
        if len(body) >= MIN_COMPRESS and content_type.startswith(COMPRESSIBLE):
            encoded["br"] = brotli.compress(body, quality=BROTLI_QUALITY)
            encoded["gzip"] = gzip.compress(body, GZIP_LEVEL, mtime=0)
        return cls(
            status=response.status_code,
            headers=headers,
            body=body,
            etag=hashlib.blake2b(body, digest_size=12).hexdigest(),
            rendered_at=int(rendered_at),
            valid_until=valid_until,
            encoded=encoded,
        )

    def pick(self, accept_encoding: str) -> str:
        """The stored encoding to send for this ``Accept-Encoding`` ("" for the plain body)."""
        if not self.encoded or not accept_encoding:
            return ""
        accepted = set()
        for part in accept_encoding.lower().split(","):
            name, _, params = part.strip().partition(";")
            quality = params.replace(" ", "")
            if quality.startswith("q=") and quality[2:].strip("0.") == "":
                continue  # q=0: refused
            accepted.add(name.strip())
        for name in ("br", "gzip"):
            if name in accepted or ("*" in accepted and name == "gzip"):
                return name
        return ""

    def etag_for(self, encoding: str) -> str:
        # Each representation has its own strong tag; the base before "-" names the content.
        return f'"{self.etag}-{encoding}"' if encoding else f'"{self.etag}"'

    def matches(self, if_none_match: str) -> bool:
        """Whether an ``If-None-Match`` names this content, in any of its encodings."""
        for tag in if_none_match.split(","):
            tag = tag.strip()
            if tag == "*":
                return True
            tag = tag.removeprefix("W/").strip('"')
            if tag.split("-", 1)[0] == self.etag:
                return True
        return False
