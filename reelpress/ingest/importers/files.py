"""Guards every importer puts in front of a file: size limit, empty, binary, text encoding.

Each guard raises :class:`InputError` with a message that says what is wrong and, where there
is one, the option that fixes it; the caller prefixes the file's name.
"""

from __future__ import annotations

import codecs
import os
import re

MB = 1024 * 1024

# Magic numbers of files people drop into an archive folder by mistake.
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a zip archive"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0", "a Microsoft Office document"),
    (b"\x7fELF", "a program"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
# What HTML means by these labels (the WHATWG encoding standard maps Latin-1 to Windows-1252).
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252"}


class InputError(ValueError):
    """A file (or part of one) that cannot be imported; the message says why, in one line."""


def human_size(size: int) -> str:
    if size >= MB:
        return f"{size / MB:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} bytes"


def check_size(size: int, limit: int, what: str = "the file") -> None:
    if size > limit:
        raise InputError(
            f"{what} is {human_size(size)}, over the {human_size(limit)} limit "
            f"(raise it with --max-size MB if this is really one export)"
        )


def read_file(path: str | os.PathLike, limit: int) -> bytes:
    """The bytes of a file after the size check (done on the size, before reading anything)."""
    try:
        size = os.stat(path).st_size
    except FileNotFoundError:
        raise InputError("no such file or folder") from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})") from None
    check_size(size, limit)
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except IsADirectoryError:
        raise InputError("is a folder, not a file") from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})") from None
    check_size(len(data), limit)  # it grew since stat, or stat lied (a device, a pipe)
    return data


def check_not_empty(data: bytes) -> None:
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise InputError("the file is empty" if not data else "the file holds only blank space")


def binary_kind(data: bytes) -> str | None:
    """What a binary file is ("a PDF document", "a binary file"), or None for text."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None  # UTF-16 text is full of NUL bytes
    if b"\x00" in head:
        return "a binary file"
    return None


def check_text(data: bytes) -> None:
    """Refuse empty and binary files."""
    check_not_empty(data)
    kind = binary_kind(data)
    if kind:
        raise InputError(f"this is {kind}, not text")


def declared_charset(data: bytes) -> str | None:
    """The encoding an HTML page declares in a <meta> tag near its top, if Python knows it."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    label = match.group(1).decode("ascii").lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_text(data: bytes, encoding: str = "utf-8") -> str:
    """Text from bytes, strictly: a byte-order mark wins, then a <meta charset>, then ``encoding``.

    Invalid bytes raise :class:`InputError` naming the line and column, never a silent guess.
    """
    if data.startswith(codecs.BOM_UTF8):
        name, data = "utf-8", data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        name = "utf-16"
    else:
        name = declared_charset(data) or encoding
    try:
        return data.decode(name).lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = data[exc.start : exc.start + 1].hex()
        raise InputError(
            f"line {line}, column {column}: byte 0x{bad} is not valid {codecs.lookup(name).name.upper()} "
            f"(if the file is in another encoding, pass --encoding, e.g. --encoding cp1252)"
        ) from None
    except LookupError:
        raise InputError(f"unknown encoding {name!r}") from None
