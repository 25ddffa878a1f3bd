"""JSON records: a list of record objects as ``reelpress export json`` writes them.

One object (as ``reelpress extract PAGE --json`` prints) is accepted as a list of one. The file
is read as a stream, one record at a time, twice: the first pass checks it is well-formed JSON
and counts the records (so a malformed file imports nothing, and the progress bar has a total),
the second hands each record to the import as it is read. Memory stays flat whatever the size.

Pictures (``images``) name their files relative to the media folder ``export json --media``
wrote; with ``--media-dir`` each is read from there and checked against its sha256, and a file
that is missing or changed is named in the summary while the review comes in without it.
"""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Iterator

from reelpress.ingest.importers.files import InputError, binary_kind, check_size
from reelpress.ingest.importers.items import Item
from reelpress.ingest.importers.media import ExportedPictures
from reelpress.ingest.record import ReviewRecord

READ_BYTES = 1024 * 1024

_JSON_TYPES = {
    dict: "object",
    list: "list",
    str: "string",
    int: "number",
    float: "number",
    bool: "true/false",
}
_SPACE = " \t\r\n"
_decoder = json.JSONDecoder()


def _json_type(value) -> str:
    return "null" if value is None else _JSON_TYPES.get(type(value), type(value).__name__)


def _name(data: dict) -> str:
    for key in ("slug", "title", "source_url"):
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:80]
    return ""


