"""`reelpress reindex` as an operator runs it: a separate process on a database file.

The test database is in memory, where a rebuild stays serial; on a file the rebuild prepares
batches in worker processes and writes a new index file beside the site's database. This runs
that path end to end, on SQLite whatever the suite's own database is.
"""

import os
import sqlite3
import subprocess
import sys

import pytest


def _reelpress(db, *args):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    return subprocess.run(
        [sys.executable, "-m", "reelpress.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    db = tmp_path_factory.mktemp("reindex") / "site.sqlite3"
    _reelpress(db, "migrate", "--verbosity", "0")
    _reelpress(db, "demo", "--no-pictures")  # the search index is what is tested here
    return db


def _index_files(db):
    return sorted(p.name for p in db.parent.iterdir() if ".search-" in p.name)


def _live_generation(db):
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT generation FROM search_index_file").fetchone()[0]
    finally:
        con.close()


def test_reindex_in_batches_on_a_file_writes_a_new_index_file_and_deletes_the_old(archive):
    before = _live_generation(archive)
    out = _reelpress(archive, "reindex", "--batch", "2")
    assert "Indexed " in out and "reviews/s" in out
    assert "Seconds per step: prepare" in out and "merge" in out and "drop_previous" in out
    assert "Documents read and prepared by 2 worker processes." in out  # outside any transaction
    status = _reelpress(archive, "reindex", "--status")
    assert "No rebuild needed." in status

    live = _live_generation(archive)
    assert live > before
    index = archive.parent / f"site.search-{live}.sqlite3"
    # The replaced generation is gone; only the live file (and its write-ahead log) remain.
    assert {name.split("-wal")[0].split("-shm")[0] for name in _index_files(archive)} == {index.name}
    site = sqlite3.connect(archive)
    con = sqlite3.connect(index)
    try:
        tables = {row[0] for row in site.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {t for t in tables if t.startswith("search")} == {"search_index_file"}
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # built with none, shared in WAL
        for table in ("search_fts", "search_tier_title", "search_tier_people", "search_tier_facts"):
            segments = con.execute(f"SELECT count(DISTINCT segid) FROM {table}_idx").fetchone()[0]  # noqa: S608
            assert segments == 1, table
        indexed = con.execute("SELECT count(*) FROM search_doc WHERE review_id IS NOT NULL").fetchone()[0]
        reviews = site.execute("SELECT count(*) FROM reviews_review WHERE status <> 'draft'").fetchone()[0]
        assert indexed == reviews > 2
        hits = con.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH 'spacewalker'").fetchone()[
            0
        ]
        assert hits >= 1
    finally:
        con.close()
        site.close()


def test_a_rebuild_deletes_index_files_an_interrupted_one_left(archive):
    live = _live_generation(archive)
    stray = archive.parent / f"site.search-{live + 5}.sqlite3"
    strays = [stray, stray.with_name(stray.name + "-journal")]
    for stray in strays:
        stray.write_bytes(b"half-written")
    _reelpress(archive, "reindex")
    assert not any(stray.exists() for stray in strays)
    assert _live_generation(archive) == live + 6  # numbered past every file found
    assert "No rebuild needed." in _reelpress(archive, "reindex", "--status")


def test_an_index_file_deleted_by_hand_comes_back_empty_and_if_needed_rebuilds_it(archive):
    for name in _index_files(archive):
        (archive.parent / name).unlink()
    status = _reelpress(archive, "reindex", "--status")
    assert "0 entries for" in status and "A rebuild is recommended." in status
    out = _reelpress(archive, "reindex", "--if-needed")
    assert "Indexed " in out
    assert "No rebuild needed." in _reelpress(archive, "reindex", "--status")


# A connection opened before a rebuild (in another process) switches index files, then saves a
# review: the save sees, in its own transaction, that its index file was replaced, and indexes
# the review again in the new file after its commit. Prints what a search finds afterwards.
_SAVE_THROUGH_AN_OLD_CONNECTION = """
import os, subprocess, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reelpress.settings")
import django
django.setup()
from django.db import connection
from reelpress.ingest.record import ReviewRecord
from reelpress.ingest.store import save
from reelpress.search import search
connection.ensure_connection()
before = connection.search_generation
subprocess.run([sys.executable, "-m", "reelpress.cli", "reindex"], check=True, capture_output=True)
save(ReviewRecord(title="Zanzibar Nights", year=1961, reviewer="Ada Critic", disc_format="DVD",
                  published_at="2026-02-01T12:00:00+00:00", headline="Zanzibar Nights",
                  body="A harbor at dusk."))
print(before, connection.search_generation, search("zanzibar").total)
"""


def test_a_save_through_a_connection_older_than_the_rebuild_reaches_the_new_index(archive):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{archive}"}
    out = subprocess.run(
        [sys.executable, "-c", _SAVE_THROUGH_AN_OLD_CONNECTION],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout.split()
    before, after, found = (int(n) for n in out)
    assert after == before + 1 == _live_generation(archive)
    assert found == 1
    assert "No rebuild needed." in _reelpress(archive, "reindex", "--status")


def test_a_second_rebuild_at_the_same_time_is_refused_and_changes_nothing(archive):
    import fcntl

    live = _live_generation(archive)
    files = _index_files(archive)
    with open(archive.parent / "site.search.lock", "a") as lock:  # what a running rebuild holds
        fcntl.flock(lock, fcntl.LOCK_EX)
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{archive}"}
        result = subprocess.run(
            [sys.executable, "-m", "reelpress.cli", "reindex"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert result.returncode != 0
    assert "another `reelpress reindex` is rebuilding this site's search index" in result.stderr
    assert "Traceback" not in result.stderr
    assert _live_generation(archive) == live and _index_files(archive) == files
    assert "Indexed " in _reelpress(archive, "reindex")  # once the lock is free
