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
from reelpress.ingest.importers.media import ExportedPictures
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
        self.pictures = ExportedPictures(media_dir)
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
            yield Item(where, record=record, notes=self.pictures.take(record))
        self.notes.extend(self.pictures.summary(self.path))
