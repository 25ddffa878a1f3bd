#!/usr/bin/env python
"""The benchmarks' synthetic archive: N deterministic reviews stored through ``store.save``, built once.

    .venv/bin/python bench/archive.py --reviews 100000            # /work/bench-archives/search-100000.sqlite3
    .venv/bin/python bench/archive.py --reviews 1000000 --dir DIR

Every review (≈800-word body drawn from a Zipf vocabulary, realistic title, credits from a pool of
two names per review, label, format, year) goes in through ``ReviewRecord`` -> ``store.save()`` in batched
transactions with index writes suspended; the index is then built by the same
``search.index.rebuild`` that ``reelpress reindex`` runs. bench/search.py, bench/worst.py and
bench/load.py share it. ``ensure()`` builds into a staging folder under a lock and moves the
finished files into place, so a benchmark started meanwhile never opens a half-built archive. A
build that was stopped resumes from its last stored chunk when started again (a million reviews
take hours).

A million reviews through ``store.save`` take 2.5–3 hours here, longer than a working session, so
``--tile-from 100000`` builds the million-review archive from the 100,000-review one instead:
ten copies of its films, editions, credits, reviews and ratings (copy k's titles carry a sequel
word, its reviews are published between the originals'), inserted by SQL with every trigger
firing as a save's rows would fire them, then the tallies are checked against a recount and the
index is built by ``search.index.rebuild``. Each tile has people of its own (the same names,
told apart by a disambiguator, "II" to "X"), as a tenfold archive would bring ten times the
people; critics and labels are the same pools, so each has ten times the reviews and editions.
See docs/decisions.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import fcntl
import functools
import multiprocessing
import os
import random
import re
import shutil
import sqlite3
import string
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DIR = Path(os.environ.get("REELPRESS_BENCH_ARCHIVES", "/work/bench-archives"))

SEED = 20260125
NAMES_PER_REVIEW = 2  # the people pool grows with the archive, as a real one's does
MIN_NAMES = 20_000
DIRECTOR_SHARE = 0.15  # the first 15 % of the pool direct
BODY_WORDS = 800
CHUNK = int(os.environ.get("REELPRESS_BENCH_CHUNK", "1000"))  # reviews a transaction (tests: fewer)
COMMON = (
    "the of and to a in is that it was for on with as his film at by he this from but be picture not "
    "are an they one have all has its her which their scene you or more out there so what story when "
    "who disc than some can about into only time first like would also been other two any most were "
    "even much them well still image sound way where shot after these back through transfer director"
).split()
ADJECTIVES = (
    "Silent Last Dark Golden Red Long Lost Hidden Broken Wild Cold Burning Distant Bitter Secret "
    "Crimson Endless Quiet Sudden Iron Pale Savage Hollow Final Electric Northern Sweet Lonely Strange"
).split()
NOUNS = (
    "Night River City Shadow Road House Heart Storm Garden Mirror Harbor Winter Desert Stranger Kingdom "
    "Voyage Island Witness Journey Empire Frontier Signal Circus Orchard Lighthouse Tide Valley Mountain "
    "Spacewalker Carousel Bridge Station Ballad Fortune Hunter Paradise Horizon Window Summer"
).split()
FORMATS = [("Blu-ray", 55), ("4K Ultra HD + Blu-ray", 15), ("DVD", 25), ("DVD-R", 5)]
VERDICTS = ["Highly Recommended", "Recommended", "Rent It", "Skip It", "DVD Talk Collector Series", ""]
RATING_WORDS = ["Excellent", "Very Good", "Good", "Fair", "Poor"]
LABEL_WORDS = ["Films", "Video", "Pictures", "Archive", "Home Entertainment"]
PHRASES = ["original camera negative", "director of photography", "lossless surround track"]
SYLLABLES = (
    "ka lo mi ra ven tor sel dun bri mar fel gon zu pe shi an ol rik tas nem ba cor di el ho jun qui sa te "
    "vo wy xe lu ne ga pri sto vel mo ri"
).split()


# ---------------------------------------------------------------------------- the synthetic archive


def _words(rng: random.Random, count: int, syllables: tuple[int, int]) -> list[str]:
    found: dict[str, None] = {}
    while len(found) < count:
        n = rng.randint(*syllables)
        found["".join(rng.choice(SYLLABLES) for _ in range(n))] = None
    return list(found)


def world(total: int = 0) -> dict:
    """The pools every chunk of an archive of ``total`` reviews draws from (same seed and size, same
    archive). Vocabulary, critics and labels are fixed; the people grow with the archive (two names a
    review, at least 20,000), so a person has about as many films at every size, as in real archives:
    a bigger archive covers more films and so more people, not ten times the films of the same ones."""
    rng = random.Random(SEED)
    n_names = max(MIN_NAMES, NAMES_PER_REVIEW * total)
    synthetic = [w for w in _words(rng, 42_000, (2, 4)) if w not in COMMON][:40_000]
    vocabulary = COMMON + synthetic
    cum, total = [], 0.0
    for rank in range(1, len(vocabulary) + 1):
        total += 1.0 / rank
        cum.append(total)
    firsts = [w.capitalize() for w in _words(rng, 260, (2, 3))] + ["Néstor", "José", "Zoë", "Björn", "Renée"]
    n_lasts = max(700, n_names // 40)
    lasts = [w.capitalize() for w in _words(rng, n_lasts, (2, 5))]
    lasts += ["Almendros", "Müller", "Łukasz", "Ørsted"]
    pairs: set[tuple[str, str]] = set()
    while len(pairs) < n_names:
        pairs |= {(rng.choice(firsts), rng.choice(lasts)) for _ in range(n_names - len(pairs))}
    names = sorted(f"{a} {b}" for a, b in pairs)
    rng.shuffle(names)
    labels = [f"{rng.choice(ADJECTIVES)} {rng.choice(LABEL_WORDS)}" for _ in range(60)] + [
        "Capelight",
        "Criterion",
        "Arrow Video",
        "Kino Lorber",
        "Warner Archive",
    ]
    labels = list(dict.fromkeys(labels))
    authors = [f"{rng.choice(firsts)} {rng.choice(lasts)}" for _ in range(25)]
    return {
        "vocabulary": vocabulary,
        "cum": cum,
        "names": names,
        "directors": names[: int(n_names * DIRECTOR_SHARE)],
        "labels": labels,
        "authors": authors,
    }


_WORLDS: dict[int, dict] = {}


def _world(total: int = 0) -> dict:
    if total not in _WORLDS:
        _WORLDS.clear()
        _WORLDS[total] = world(total)
    return _WORLDS[total]


def _body(rng: random.Random, w: dict, length: int = BODY_WORDS) -> str:
    words = rng.choices(w["vocabulary"], cum_weights=w["cum"], k=length)
    for phrase in PHRASES:
        if rng.random() < 0.05:
            words.insert(rng.randrange(len(words)), phrase)
    paragraphs = []
    for start in range(0, len(words), 200):
        stop = min(start + 200, len(words))
        paragraphs.append(". ".join(" ".join(words[i : i + 16]) for i in range(start, stop, 16)) + ".")
    return "\n\n".join(paragraphs)


def records(chunk: int, total: int, body_words: int = BODY_WORDS) -> list[dict]:
    """The records of one chunk (deterministic: depends only on the seed, chunk number, N and length)."""
    w = _world(total)
    rng = random.Random(SEED * 1_000_003 + chunk)
    start = dt.datetime(2005, 1, 1, tzinfo=dt.UTC)
    span = dt.timedelta(days=365 * 20).total_seconds()
    out = []
    for i in range(chunk * CHUNK, min(total, (chunk + 1) * CHUNK)):
        shape = rng.random()
        if shape < 0.3:
            title = f"The {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
        elif shape < 0.5:
            title = f"{rng.choice(NOUNS)} of the {rng.choice(NOUNS)}"
        elif shape < 0.75:
            title = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
        else:
            title = f"{rng.choice(NOUNS)} {w['vocabulary'][rng.randint(200, 40_000)].capitalize()}"
        year = min(2025, int(1920 + 105 * rng.random() ** 0.7))
        fmt = rng.choices([f for f, _ in FORMATS], weights=[n for _, n in FORMATS])[0]
        names = w["names"]
        cast = list(dict.fromkeys(names[int(len(names) * rng.random() ** 1.5)] for _ in range(5)))
        published = start + dt.timedelta(seconds=span * (i + rng.random()) / total)
        out.append(
            {
                "title": title,
                "original_title": (title + " " + rng.choice(w["vocabulary"][2000:])).title()
                if rng.random() < 0.1
                else None,
                "alternate_titles": [f"{rng.choice(NOUNS)} {rng.choice(NOUNS)}"]
                if rng.random() < 0.1
                else [],
                "year": year,
                "directors": [w["directors"][int(len(w["directors"]) * rng.random() ** 1.3)]],
                "cast": cast,
                "cinematographers": [rng.choice(names)],
                "writers": [rng.choice(names)],
                "composers": [rng.choice(names)],
                "disc_format": fmt,
                "label": w["labels"][int(len(w["labels"]) * rng.random() ** 2)],
                "street_date": f"{max(year, 1998) + rng.randint(0, 3)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",  # noqa: E501
                "reviewer": rng.choice(w["authors"]),
                "published_at": published.isoformat(),
                "review_date": published.date().isoformat(),
                "headline": title,
                "slug": f"review-{i}",
                "blurb": " ".join(rng.choices(w["vocabulary"], cum_weights=w["cum"], k=25)).capitalize()
                + ".",
                "body": _body(rng, w, body_words),
                "ratings": {
                    axis: rng.choice(RATING_WORDS) for axis in ("Movie", "Video", "Sound", "Supplements")
                },
                "verdict": rng.choice(VERDICTS) or None,
            }
        )
    return out


def _generate(args):
    chunk, total = args
    return records(chunk, total)


# ---------------------------------------------------------------------------- storing it


def _django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reelpress.settings")
    import django

    django.setup()


def build(reviews: int, database_url: str) -> dict:
    """Store ``reviews`` synthetic reviews with ``store.save`` into ``database_url``, then index them."""
    chunks = (reviews + CHUNK - 1) // CHUNK
    pool = multiprocessing.get_context("fork").Pool(1)
    _django(database_url)
    from django.core.management import call_command
    from django.db import transaction

    from reelpress.ingest.record import ReviewRecord
    from reelpress.ingest.store import caching, prime, save
    from reelpress.reviews.models import Review
    from reelpress.search.backends import backend_for
    from reelpress.search.index import rebuild
    from reelpress.search.signals import suspended

    call_command("migrate", verbosity=0)
    # Resumable: each chunk is stored in one transaction and chunks are deterministic, so a build
    # that was stopped (a session's end, a reboot) goes on from the first chunk it did not commit.
    done = Review.objects.count()
    first_chunk = chunks if done >= reviews else done // CHUNK
    if done:
        print(f"  resuming after {done:,} stored reviews (chunk {first_chunk:,})", flush=True)
    resumed_from = done
    started = time.perf_counter()

    # The importers' batch path: lookups cached across the load, each batch's films and reviews
    # fetched in a few queries (store.caching / store.prime), then one save per record.
    def generated():
        # One chunk generated ahead, no more: imap would queue every record of the archive in
        # this process (generating is faster than storing), 7 GB at a million reviews.
        pending = pool.apply_async(_generate, ((first_chunk, reviews),))
        for c in range(first_chunk + 1, chunks + 1):
            batch = pending.get()
            if c < chunks:
                pending = pool.apply_async(_generate, ((c, reviews),))
            yield batch

    with caching(), suspended():  # the index is built once, by rebuild() below
        for batch in generated():
            records = [ReviewRecord.from_dict(data) for data in batch]
            with transaction.atomic():
                prime(records)
                for record in records:
                    save(record)
            done += len(batch)
            if done % 10_000 == 0 or done == reviews:
                rate = (done - resumed_from) / (time.perf_counter() - started)
                print(f"  stored {done:,}/{reviews:,} ({rate:,.0f}/s)", flush=True)
    pool.close()
    load_seconds = time.perf_counter() - started
    print("  building the index (search.index.rebuild) ...", flush=True)
    summary = rebuild(batch=1000)
    return {
        "load_seconds": round(load_seconds, 1),
        "load_per_second": round((reviews - resumed_from) / load_seconds, 1),
        "resumed_from": resumed_from,
        "index_seconds": round(summary.seconds, 1),
        "index_per_second": round(summary.rate, 1),
        "index_live_seconds": round(summary.live_seconds, 1),
        "index_live_per_second": round(summary.live_rate, 1),
        "index_bytes": backend_for().index_size(),
        "indexed": summary.indexed,
        "index_phases_seconds": summary.phases,
    }


# ---------------------------------------------------------------------------- tiled from a smaller one

NUMERALS = ["II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]  # a tile's people's disambiguator
SEQUELS = ["II", "Returns", "Reborn", "Redux", "Rising", "Forever", "Legacy", "Reckoning", "Awakening"]
# A tile's copies of the bodies and blurbs carry the vocabulary's tail (rank RARE_FROM on) with a
# suffix of its own ("shivel" becomes "shivelqb" in tile 2): a real archive's vocabulary grows
# with it, and without this every word of a tiled million would be in ten times the reviews it is
# in at 100,000, so that no search for a rare word could be compared between sizes.
RARE_FROM = 2_000
_WORD = re.compile(r"[a-z]+")


def _tile_words(text: str | None, k: int) -> str | None:
    """``text`` with each of the vocabulary's tail words suffixed for tile ``k`` (SQL function)."""
    if not text:
        return text
    tail, suffix = _tail(), "q" + string.ascii_lowercase[k % 26]
    return _WORD.sub(lambda m: m.group() + suffix if m.group() in tail else m.group(), text)


