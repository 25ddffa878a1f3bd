"""SQLite: the search index is a database file of its own, attached to every connection.

The site's database (``reelpress.sqlite3``) keeps the reviews; their index, derived from them
and rebuilt from them at will, is ``reelpress.search-<generation>.sqlite3`` beside it, attached
to every connection as the schema ``search``. The site's database has no tables of the index's
names, so every query finds them there without naming the schema.

Why a file of its own (measured: bench/RESULTS.md, "Index build, fourth round"):

- A rebuild writes a new generation with no journal and no syncs (if it fails, the file is
  deleted): each page is written once, not to the write-ahead log first and copied again.
- The replaced index goes by deleting its file. Dropping its tables made SQLite read every page
  of them to free it: minutes at a million reviews, on a cold cache.
- The rebuild's transactions lock only the new file, so saves never wait for them.

Which generation is in use is one row of the site's database (``search_index_file``), so it
changes in one transaction with everything else. Each connection attaches that generation when
it opens (and when migrations have just created the row), and ``backend_for()`` re-attaches it
outside transactions when a rebuild has switched since. Inside a transaction that cannot be
done: a save through a connection still holding the replaced file sees that in its own
transaction (``is_current``) and is indexed again after its commit (``index.refresh``).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import sqlite3
from pathlib import Path

from django.conf import settings

SCHEMA = "search"  # the index's schema name on every connection
POINTER = "search_index_file"  # one row: the generation in use
BUILD_ALIAS = "search_build"  # the connection a rebuild writes the new generation through
RETIRED = "search_retired_"  # index tables an upgrade found in the site's database (migration 0005)

# Per attached file: SQLite's page cache and memory map apply to one schema each, sized as the
# site database's (settings.SQLITE_MEMORY_PRAGMAS). (WAL is set once, when the file is created or
# finished: the file keeps it.)
LIVE_PRAGMAS = ("synchronous=NORMAL",)
# A new generation is nobody's until it is switched in: a failure deletes it, so it needs no
# journal (a rollback is never asked of it) and no syncs until it is finished (``finish``).
BUILD_PRAGMAS = ("journal_mode=OFF", "synchronous=OFF", "cache_size=-65536")


def _in_memory(main: str) -> bool:
    return main == ":memory:" or "mode=memory" in main


def index_name(main: str, generation: int) -> str:
    """Where generation ``generation`` of the index of the site database ``main`` lives.

    Beside a database file: ``<stem>.search-<generation>.sqlite3``. Beside an in-memory database
    (the test suite's), a shared in-memory database named after it.
    """
    main = str(main)
    if _in_memory(main):
        base = main.split("?")[0].removeprefix("file:").replace(":memory:", "") or "memorydb"
        return f"file:{base}-search-{generation}?mode=memory&cache=shared"
    path = Path(main)
    return str(path.with_name(f"{path.stem}.search-{generation}.sqlite3"))


def generations_on_disk(main: str) -> dict[int, list[Path]]:
    """Index files beside the site database: generation -> its files (with -wal, -shm, -journal)."""
    main = str(main)
    if _in_memory(main):
        return {}
    path = Path(main)
    pattern = re.compile(rf"^{re.escape(path.stem)}\.search-(\d+)\.sqlite3(-wal|-shm|-journal)?$")
    found: dict[int, list[Path]] = {}
    with contextlib.suppress(FileNotFoundError):
        for entry in path.parent.iterdir():
            match = pattern.match(entry.name)
            if match:
                found.setdefault(int(match.group(1)), []).append(entry)
    return found


def remove_generation(main: str, generation: int) -> None:
    """Delete one generation's files (a connection that still has one open keeps reading it)."""
    for path in generations_on_disk(main).get(generation, []):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def lock_rebuilds(main: str):
    """Take the site's rebuild lock (an open file, or None in memory); raises if another rebuild holds it.

    Two rebuilds at once would each delete the other's half-written file as a leftover.
    The lock is ``flock`` on ``<stem>.search.lock``: the kernel lets go of it if the process dies.
    """
    from reelpress.search.backends.base import RebuildError

    if _in_memory(str(main)):
        return None
    path = Path(main)
    handle = open(path.with_name(f"{path.stem}.search.lock"), "a")  # noqa: SIM115 (held until release)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise RebuildError("another `reelpress reindex` is rebuilding this site's search index") from None
    return handle


def live_generation(raw: sqlite3.Connection) -> int | None:
    """The generation in use, read on ``raw`` (inside its transaction, if one is open)."""
    try:
        row = raw.execute(f"SELECT generation FROM {POINTER}").fetchone()  # noqa: S608
    except sqlite3.OperationalError:  # before the migration that creates the row
        return None
    return int(row[0]) if row else None


def attach(connection, name: str | None = None, *, build: bool = False, fresh: bool = False) -> None:
    """Attach the index file to a Django SQLite connection (outside any transaction).

    ``name``: a generation being built (with ``build``); by default the one in use. The tables
    are created when the file is new (a new site, or an operator deleted the file: then
    ``reelpress reindex --if-needed`` sees the index empty and rebuilds it). ``fresh``: a
    connection just opened, with nothing attached yet. Measured: attaching adds 0.3-0.7 ms to
    opening a connection (0.6-0.7 ms), once per request.
    """
    from reelpress.search.backends.sqlite import SCHEMA as TABLES

    raw = connection.connection
    generation = None
    if name is None:
        generation = live_generation(raw)
        if generation is None:
            connection.search_generation = None
            return
        name = index_name(connection.settings_dict["NAME"], generation)
    if not fresh and _attached(raw):
        raw.execute(f"DETACH DATABASE {SCHEMA}")
    raw.execute(f"ATTACH DATABASE ? AS {SCHEMA}", (name,))
    for pragma in BUILD_PRAGMAS if build else LIVE_PRAGMAS + settings.SQLITE_MEMORY_PRAGMAS:
        raw.execute(f"PRAGMA {SCHEMA}.{pragma}").fetchall()
    if not raw.execute(f"SELECT count(*) FROM {SCHEMA}.sqlite_master").fetchone()[0]:  # noqa: S608
        if not build:
            raw.execute(f"PRAGMA {SCHEMA}.journal_mode=WAL").fetchall()
        for statement in TABLES:
            raw.execute(qualified(statement))
    connection.search_generation = generation


def _attached(raw: sqlite3.Connection) -> bool:
    return any(row[1] == SCHEMA for row in raw.execute("PRAGMA database_list"))


def qualified(statement: str) -> str:
    """A CREATE statement of the index's schema aimed at the attached file (else it would create in main)."""
    return re.sub(r"^(\s*CREATE (?:VIRTUAL )?TABLE IF NOT EXISTS )", rf"\1{SCHEMA}.", statement)


def is_current(connection) -> bool:
    """Whether this connection holds the generation in use (inside a write's transaction: as of it)."""
    connection.ensure_connection()
    return live_generation(connection.connection) == getattr(connection, "search_generation", None)


def refresh(connection) -> None:
    """Attach the generation in use now, if this connection holds another (outside any transaction)."""
    if not is_current(connection):
        attach(connection)


def site_tables(cursor, prefix: str) -> tuple[list[str], list[str]]:
    """Index tables named ``prefix...`` in the site's database: full-text ones, then the plain ones.

    FTS5's shadow tables (``<table>_data``, ...) are left out of both: they go with their table.
    """
    cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
    tables = {name: sql or "" for name, sql in cursor.fetchall() if name.startswith(prefix)}
    virtual = [name for name, sql in tables.items() if sql.upper().startswith("CREATE VIRTUAL")]
    shadows = {name for name in tables for v in virtual if name.startswith(f"{v}_")}
    return virtual, [name for name in tables if name not in virtual and name not in shadows]


def on_connection_created(sender, connection, **kwargs) -> None:
    """Every new SQLite connection attaches the index (a rebuild's writer: the generation it builds)."""
    if connection.vendor != "sqlite":
        return
    building = connection.settings_dict.get("SEARCH_BUILD")
    attach(connection, building, build=bool(building), fresh=True)


def after_migrate(using="default", **kwargs) -> None:
    """Migrations may just have created the pointer row: attach the index to the open connection."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor == "sqlite" and connection.connection is not None and not connection.in_atomic_block:
        refresh(connection)


def finish(connection, name: str) -> None:
    """Make a finished generation durable and ready to share: WAL, and every page on disk.

    The build connection stays open (an in-memory generation lives as long as one connection
    holds it) until the site's connection has attached the new generation.
    """
    connection.connection.execute(f"PRAGMA {SCHEMA}.journal_mode=WAL").fetchall()
    if _in_memory(name):
        return
    for path in (name, str(Path(name).parent)):  # the file, then its directory entry
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)  # written with synchronous=OFF: everything reaches the disk here, once
        finally:
            os.close(fd)