class _Text:
    """The file's text, decoded as it is read, with the line and column of the text kept."""

    def __init__(self, handle):
        self.handle = handle
        head = handle.read(4)
        if head.startswith(codecs.BOM_UTF8):
            name, head = "utf-8", head[3:]
        elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            name = "utf-16"
        else:
            name = "utf-8"
        self.encoding = name
        self.decoder = codecs.getincrementaldecoder(name)("strict")
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.line = 1  # line of buf[0]
        self.column = 1  # column of buf[0]
        self._pending = head
        self.chars = 0  # decoded so far

    def more(self, size: int | None = None) -> bool:
        """Read (at least) ``size`` more bytes; drop the text already consumed. False at the end."""
        if self.eof:
            return False
        size = size or READ_BYTES
        self._drop()
        data, self._pending = self._pending + self.handle.read(size), b""
        final = len(data) == 0 or len(data) < size
        try:
            text = self.decoder.decode(data, final=final)
            self.buf += text
            self.chars += len(text)
        except UnicodeDecodeError as exc:
            text = self.buf + data[: exc.start].decode(self.encoding, errors="replace")
            line = self.line + text.count("\n")
            column = len(text) - (text.rfind("\n") + 1) + 1 if "\n" in text else self.column + len(text)
            raise InputError(
                f"line {line}, column {column}: byte 0x{data[exc.start : exc.start + 1].hex()} is not valid "
                f"{codecs.lookup(self.encoding).name.upper()} (JSON records are UTF-8)"
            ) from None
        self.eof = final
        return True

    def _drop(self) -> None:
        gone = self.buf[: self.pos]
        newlines = gone.count("\n")
        if newlines:
            self.line += newlines
            self.column = len(gone) - gone.rfind("\n")
        else:
            self.column += len(gone)
        self.buf, self.pos = self.buf[self.pos :], 0

    def where(self, pos: int) -> tuple[int, int]:
        text = self.buf[:pos]
        newlines = text.count("\n")
        if newlines:
            return self.line + newlines, pos - text.rfind("\n")
        return self.line, self.column + pos

    def peek(self) -> str:
        """The next character that is not blank ("" at the end), without consuming it."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in _SPACE:
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.more():
                return ""

    def value(self):
        """Decode the JSON value at the read position, reading more of the file as it needs."""
        self.peek()
        size = READ_BYTES
        while True:
            try:
                value, end = _decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                # Cut off by the end of what was read so far (not a real error): read on.
                cut = exc.pos >= len(self.buf) - 8 or exc.msg.startswith("Unterminated string")
                if cut and self.more(size):
                    size *= 2  # a large record: fewer, larger reads
                    continue
                line, column = self.where(exc.pos)
                raise InputError(f"line {line}, column {column}: not valid JSON ({exc.msg})") from None
            except RecursionError:
                line, _column = self.where(self.pos)
                raise InputError(f"line {line}: not valid JSON (nested too deeply)") from None
            # A number or literal that ends exactly where the read stopped may go on in the file.
            if end >= len(self.buf) and not self.eof:
                self.more(size)
                continue
            self.pos = end
            return value

    def expect(self, char: str, what: str) -> None:
        found = self.peek()
        if found != char:
            line, column = self.where(self.pos)
            shown = repr(found) if found else "the end of the file"
            raise InputError(f"line {line}, column {column}: not valid JSON (expected {what}, found {shown})")
        self.pos += 1


def read_values(handle) -> Iterator[object]:
    """The values of the JSON list in ``handle`` (binary), one at a time; a lone object is a list of one.

    Raises :class:`InputError` (naming line and column) for anything that is not such a file.
    """
    text = _Text(handle)
    first = text.peek()
    if not first:
        raise InputError("the file holds only blank space" if text.chars else "the file is empty")
    if first == "[":
        text.pos += 1
        if text.peek() == "]":
            text.pos += 1
        else:
            while True:
                yield text.value()
                if text.peek() == "]":
                    text.pos += 1
                    break
                text.expect(",", "',' or ']' after a record")
    else:
        value = text.value()
        if not isinstance(value, dict):
            found = _json_type(value)
            raise InputError(
                f"expected a list of records (as `reelpress export json` writes), found a JSON {found}"
            )
        yield value
    if text.peek():
        line, column = text.where(text.pos)
        raise InputError(f"line {line}, column {column}: not valid JSON (extra data after the records)")


class JsonSource:
    """The records of one JSON file, as items (read as a stream: see the module's docstring)."""

    name = "json"

    def __init__(self, path: str, *, max_bytes: int, author: str | None = None, media_dir: str | None = None):
        self.path, self.author = path, author
        self.pictures = ExportedPictures(media_dir)
        self.notes: list[str] = []
        self.error: str | None = None
        self.total = 1
        try:
            self.total = self._check(max_bytes)
        except InputError as exc:
            self.error = str(exc)

    def _open(self):
        try:
            return open(self.path, "rb")  # noqa: SIM115 - closed by the callers' with blocks
        except FileNotFoundError:
            raise InputError("no such file or folder") from None
        except IsADirectoryError:
            raise InputError("is a folder, not a file") from None
        except OSError as exc:
            raise InputError(f"cannot be read ({exc.strerror or exc})") from None

    def _check(self, max_bytes: int) -> int:
        """The first pass: size, binary, well-formed JSON; the number of records."""
        with self._open() as handle:
            check_size(os.fstat(handle.fileno()).st_size, max_bytes)
            kind = binary_kind(handle.read(8192))
            if kind:
                raise InputError(f"this is {kind}, not text")
            handle.seek(0)
            count = 0
            for _value in read_values(handle):
                count += 1
            return count

    def __iter__(self) -> Iterator[Item]:
        if self.error:
            yield Item(self.path, error=self.error)
            return
        try:
            with self._open() as handle:
                for n, data in enumerate(read_values(handle), start=1):
                    yield self._item(n, data)
        except InputError as exc:  # the file changed since the first pass
            yield Item(self.path, error=str(exc))
        self.notes.extend(self.pictures.summary(self.path))

    def _item(self, n: int, data) -> Item:
        where = f"{self.path}: item {n}"
        if not isinstance(data, dict):
            return Item(where, error=f"expected a record object, found a JSON {_json_type(data)}")
        name = _name(data)
        if name:
            where += f" ({name})"
        if self.author and not data.get("reviewer"):
            data["reviewer"] = self.author
        try:
            record = ReviewRecord.from_dict(data)
        except (TypeError, ValueError) as exc:
            return Item(where, error=f"invalid record: {exc}")
        return Item(where, record=record, notes=self.pictures.take(record))
