"""Keys an import has seen (natural keys, Letterboxd films), kept in memory up to a point, then on disk.

An import remembers each review it stored, so a second item for the same review is reported
instead of stored twice. At a million records that memory would grow with the archive; past
``SPILL`` keys they move to a temporary SQLite file (deleted when the import ends), so an import
holds a bounded amount whatever its size.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile

SPILL = 50_000


class SeenKeys:
    """A mapping of key -> short text (where it was seen), bounded in memory."""

    def __init__(self, spill: int | None = None):
        self.spill = SPILL if spill is None else spill
        self._memory: dict[str, str] = {}
        self._db: sqlite3.Connection | None = None
        self._path: str | None = None

    def __contains__(self, key) -> bool:
        return self.get(key) is not None

    def get(self, key) -> str | None:
        text = _text(key)
        if self._db is None:
            return self._memory.get(text)
        row = self._db.execute("SELECT value FROM seen WHERE key = ?", (text,)).fetchone()
        return row[0] if row else None

    def __getitem__(self, key) -> str:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __setitem__(self, key, value: str) -> None:
        text = _text(key)
        if self._db is None:
            self._memory[text] = value
            if len(self._memory) > self.spill:
                self._to_disk()
            return
        self._db.execute("INSERT OR REPLACE INTO seen (key, value) VALUES (?, ?)", (text, value))

    def add(self, key) -> None:
        self[key] = ""

    def _to_disk(self) -> None:
        handle, self._path = tempfile.mkstemp(prefix="reelpress-import-", suffix=".sqlite3")
        os.close(handle)
        # A scratch file: no journal, no fsync; a crash loses nothing the import needs again.
        self._db = sqlite3.connect(self._path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute("PRAGMA cache_size = -16000")  # 16 MB of pages at most
        self._db.execute("CREATE TABLE seen (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")
        # One transaction, never committed: SQLite writes pages out as its cache fills, and a
        # commit per key would cost a write each.
        self._db.execute("BEGIN")
        self._db.executemany("INSERT OR REPLACE INTO seen VALUES (?, ?)", self._memory.items())
        self._memory = {}

    @property
    def on_disk(self) -> bool:
        return self._db is not None

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._path is not None:
            try:
                os.unlink(self._path)
            except OSError:
                pass
            self._path = None
        self._memory = {}

    def __enter__(self) -> SeenKeys:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _text(key) -> str:
    # Natural keys are tuples of strings: join them with a separator no name can hold.
    return "\x1f".join(str(part) for part in key) if isinstance(key, tuple) else str(key)
