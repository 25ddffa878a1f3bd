"""bench/archive.py resumes a stopped build: the archive it finishes is the one it would have built.

A million reviews take hours to store, longer than a working session; the builder commits chunk by
chunk and, started again, goes on from the first chunk it did not commit.
"""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[3] / "bench"


def _build(target: Path, reviews: int) -> str:
    env = {**os.environ, "REELPRESS_BENCH_CHUNK": "10"}
    env.pop("DATABASE_URL", None)  # the archive is SQLite whatever the suite runs on
    command = [sys.executable, BENCH / "archive.py", "--build-into", target, "--reviews", str(reviews)]
    ran = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    return ran.stdout


def _reviews(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT r.slug, r.headline, r.published_at, f.title, f.year FROM reviews_review r "
            "JOIN catalog_film f ON f.id = r.film_id ORDER BY r.slug"
        ).fetchall()


def test_a_stopped_build_resumes_from_its_first_uncommitted_chunk(tmp_path):
    whole = tmp_path / "whole" / "a.sqlite3"
    stopped = tmp_path / "stopped" / "a.sqlite3"
    whole.parent.mkdir()
    stopped.parent.mkdir()
    _build(whole, 30)

    # A build stopped after two of its three chunks: the third chunk's reviews never committed.
    _build(stopped, 30)
    with sqlite3.connect(stopped) as connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("DELETE FROM reviews_review WHERE CAST(substr(slug, 8) AS integer) >= 20")
    assert len(_reviews(stopped)) == 20

    out = _build(stopped, 30)
    assert "resuming after 20 stored reviews (chunk 2)" in out
    assert _reviews(stopped) == _reviews(whole)
    assert len(_reviews(whole)) == 30
