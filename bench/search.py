#!/usr/bin/env python
"""Search benchmark: a deterministic synthetic archive, loaded through ingest.store, timed against tantivy.

    .venv/bin/python bench/search.py --reviews 100000 --json bench/search-100k.json

Builds N reviews (≈800-word bodies drawn from a Zipf vocabulary, realistic titles, credits
from a pool of 20,000 names, labels, formats, years), stores them with
``store.save(record)`` in batched transactions (index writes suspended), builds the index with the same
``search.index.rebuild`` that ``reelpress reindex`` runs, then, in a fresh process, times a
fixed query mix through ``search()`` / ``suggest()`` and the same queries on tantivy, twice:
"bare" (ids of the top 20 and exact facet counts) and "page" (also each hit's stored title and a
highlighted body snippet: the work a results page needs, which ``search()`` always does).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = 20260125
NAMES = 20_000
BODY_WORDS = 800
CHUNK = 1000
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


def world() -> dict:
    """The fixed pools every chunk draws from (same seed, same archive)."""
    rng = random.Random(SEED)
    synthetic = [w for w in _words(rng, 42_000, (2, 4)) if w not in COMMON][:40_000]
    vocabulary = COMMON + synthetic
    cum, total = [], 0.0
    for rank in range(1, len(vocabulary) + 1):
        total += 1.0 / rank
        cum.append(total)
    firsts = [w.capitalize() for w in _words(rng, 260, (2, 3))] + ["Néstor", "José", "Zoë", "Björn", "Renée"]
    lasts = [w.capitalize() for w in _words(rng, 700, (2, 4))] + ["Almendros", "Müller", "Łukasz", "Ørsted"]
    pairs = {(rng.choice(firsts), rng.choice(lasts)) for _ in range(NAMES * 2)}
    names = sorted(f"{a} {b}" for a, b in pairs)[: NAMES * 2]
    rng.shuffle(names)
    names = names[:NAMES]
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
        "directors": names[:3000],
        "labels": labels,
        "authors": authors,
    }


_WORLD: dict | None = None


def _world() -> dict:
    global _WORLD
    if _WORLD is None:
        _WORLD = world()
    return _WORLD


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
    w = _world()
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
                "directors": [w["directors"][int(3000 * rng.random() ** 1.3)]],
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


# ---------------------------------------------------------------------------- the query mix


def query_mix(w: dict) -> dict[str, list]:
    """Kinds of query -> concrete queries (text, filters) or prefixes; fixed for a given seed."""
    rng = random.Random(SEED + 7)
    v = w["vocabulary"]
    rare = [v[r] for r in range(30_000, 30_020)]
    common = COMMON[:20]
    two = [f"{COMMON[i]} {v[j]}" for i, j in zip(range(5, 25), range(150, 2150, 100))]
    phrases = [f'"{p}"' for p in PHRASES] + [f'"{a} {b}"' for a, b in zip(COMMON[:17], COMMON[1:18])]
    directors = w["directors"]
    field = [f"director:{directors[int(3000 * rng.random() ** 1.3)].split()[-1]}" for _ in range(20)]
    decades = ["1950", "1960", "1970", "1980", "1990", "2000", "2010"]
    facets = [(v[40 + n], {"format": ["blu-ray"], "decade": [decades[n % len(decades)]]}) for n in range(20)]
    misspelled = []
    for noun in NOUNS[:20]:
        word = noun.lower()
        k = rng.randint(1, len(word) - 3)
        misspelled.append(word[:k] + word[k + 1] + word[k] + word[k + 2 :])
    prefixes = []
    for n in range(20):
        source = rng.choice(NOUNS) if n % 2 else rng.choice(w["names"]).split()[-1]
        prefixes.append(source.lower()[: 2 + n % 3])
    return {
        "rare_word": [(q, {}) for q in rare],
        "common_word": [(q, {}) for q in common],
        "two_words": [(q, {}) for q in two],
        "phrase": [(q, {}) for q in phrases[:20]],
        "field_director": [(q, {}) for q in field],
        "word_and_two_facets": facets,
        "misspelling": [(q, {}) for q in misspelled],
        "prefix_suggest": prefixes,
    }


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)

    def at(p):
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))], 3)

    return {
        "n": len(ordered),
        "p50": at(0.50),
        "p95": at(0.95),
        "p99": at(0.99),
        "max": round(ordered[-1], 3),
    }


# ---------------------------------------------------------------------------- phases


def _django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reelpress.settings")
    import django

    django.setup()


def build(args, database_url: str) -> dict:
    chunks = (args.reviews + CHUNK - 1) // CHUNK
    pool = multiprocessing.get_context("fork").Pool(1)
    _django(database_url)
    from django.core.management import call_command
    from django.db import transaction

    from reelpress.ingest.record import ReviewRecord
    from reelpress.ingest.store import caching, prime, save
    from reelpress.search.backends import backend_for
    from reelpress.search.index import rebuild
    from reelpress.search.signals import suspended

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    done = 0

    # The importers' batch path: lookups cached across the load, each batch's films and reviews
    # fetched in a few queries (store.caching / store.prime), then one save per record.
    def generated():
        # One chunk generated ahead, no more: imap would queue every record of the archive in
        # this process (generating is faster than storing), 7 GB at a million reviews.
        pending = pool.apply_async(_generate, ((0, args.reviews),))
        for c in range(1, chunks + 1):
            batch = pending.get()
            if c < chunks:
                pending = pool.apply_async(_generate, ((c, args.reviews),))
            yield batch

    with caching(), suspended():  # the index is built once, by rebuild() below
        for batch in generated():
            records = [ReviewRecord.from_dict(data) for data in batch]
            with transaction.atomic():
                prime(records)
                for record in records:
                    save(record)
            done += len(batch)
            if done % 10_000 == 0 or done == args.reviews:
                rate = done / (time.perf_counter() - started)
                print(f"  stored {done:,}/{args.reviews:,} ({rate:,.0f}/s)", flush=True)
    pool.close()
    load_seconds = time.perf_counter() - started
    print("  building the index (search.index.rebuild) ...", flush=True)
    summary = rebuild(batch=1000)
    return {
        "load_seconds": round(load_seconds, 1),
        "load_per_second": round(args.reviews / load_seconds, 1),
        "index_seconds": round(summary.seconds, 1),
        "index_per_second": round(summary.rate, 1),
        "index_live_seconds": round(summary.live_seconds, 1),
        "index_live_per_second": round(summary.live_rate, 1),
        "index_bytes": backend_for().index_size(),
        "indexed": summary.indexed,
        "index_phases_seconds": summary.phases,
    }


def reindex(database_url: str, reviews: int) -> dict:
    """Rebuild only the index of an already loaded archive (in a child process, like a fresh CLI run)."""
    code = (
        f"import json, os, sys; sys.path.insert(0, {str(ROOT)!r}); "
        f"os.environ['DATABASE_URL'] = {database_url!r}; "
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'reelpress.settings'; import django; django.setup(); "
        "from reelpress.search.index import rebuild; from reelpress.search.backends import backend_for; "
        "s = rebuild(batch=1000); size = backend_for().index_size(); "  # the size is not timed
        "print(json.dumps([s.seconds, s.rate, s.live_seconds, s.live_rate, size, s.indexed, s.phases]))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    seconds, rate, live, live_rate, size, indexed, phases = json.loads(out.strip().splitlines()[-1])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "index_seconds": round(seconds, 1),
        "index_per_second": round(rate, 1),
        "index_live_seconds": round(live, 1),
        "index_live_per_second": round(live_rate, 1),
        "index_bytes": size,
        "indexed": indexed,
        "index_phases_seconds": phases,
        "index_peak_rss_mb": round(peak, 1),
    }


def time_ours(mix: dict, repeat: int) -> dict:
    from reelpress.search import search, suggest

    for kind, queries in mix.items():  # warm caches once
        for q in queries:
            suggest(q) if kind == "prefix_suggest" else search(q[0], q[1])
    out, examples = {}, {}
    for kind, queries in mix.items():
        samples = []
        for _ in range(repeat):
            for q in queries:
                t = time.perf_counter()
                result = suggest(q) if kind == "prefix_suggest" else search(q[0], q[1])
                samples.append((time.perf_counter() - t) * 1000)
        out[kind] = percentiles(samples)
        q = queries[0]
        if kind == "prefix_suggest":
            examples[kind] = {"query": q, "suggestions": len(result)}
        else:
            r = search(q[0], q[1])
            examples[kind] = {
                "query": q[0],
                "filters": q[1],
                "total": r.total_display,
                "suggestion": r.suggestion,
            }
        print(
            f"  ours     {kind:22} p50 {out[kind]['p50']:8.2f} ms  p95 {out[kind]['p95']:8.2f}  "
            f"p99 {out[kind]['p99']:8.2f}   e.g. {examples[kind]}",
            flush=True,
        )
    return {"kinds": out, "examples": examples}


def build_tantivy(path: Path) -> dict:
    import tantivy

    from reelpress.reviews.models import Review
    from reelpress.search.documents import build_docs, docid_base

    analyzer = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )
    sb = tantivy.SchemaBuilder()
    # Title and body are stored so the "results page" timing can fetch the hits and build
    # snippets, as our search() does; the bare timing never touches the store.
    for name in ("title", "director", "actor", "facts", "body"):
        sb.add_text_field(name, tokenizer_name="fold", stored=name in ("title", "body"))
    for name in ("format", "label", "decade", "verdict", "author", "dirf"):
        sb.add_text_field(name, tokenizer_name="raw", fast=True)
    sb.add_integer_field("docid", fast=True)
    sb.add_integer_field("review", stored=True)
    schema = sb.build()
    index = tantivy.Index(schema, path=str(path))
    index.register_tokenizer("fold", analyzer)
    started = time.perf_counter()
    writer = index.writer(heap_size=400_000_000, num_threads=2)
    ids = list(Review.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), 1000):
        for d in build_docs(ids[start : start + 1000]):
            facets = {}
            for facet, slug, _label in d.facets:
                facets.setdefault("dirf" if facet == "director" else facet, []).append(slug)
            doc = tantivy.Document(
                title=d.fields["title"],
                director=d.fields["directors"],
                actor=d.fields["credits"],
                facts=[v for n in ("label", "format", "verdict", "author", "facts") for v in d.fields[n]],
                body=[d.body],
                docid=[docid_base(d.published) >> 20],
                review=[d.review_id],
                **facets,
            )
            writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()
    seconds = time.perf_counter() - started
    files = [f for f in path.rglob("*") if f.is_file()]
    return {
        "index_seconds": round(seconds, 1),
        "index_per_second": round(len(ids) / seconds, 1),
        "index_bytes": sum(f.stat().st_size for f in files),
        # without the document store (stored title and body), comparable with our index size
        "index_bytes_without_store": sum(f.stat().st_size for f in files if f.suffix != ".store"),
    }


def time_tantivy(path: Path, mix: dict, repeat: int) -> dict:
    import tantivy

    analyzer = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )
    index = tantivy.Index.open(str(path))
    index.register_tokenizer("fold", analyzer)
    index.reload()
    searcher = index.searcher()
    schema = index.schema
    aggs = {
        name: {"terms": {"field": name, "size": 10}}
        for name in ("format", "label", "decade", "verdict", "author", "dirf")
    }
    fields = ["title", "director", "actor", "facts", "body"]
    boosts = {"title": 8.0, "director": 3.0, "actor": 3.0, "facts": 1.5}

    def page(query, hits, snippets=True):
        """What a results page needs beyond ids and counts: each hit's stored title and a
        highlighted body snippet (our search() does the same from the reviews table)."""
        generator = None
        if snippets:
            generator = tantivy.SnippetGenerator.create(searcher, query, schema, "body")
            generator.set_max_num_chars(240)
        for _score, address in hits:
            doc = searcher.doc(address)
            doc["title"]
            if generator is not None:
                generator.snippet_from_doc(doc).to_html()

    def run(kind, q, with_page=False):
        if kind == "prefix_suggest":
            query = tantivy.Query.boolean_query(
                [
                    (tantivy.Occur.Should, tantivy.Query.phrase_prefix_query(schema, "title", [q])),
                    (tantivy.Occur.Should, tantivy.Query.phrase_prefix_query(schema, "actor", [q])),
                ]
            )
            hits = searcher.search(query, 8, count=False).hits
            if with_page:
                page(query, hits, snippets=False)
            return hits
        text, filters = q
        query = index.parse_query(text, fields, field_boosts=boosts, conjunction_by_default=True)
        if filters:
            parts = [(tantivy.Occur.Must, query)]
            for name, values in filters.items():
                parts.append((tantivy.Occur.Must, tantivy.Query.term_query(schema, name, values[0])))
            query = tantivy.Query.boolean_query(parts)
        result = searcher.search(query, 20)
        searcher.aggregate(query, aggs)
        if with_page:
            page(query, result.hits)
        if kind == "misspelling" and result.count == 0:
            fuzzy = tantivy.Query.fuzzy_term_query(
                schema, "title", text, distance=2, transposition_cost_one=True
            )
            searcher.search(fuzzy, 1, count=False)
        return result

    out: dict[str, dict] = {"bare": {}, "page": {}}
    for variant, with_page in (("bare", False), ("page", True)):
        for kind, queries in mix.items():
            for q in queries:
                run(kind, q, with_page)
        for kind, queries in mix.items():
            samples = []
            for _ in range(repeat):
                for q in queries:
                    t = time.perf_counter()
                    run(kind, q, with_page)
                    samples.append((time.perf_counter() - t) * 1000)
            out[variant][kind] = figures = percentiles(samples)
            print(
                f"  tantivy {variant:4} {kind:22} p50 {figures['p50']:8.2f} ms  p95 {figures['p95']:8.2f}  "
                f"p99 {figures['p99']:8.2f}",
                flush=True,
            )
    return out


def _peak_rss_mb() -> float:
    """This process's own peak resident memory.

    ``ru_maxrss`` is not it: Linux carries the parent's high-water mark across fork and exec,
    so a measuring process started by the loader would report the loader's peak.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(args, database_url: str) -> dict:
    """Runs in a fresh process: our search, its peak RSS, then tantivy over the same documents."""
    _django(database_url)
    from reelpress.reviews.models import Review

    in_database = Review.objects.count()
    print(f"  measuring over {in_database:,} reviews", flush=True)
    mix = query_mix(_world())
    ours = time_ours(mix, args.repeat)
    rss_mb = _peak_rss_mb()
    print(f"  peak RSS of the search process: {rss_mb:,.0f} MB", flush=True)
    result = {"ours": ours, "search_peak_rss_mb": round(rss_mb, 1), "reviews_in_database": in_database}
    if not args.no_tantivy:
        path = Path(tempfile.mkdtemp(prefix="reelpress-tantivy-"))
        try:
            result["tantivy_build"] = build_tantivy(path)
            timings = time_tantivy(path, mix, args.repeat)
            result["tantivy"] = timings["bare"]  # ids of the top 20 + exact facet counts
            result["tantivy_page"] = timings["page"]  # + stored titles and highlighted snippets
        finally:
            shutil.rmtree(path, ignore_errors=True)
    return result


