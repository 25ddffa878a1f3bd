"""bench/archive.py resumes a stopped build: the archive it finishes is the one it would have built.

A million reviews take hours to store, longer than a working session; the builder commits chunk by
chunk and, started again, goes on from the first chunk it did not commit.
"""

import datetime as dt
import json
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


def test_a_tiled_archive_holds_every_copy_with_its_tallies_right(tmp_path):
    """The million-review archive is ten tiles of the 100,000 one (see docs/decisions.md)."""
    env = {**os.environ, "REELPRESS_BENCH_CHUNK": "10"}
    env.pop("DATABASE_URL", None)
    command = [
        sys.executable,
        BENCH / "archive.py",
        "--reviews",
        "60",
        "--tile-from",
        "20",
        "--dir",
        tmp_path,
    ]
    ran = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    # index() recounts every tally and refuses an archive whose triggers missed a row.
    assert "tallies agree with a recount" in ran.stdout

    source, tiled = _reviews(tmp_path / "search-20.sqlite3"), _reviews(tmp_path / "search-60.sqlite3")
    assert len(tiled) == 60 and len({slug for slug, *_ in tiled}) == 60
    copies = {slug: (headline, title, year) for slug, headline, _, title, year in tiled}
    for slug, headline, _, title, year in source:
        assert copies[slug] == (headline, title, year)
        assert copies[f"{slug}-tile1"] == (f"{headline} II", f"{title} II", year)
        assert copies[f"{slug}-tile2"] == (f"{headline} Returns", f"{title} Returns", year)
    with sqlite3.connect(tmp_path / "search-60.sqlite3") as connection:
        # Each copy is published after its original, within the gap between two originals.
        published = dict(connection.execute("SELECT slug, published_at FROM reviews_review"))
        first, last = min(published.values()), max(published.values())
        gap = (dt.datetime.fromisoformat(last) - dt.datetime.fromisoformat(first)) / 20
        for slug, *_ in source:
            for k in (1, 2):
                shift = dt.datetime.fromisoformat(published[f"{slug}-tile{k}"]) - dt.datetime.fromisoformat(
                    published[slug]
                )
                assert dt.timedelta(0) < shift < gap
        assert connection.execute("SELECT COUNT(*) FROM catalog_credit WHERE sort_title = ''").fetchone() == (
            0,
        )
        people = connection.execute("SELECT name, disambiguator FROM catalog_person").fetchall()
        # Each copy's credits name that copy's people: the same names, told apart.
        credited = connection.execute(
            "SELECT r.slug, p.name, p.disambiguator, p.slug FROM reviews_review r "
            "JOIN catalog_credit c ON c.film_id = r.film_id JOIN catalog_person p ON p.id = c.person_id"
        ).fetchall()
    with sqlite3.connect(tmp_path / "search-20.sqlite3") as connection:
        originals = connection.execute("SELECT name, disambiguator FROM catalog_person").fetchall()
    assert sorted(people) == sorted(
        [*originals, *((name, "II") for name, _ in originals), *((name, "III") for name, _ in originals)]
    )
    by_review: dict[str, set] = {}
    for review, name, disambiguator, person_slug in credited:
        by_review.setdefault(review, set()).add((name, disambiguator, person_slug))
    for slug, *_ in source:
        names = {(name, person_slug) for name, _, person_slug in by_review[slug]}
        assert names and {d for _, d, _ in by_review[slug]} == {""}
        for k, numeral in ((1, "II"), (2, "III")):
            assert by_review[f"{slug}-tile{k}"] == {
                (name, numeral, f"{person_slug}-tile{k}") for name, person_slug in names
            }
    # Each copy's bodies and blurbs carry the vocabulary's tail with a suffix of the copy's own:
    # a rare word of the source is as rare in the tiled archive (bench/load.py's rare-word search).
    with sqlite3.connect(tmp_path / "search-60.sqlite3") as connection:
        texts = {
            slug: (body, blurb)
            for slug, body, blurb in connection.execute("SELECT slug, body, blurb FROM reviews_review")
        }
    tail = set(_vocabulary()[2_000:])
    for slug, *_ in source:
        body, blurb = texts[slug]
        words = set(body.replace(".", " ").split())
        rare = words & tail
        assert rare and words - tail  # a body of 800 words has both kinds
        for k, suffix in ((1, "qb"), (2, "qc")):
            copy_body, copy_blurb = texts[f"{slug}-tile{k}"]
            copied = set(copy_body.replace(".", " ").split())
            assert copied == (words - tail) | {w + suffix for w in rare}
            assert len(copy_body) == len(body) + len(suffix) * sum(
                1 for w in body.replace(".", " ").split() if w in tail
            )
            assert (copy_blurb is None) == (blurb is None)


def _vocabulary() -> list[str]:
    """The archive generator's vocabulary, read in a child (bench/ is not a package)."""
    code = (
        "import sys, json; sys.path.insert(0, sys.argv[1]); import archive; "
        "print(json.dumps(archive._world()['vocabulary']))"
    )
    ran = subprocess.run([sys.executable, "-c", code, str(BENCH)], capture_output=True, text=True, check=True)
    return json.loads(ran.stdout)
