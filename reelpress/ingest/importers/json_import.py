"""JSON records: a list of record objects as ``reelpress export json`` writes them.

One object (as ``reelpress extract PAGE --json`` prints) is accepted as a list of one. The file
is parsed whole before anything is stored, so a malformed file imports nothing.

Pictures (``images``) name their files relative to the media folder ``export json --media``
wrote; with ``--media-dir`` each is read from there and checked against its sha256, and a file
that is missing or changed is named in the summary while the review comes in without it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from reelpress.ingest.importers.files import InputError, check_text, decode_text, read_file
from reelpress.ingest.importers.items import Item
from reelpress.ingest.importers.media import MissingPicture, checked, inside, read
from reelpress.ingest.record import ReviewRecord

_JSON_TYPES = {
    dict: "object",
    list: "list",
    str: "string",
    int: "number",
    float: "number",
    bool: "true/false",
}


def _json_type(value) -> str:
    return "null" if value is None else _JSON_TYPES.get(type(value), type(value).__name__)


def _name(data: dict) -> str:
    for key in ("slug", "title", "source_url"):
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:80]
    return ""


class JsonSource:
    """The records of one JSON file, as items."""

    name = "json"

    def __init__(self, path: str, *, max_bytes: int, media_dir: str | None = None):
        self.path = path
        self.media_dir = media_dir
        self.pictures_without_folder = 0
        self.notes: list[str] = []
        self.error: str | None = None
        self.records: list = []
        try:
            data = read_file(path, max_bytes)
            check_text(data)
            parsed = json.loads(decode_text(data, "utf-8"))
        except InputError as exc:
            self.error = str(exc)
        except json.JSONDecodeError as exc:
            self.error = f"line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"
        except RecursionError:
            self.error = "not valid JSON (nested too deeply)"
        else:
            if isinstance(parsed, dict):
                parsed = [parsed]
            if isinstance(parsed, list):
                self.records = parsed
            else:
                self.error = (
                    f"expected a list of records (as `reelpress export json` writes), "
                    f"found a JSON {_json_type(parsed)}"
                )
        self.total = 1 if self.error else len(self.records)

    def __iter__(self) -> Iterator[Item]:
        if self.error:
            yield Item(self.path, error=self.error)
            return
        for n, data in enumerate(self.records, start=1):
            where = f"{self.path}: item {n}"
            if not isinstance(data, dict):
                yield Item(where, error=f"expected a record object, found a JSON {_json_type(data)}")
                continue
            name = _name(data)
            if name:
                where += f" ({name})"
            try:
                record = ReviewRecord.from_dict(data)
            except (TypeError, ValueError) as exc:
                yield Item(where, error=f"invalid record: {exc}")
                continue
            notes = self._pictures(record)
            yield Item(where, record=record, notes=notes)
        if self.pictures_without_folder:
            self.notes.append(
                f"{self.path}: {self.pictures_without_folder} picture(s) listed but not imported: "
                "give the folder `export json --media` wrote as --media-dir"
            )

    def _pictures(self, record: ReviewRecord) -> list[str]:
        """Point each picture entry at its file in the media folder (as bytes, checked against its
        sha256); leave out, with a note, those that cannot be found. Malformed entries stay for
        ``store.save`` to refuse with its message."""
        if not isinstance(record.images, list) or not record.images:
            return []
        kept, notes = [], []
        for number, entry in enumerate(record.images, 1):
            if not isinstance(entry, dict):
                kept.append(entry)
                continue
            entry = {k: v for k, v in entry.items() if k not in INFORMATION_ONLY}
            path = entry.get("path")
            if not isinstance(path, str) or entry.get("data") is not None:
                kept.append(entry)
                continue
            if not self.media_dir:
                self.pictures_without_folder += 1
                continue
            try:
                found = inside(self.media_dir, path)
                sha256 = entry.get("sha256") if isinstance(entry.get("sha256"), str) else None
                checked(read(found, path), sha256, path)
            except MissingPicture as problem:
                notes.append(f"picture {number} left out: {problem}")
                continue
            # The path, not the bytes: a batch of records holds names, not megabytes of pictures.
            entry["path"] = str(found)
            kept.append(entry)
        record.images = kept
        return notes


# Written by `export json` for people reading the file; recomputed from the picture on import.
INFORMATION_ONLY = frozenset({"width", "height", "bytes"})
