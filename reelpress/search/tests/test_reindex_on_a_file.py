"""`reelpress reindex` as an operator runs it: a separate process on a database file.

The test database is in memory, where a rebuild stays serial; on a file the rebuild prepares
batches in worker processes and checkpoints the write-ahead log in a background thread. This
runs that path end to end, on SQLite whatever the suite's own database is.
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
    _reelpress(db, "demo")
    return db


def test_reindex_in_batches_on_a_file_rebuilds_merges_and_swaps(archive):
    out = _reelpress(archive, "reindex", "--batch", "2")
    assert "Indexed " in out and "reviews/s" in out
    assert "Seconds per step: prepare" in out and "merge" in out and "drop_previous" in out
    assert "Documents read and prepared by 2 worker processes." in out  # outside any transaction
    status = _reelpress(archive, "reindex", "--status")
    assert "No rebuild needed." in status

    con = sqlite3.connect(archive)
    try:
        tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert not {t for t in tables if t.startswith(("search_new_", "search_old_"))}
        for table in ("search_fts", "search_tier_title", "search_tier_people", "search_tier_facts"):
            segments = con.execute(f"SELECT count(DISTINCT segid) FROM {table}_idx").fetchone()[0]  # noqa: S608
            assert segments == 1, table
        indexed = con.execute("SELECT count(*) FROM search_doc WHERE review_id IS NOT NULL").fetchone()[0]
        reviews = con.execute("SELECT count(*) FROM reviews_review WHERE status <> 'draft'").fetchone()[0]
        assert indexed == reviews > 2
        hits = con.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH 'spacewalker'").fetchone()[
            0
        ]
        assert hits >= 1
    finally:
        con.close()


# Rebuilds with the log limit set; prints how many transactions the writer began and how many
# times it restarted the write-ahead log before one.
_REBUILD_WITH_LOG_LIMIT = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reelpress.settings")
import django
django.setup()
from reelpress.search.backends.sqlite import SQLiteBackend, _Checkpointer
from reelpress.search.index import rebuild
_Checkpointer.LOG_LIMIT = int(sys.argv[1])
writers = []
batch_transaction = SQLiteBackend.batch_transaction
def watched(self):
    writers.append(self)
    return batch_transaction(self)
SQLiteBackend.batch_transaction = watched
summary = rebuild(batch=1)
print(summary.workers, len(writers), writers[-1].log_restarts)
"""


def test_a_long_write_ahead_log_is_restarted_between_the_rebuilds_transactions(archive):
    """Worker processes read all the time, so the log would only grow; the writer restarts it.

    A RESTART checkpoint that SQLite reports as not busy guarantees the next write starts the
    log from its beginning; one held back by a reader would be reported busy and not counted.
    """

    def rebuild_with(limit):
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{archive}"}
        out = subprocess.run(
            [sys.executable, "-c", _REBUILD_WITH_LOG_LIMIT, str(limit)],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        ).stdout.split()
        return tuple(int(n) for n in out)

    workers, transactions, restarts = rebuild_with(10**9)
    assert workers == 2 and transactions > 10
    assert restarts == 0  # a short log is left alone
    workers, transactions, restarts = rebuild_with(1)
    assert workers == 2
    # Whenever the checkpointer had counted pages since the last restart (it looks every 50 ms,
    # and these transactions take milliseconds), with two workers reading meanwhile.
    assert restarts >= 1, (restarts, transactions)