@functools.lru_cache(maxsize=1)
def _tail() -> frozenset:
    return frozenset(_world()["vocabulary"][RARE_FROM:])


# Tables a tile copies, in an order that satisfies their foreign keys and triggers (a credit's sort
# key is read from its film, a review's tallies from its edition): (table, {column: expression}).
# Every id moves by the table's largest id times the tile; other columns are copied unless given.
_TILED = [
    (
        "catalog_film",
        {
            "title": "title || ' ' || :word",
            "title_key": "title_key || ' ' || lower(:word)",
            "slug": "slug || '-' || lower(:word)",
        },
    ),
    ("catalog_alternatetitle", {"film_id": "film_id + :catalog_film"}),
    ("catalog_release", {"slug": "slug || '-tile' || :k", "film_id": "film_id + :catalog_film"}),
    ("catalog_audiotrack", {"release_id": "release_id + :catalog_release"}),
    ("catalog_subtitletrack", {"release_id": "release_id + :catalog_release"}),
    ("catalog_extra", {"release_id": "release_id + :catalog_release"}),
    ("catalog_person", {"slug": "slug || '-tile' || :k", "disambiguator": ":numeral"}),
    (
        "catalog_credit",
        {
            "film_id": "film_id + :catalog_film",
            "person_id": "person_id + :catalog_person",
            "sort_year": "0",
            "sort_title": "''",
        },
    ),
    (
        "reviews_review",
        {
            "slug": "slug || '-tile' || :k",
            "headline": "headline || ' ' || :word",
            "body": "tile_words(body, :k)",
            "blurb": "tile_words(blurb, :k)",
            "source_url": "source_url || '#' || :k",
            # Between the originals: the archive's span over the million, times the tile.
            "published_at": "strftime('%Y-%m-%d %H:%M:%S', published_at, :shift) || substr(published_at, 20)",
            "review_date": "date(published_at, :shift)",
            "film_id": "film_id + :catalog_film",
            "release_id": "release_id + :catalog_release",
        },
    ),
    ("reviews_rating", {"review_id": "review_id + :reviews_review"}),
    ("reviews_review_tags", {"review_id": "review_id + :reviews_review"}),
]


