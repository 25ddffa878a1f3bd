#!/usr/bin/env python
"""Worst-case search queries: the hostile shapes of issue 13, timed on an archive built by bench/search.py.

    .venv/bin/python bench/search.py --reviews 100000 --no-tantivy   # data/bench/search-100000.sqlite3
    .venv/bin/python bench/worst.py --db data/bench/search-100000.sqlite3 [--repeat 3] [--json FILE]

Each query goes through ``search()`` (what /search/ and /api/search run) and ``suggest()`` (the
suggest endpoint); the slowest of ``--repeat`` runs is reported, with the hits shown and
whether the search was cut short by its time budget.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

COMMON = "the of and to a in is that it was for on with as his film at by he this".split()

QUERIES = [
    ("sixteen prefixes", "the* " * 16),
    ("two common prefixes", "the* and*"),
    ("six prefixes", "the* and* tha* whe* wit* fil*"),
    ("prefix chain with OR", " OR ".join(w + "*" for w in COMMON)),
    ("OR chain, 80 common words", " OR ".join(COMMON * 4)),
    ("sixteen common words", " ".join(COMMON[:16])),
    ("phrase of common words", '"' + " ".join(COMMON[:12]) + '"'),
    ("prefixes and exclusions", "the* and* " + " ".join("-" + w for w in COMMON[2:14])),
    ("nested quotes and minus", '-"-"-the* "and -"' * 25),
    ("year ranges", "the* year:1800..1959 " * 8),
    ("common prefix, page 25", "the*"),
]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="SQLite file built by bench/search.py")
    parser.add_argument("--database-url", help="postgres://... instead of --db")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", help="write the figures here")
    parser.add_argument("--code", help="time the reelpress package of another checkout (e.g. a git archive)")
    args = parser.parse_args(argv)
    if args.code:  # ahead of the editable install's import hook, which would find this checkout
        sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in getattr(f, "__module__", "")]
        sys.path.insert(0, str(Path(args.code).resolve()))
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{Path(args.db).resolve()}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reelpress.settings")
    sys.path.append(str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    import reelpress
    from reelpress.search import search, suggest

    print(f"timing {Path(reelpress.__file__).parent} on {os.environ['DATABASE_URL']}", flush=True)

    started = time.perf_counter()
    search("the")  # the process's first search opens the connection and fills caches
    print(f"warm-up search: {time.perf_counter() - started:.3f} s (not counted)", flush=True)
    out = {}
    for name, text in QUERIES:
        page = 25 if "page 25" in name else 1
        worst, result = 0.0, None
        for _ in range(args.repeat):
            started = time.perf_counter()
            result = search(text, page=page)
            worst = max(worst, time.perf_counter() - started)
        started = time.perf_counter()
        suggest(text)
        suggest_s = time.perf_counter() - started
        cut = getattr(result, "cut_short", False)
        out[name] = {
            "query": text[:80],
            "search_max_s": round(worst, 3),
            "suggest_s": round(suggest_s, 3),
            "total": result.total_display,
            "hits": len(result.hits),
            "cut_short": cut,
        }
        print(
            f"{name:28} search max {worst:8.3f} s  suggest {suggest_s:6.3f} s  "
            f"total {result.total_display:>6}  hits {len(result.hits):3}{'  (cut short)' if cut else ''}",
            flush=True,
        )
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
