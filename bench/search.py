#!/usr/bin/env python
"""Search benchmark: a deterministic synthetic archive, loaded through ingest.store, timed against tantivy.

    .venv/bin/python bench/search.py --reviews 100000 --json bench/search-100k.json

Builds N reviews with bench/archive.py (the shared builder: ≈800-word bodies from a Zipf
vocabulary, credits from two names a review, stored with ``store.save``, indexed by
``search.index.rebuild`` that ``reelpress reindex`` runs, then, in a fresh process, times a
fixed query mix through ``search()`` / ``suggest()`` and the same queries on tantivy, twice:
"bare" (ids of the top 20 and exact facet counts) and "page" (also each hit's stored title and a
highlighted body snippet: the work a results page needs, which ``search()`` always does).
"""

from __future__ import annotations

import argparse
import json
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
sys.path.insert(0, str(ROOT / "bench"))

from archive import COMMON, NOUNS, PHRASES, SEED, _django, _world, build  # noqa: E402

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
        figures["build"] = build(args.reviews, url)
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