def tile(source: Path, target: Path, times: int) -> dict:
    """Copy ``source`` (an archive) to ``target`` and add ``times - 1`` tiles of its catalogue and reviews.

    Plain SQL on one connection, in one transaction per tile; the schema's triggers keep the credit
    sort keys and the tallies as a save would. The search index is not built here (see main()).
    """
    started = time.perf_counter()
    _checkpoint(source)
    shutil.copyfile(source, target)
    connection = sqlite3.connect(target, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA cache_size=-1000000")  # 1 GB: the inserts touch every index
    connection.create_function("tile_words", 2, _tile_words, deterministic=True)
    tops = {
        table: connection.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0]  # noqa: S608
        for table, _ in _TILED
    }
    (reviews,) = connection.execute("SELECT COUNT(*) FROM reviews_review").fetchone()
    (first, last) = connection.execute(
        "SELECT MIN(published_at), MAX(published_at) FROM reviews_review"
    ).fetchone()
    span = (dt.datetime.fromisoformat(last) - dt.datetime.fromisoformat(first)).total_seconds()
    step = span / max(1, reviews) / times  # seconds between a review and its next tile's copy
    for k in range(1, times):
        tile_started = time.perf_counter()
        params = {table: top * k for table, top in tops.items()}
        params.update(k=k, word=SEQUELS[(k - 1) % len(SEQUELS)], shift=f"+{step * k:.3f} seconds")
        params["numeral"] = NUMERALS[(k - 1) % len(NUMERALS)] + ("" if k < 10 else f"-{k}")
        connection.execute("BEGIN IMMEDIATE")
        for table, changed in _TILED:
            columns = [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
            values = [changed.get(c, f"id + :{table}" if c == "id" else f'"{c}"') for c in columns]
            names = ", ".join(f'"{c}"' for c in columns)
            # Names from _TILED and the schema, values bound.
            sql = f'INSERT INTO "{table}" ({names}) SELECT {", ".join(values)} FROM "{table}" '  # noqa: S608
            sql += f"WHERE id <= :top_{table} ORDER BY id"
            connection.execute(sql, {**params, f"top_{table}": tops[table]})
        connection.execute("COMMIT")
        seconds = time.perf_counter() - tile_started
        print(f"  tile {k + 1}/{times}: {reviews * (k + 1):,} reviews ({seconds:.0f} s)", flush=True)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return {"tiles": times, "tile_seconds": round(time.perf_counter() - started, 1)}


# ---------------------------------------------------------------------------- built once, reused


def path_for(reviews: int, directory: Path | str = DEFAULT_DIR) -> Path:
    """Where the archive of ``reviews`` reviews lives (the name bench/search.py gives it)."""
    return Path(directory) / f"search-{reviews}.sqlite3"


def _files(db: Path) -> list[Path]:
    """The archive's files: the database and its search index generations (with -wal/-shm)."""
    out = [Path(f"{db}{suffix}") for suffix in ("", "-wal", "-shm")]
    out += sorted(db.parent.glob(f"{db.stem}.search-*.sqlite3*"))
    return [path for path in out if path.exists()]


def _checkpoint(db: Path) -> None:
    """Fold the write-ahead logs into the files, so the archive moves (and copies) as plain files."""
    for path in [db, *db.parent.glob(f"{db.stem}.search-*.sqlite3")]:
        connection = sqlite3.connect(path)
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()


def index(database_url: str) -> dict:
    """A tiled archive's last steps: its tallies checked against a recount, then its index built."""
    _django(database_url)
    from django.core.management import call_command

    from reelpress.counts.recount import describe, differences
    from reelpress.search.backends import backend_for
    from reelpress.search.index import rebuild

    call_command("migrate", verbosity=0)
    wrong = differences()
    if wrong:
        shown = "; ".join(f"{describe(f)}: kept {kept}, counted {counted}" for f, kept, counted in wrong[:5])
        raise SystemExit(f"the tiled archive's tallies disagree with a recount ({len(wrong)}): {shown}")
    print("  tallies agree with a recount; building the index (search.index.rebuild) ...", flush=True)
    summary = rebuild(batch=1000)
    return {
        "index_seconds": round(summary.seconds, 1),
        "index_per_second": round(summary.rate, 1),
        "index_bytes": backend_for().index_size(),
        "indexed": summary.indexed,
        "index_phases_seconds": summary.phases,
    }


def ensure(
    reviews: int, directory: Path | str = DEFAULT_DIR, *, quiet: bool = False, tile_from: int | None = None
) -> Path:
    """The archive of ``reviews`` reviews in ``directory``: reused when there, else built (minutes).

    A lock file serialises builders (another benchmark asking for the same size waits for the
    first build instead of starting its own); the build writes into ``.building-<name>/`` and its
    files are moved into place only when it is complete, the database last.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    db = path_for(reviews, directory)
    if db.exists():
        return db
    with open(directory / f".{db.stem}.lock", "w") as lock:
        if not quiet and _locked(lock):
            print(f"waiting for another build of {db} ...", flush=True)
        fcntl.flock(lock, fcntl.LOCK_EX)
        if db.exists():  # built by whoever held the lock
            return db
        staging = directory / f".building-{db.stem}"
        target = staging / db.name
        if not target.exists():  # else a stopped build of the same size: it resumes (build())
            shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(exist_ok=True)
        print(f"Building {reviews:,} reviews into {db} (staged in {staging}) ...", flush=True)
        if tile_from:
            if reviews % tile_from:
                raise SystemExit(f"--tile-from {tile_from} must divide --reviews {reviews}")
            source = ensure(tile_from, directory, quiet=quiet)
            print(f"  tiling {reviews // tile_from} copies of {source} ...", flush=True)
            figures = tile(source, target, reviews // tile_from)
            figures |= _build_in_child(reviews, target, mode="--index-into")
        else:
            figures = _build_in_child(reviews, target)
        _checkpoint(target)
        files = _files(target)
        for path in sorted(files, key=lambda p: p == target):  # the database last
            path.rename(directory / path.name)
        shutil.rmtree(staging, ignore_errors=True)
        print(f"  built {db}: {figures}", flush=True)
    return db


def _locked(lock) -> bool:
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    fcntl.flock(lock, fcntl.LOCK_UN)
    return False


def _build_in_child(reviews: int, target: Path, mode: str = "--build-into") -> dict:
    """Build (or index) in a fresh process: Django is set up for the archive's database there, not here."""
    import json
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        command = [sys.executable, __file__, mode, str(target), "--reviews", str(reviews)]
        subprocess.run([*command, "--figures", out.name], check=True)
        return json.loads(Path(out.name).read_text() or "{}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reviews", type=int, required=True)
    parser.add_argument("--dir", default=str(DEFAULT_DIR), help=f"archives live here ({DEFAULT_DIR})")
    parser.add_argument(
        "--tile-from",
        type=int,
        help="build by tiling the archive of this many reviews (10 × 100,000 for the million: minutes)",
    )
    parser.add_argument("--build-into", help=argparse.SUPPRESS)
    parser.add_argument("--index-into", help=argparse.SUPPRESS)
    parser.add_argument("--figures", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build_into or args.index_into:
        import json

        into = args.build_into or args.index_into
        # A data folder of its own: the settings keep a secret key there, not in the checkout's data/.
        os.environ.setdefault("REELPRESS_DATA_DIR", str(Path(into).parent))
        if args.build_into:
            figures = build(args.reviews, f"sqlite:///{into}")
        else:
            figures = index(f"sqlite:///{into}")
        if args.figures:
            Path(args.figures).write_text(json.dumps(figures))
        return 0
    with contextlib.suppress(KeyboardInterrupt):
        print(ensure(args.reviews, args.dir, tile_from=args.tile_from))
        return 0
    return 130


if __name__ == "__main__":
    sys.exit(main())
