"""Pictures coming back from a ReelPress export: kept byte for byte when they are clean masters.

``uploads.prepare`` re-encodes every picture, and re-encoding a JPEG never gives the same bytes
twice, so an export -> import -> export round trip would change every checksum. A file whose
sha256 is the one its export listed, that ``uploads.prepare`` accepts (so every hostile-file check
has run), that needs no scaling or colour change, and whose container holds nothing but pixels
(no EXIF, XMP, ICC, comments, text chunks or bytes after the end) is what ReelPress itself wrote:
it is kept as the master unchanged. Anything else is the re-encoded picture, as for an upload.
"""

from __future__ import annotations

import hashlib
import struct

from reelpress.images import uploads

# JPEG markers a master may hold: start/end, JFIF (APP0), tables, frames (baseline or
# progressive), scans and restart markers. APP1-15 (EXIF, XMP, ICC, Adobe) and COM are metadata.
_JPEG_SEGMENTS = {0xDB, 0xC4, 0xDD, 0xC0, 0xC1, 0xC2, 0xE0}
# PNG chunks a master may hold: nothing that carries text, profiles, dates or EXIF.
_PNG_CHUNKS = {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}


def prepare(data: bytes, name: str = "", sha256: str | None = None) -> uploads.Prepared:
    """``uploads.prepare(data, name)``, keeping ``data`` itself as the master when it is a clean
    master whose checksum is ``sha256`` (raises ``uploads.ImageRefused`` like ``prepare``)."""
    prepared = uploads.prepare(data, name)
    if not sha256 or hashlib.sha256(data).hexdigest() != sha256.lower():
        return prepared
    fmt = container_format(data)
    if fmt is None or fmt != prepared.format:
        return prepared
    if not clean_master(data, fmt):
        return prepared
    size = _size_of(data, fmt)
    if size != (prepared.width, prepared.height):
        return prepared  # scaled down by prepare: the file was bigger than a master may be
    prepared.data = data
    prepared.sha256 = sha256.lower()
    return prepared


def container_format(data: bytes) -> str | None:
    if data[:3] == b"\xff\xd8\xff":
        return "jpeg"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    return None


def clean_master(data: bytes, fmt: str) -> bool:
    """True when the file holds only the segments or chunks a ReelPress master has."""
    try:
        return _clean_jpeg(data) if fmt == "jpeg" else _clean_png(data)
    except (IndexError, struct.error):
        return False


def _clean_jpeg(data: bytes) -> bool:
    pos = 2
    while pos < len(data):
        if data[pos] != 0xFF:
            return False
        marker = data[pos + 1]
        if marker == 0xD9:  # end of image: nothing may follow
            return pos + 2 == len(data)
        if 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        if marker not in _JPEG_SEGMENTS and marker != 0xDA:
            return False
        if marker == 0xE0 and data[pos + 4 : pos + 9] != b"JFIF\x00":
            return False
        pos += 2 + length
        if marker == 0xDA:
            # Entropy-coded data runs to the next marker that is not a stuffed 0xFF00 or a restart.
            while True:
                pos = data.index(b"\xff", pos)
                following = data[pos + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:
                    pos += 2
                    continue
                break
    return False


def _clean_png(data: bytes) -> bool:
    pos = 8
    while pos < len(data):
        length = struct.unpack(">I", data[pos : pos + 4])[0]
        kind = data[pos + 4 : pos + 8]
        if kind not in _PNG_CHUNKS:
            return False
        pos += 12 + length
        if kind == b"IEND":
            return pos == len(data)
    return False


def _size_of(data: bytes, fmt: str) -> tuple[int, int] | None:
    if fmt == "png":
        return struct.unpack(">II", data[16:24])
    pos = 2
    while pos < len(data):
        marker = data[pos + 1]
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            return width, height
        pos += 2 + length
    return None