def machine() -> dict:
    import sqlite3

    mem = 0
    try:
        mem = (
            int(next(line for line in open("/proc/meminfo") if line.startswith("MemTotal")).split()[1])
            // 1024
        )
    except (OSError, StopIteration):
        pass
    cpu = ""
    try:
        cpu = (
            next(line for line in open("/proc/cpuinfo") if line.startswith("model name"))
            .split(":", 1)[1]
            .strip()
        )
    except (OSError, StopIteration):
        pass
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_mb": mem,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reviews", type=int, default=10_000)
    parser.add_argument("--json", help="write the figures here")
    parser.add_argument("--db", help="SQLite file (default data/bench/search-N.sqlite3, rebuilt)")
    parser.add_argument("--database-url", help="e.g. postgres://... instead of an SQLite file")
    parser.add_argument("--repeat", type=int, default=10, help="passes over each kind's 20 queries")
    parser.add_argument("--reuse", action="store_true", help="keep an existing database: only time queries")
    parser.add_argument(
        "--reindex", action="store_true", help="with --reuse: rebuild (and time) the index first"
    )
    parser.add_argument("--no-tantivy", action="store_true")
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.database_url:
        url = args.database_url
        db = None
    else:
        db = Path(args.db or ROOT / "data" / "bench" / f"search-{args.reviews}.sqlite3")
        url = f"sqlite:///{db}"
    if args.measure_only:
        print(json.dumps(measure(args, url)), file=open(args.json, "w"))
        return 0
    figures = {
        "command": "bench/search.py " + " ".join(sys.argv[1:] if argv is None else argv),
        "reviews": args.reviews,
        "machine": machine(),
        "database": "postgresql" if db is None else "sqlite",
    }
    if not args.reuse:
        if db is not None:
            db.parent.mkdir(parents=True, exist_ok=True)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            for path in db.parent.glob(f"{db.stem}.search-*.sqlite3*"):  # its index files
                path.unlink()
        print(f"Building {args.reviews:,} reviews into {db or url} ...", flush=True)
        figures["build"] = build(args, url)
        print(f"  build: {figures['build']}", flush=True)
    elif args.reindex:
        figures["build"] = reindex(url, args.reviews)
        print(f"  index rebuilt: {figures['build']}", flush=True)
    if db is not None:
        files = [Path(f"{db}{s}") for s in ("", "-wal")]
        files += db.parent.glob(f"{db.stem}.search-*.sqlite3*")  # the index file
        figures["db_bytes"] = sum(path.stat().st_size for path in files if path.exists())
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = handle.name
    command = [
        sys.executable,
        __file__,
        "--measure-only",
        "--reviews",
        str(args.reviews),
        "--json",
        out,
        "--repeat",
        str(args.repeat),
    ]
    command += ["--database-url", url]
    if args.no_tantivy:
        command.append("--no-tantivy")
    subprocess.run(command, check=True)
    figures.update(json.loads(Path(out).read_text()))
    os.unlink(out)
    for reference, name in (
        ("tantivy", "ratio_p99_ours_over_tantivy"),
        ("tantivy_page", "ratio_p99_ours_over_tantivy_page"),
    ):
        if reference in figures:
            figures[name] = {
                kind: round(v["p99"] / max(figures[reference][kind]["p99"], 0.001), 2)
                for kind, v in figures["ours"]["kinds"].items()
            }
            for kind, ratio in figures[name].items():
                print(f"  ratio p99 ours/{reference:12} {kind:22} {ratio:6.2f}x")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")
        print(f"Wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
