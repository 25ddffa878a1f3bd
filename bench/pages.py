#!/usr/bin/env python
"""Each public page type, one request at a time, on an archive built by bench/search.py.

    .venv/bin/python bench/pages.py --db /work/bench-archives/search-100000.sqlite3 --json out.json
    DATABASE_URL=postgres://... .venv/bin/python bench/pages.py

Migrates the archive first (new tables, triggers and their figures), then times every page
through Django's test client three ways: live (the page cache off: what a cold cache or an
editor costs), the miss that stores it, and hits. Median of --repeat requests each, in ms;
the hit is the whole Django path (middleware in front of sessions, auth, CSRF) without a server.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def pages() -> dict[str, str]:
    """One URL per page type, picked from the archive (the middle review, its film, ...)."""
    from reelpress.lib.keyset import cursor, time_key
    from reelpress.lib.text import make_slug
    from reelpress.reviews.models import Review, Tag

    public = Review.objects.public()
    review = public.order_by("-published_at", "-id")[public.count() // 2]
    film, release = review.film, review.release
    person = film.credits.select_related("person").first().person
    year = review.published_at.year
    tag = review.tags.first() or Tag.objects.filter(reviews__in=public).first()
    after = public.order_by("-published_at", "-id")[5000]
    return {
        "home": "/",
        "home, page 50": "/?page=50",
        "review": review.get_absolute_url(),
        "film": film.get_absolute_url(),
        "person": person.get_absolute_url(),
        "label": release.label.get_absolute_url() if release and release.label else "/labels/",
        "edition": release.get_absolute_url() if release else "/",
        "author": review.author.get_absolute_url(),
        "authors": "/authors/",
        "archive": "/archive/",
        "archive year": f"/archive/{year}/",
        "browse": "/browse/",
        "browse format": f"/browse/format/{make_slug(release.format_key)}/" if release else "/browse/",
        "browse decade": f"/browse/decade/{film.year // 10 * 10}s/" if film.year else "/browse/",
        "browse verdict": "/browse/verdict/recommended/",
        "tag": f"/tags/{tag.slug}/" if tag else "/browse/",
        "films A-Z": "/films/",
        "people A-Z": "/people/",
        "labels": "/labels/",
        "feed (RSS)": "/feeds/reviews.rss",
        "sitemap index": "/sitemap.xml",
        "sitemap reviews": "/sitemap-reviews.xml",
        "search, rare word": "/search/?q=spacewalker",
        "search, common word": "/search/?q=film",
        "API reviews": "/api/reviews",
        "API reviews, cursor 5,000 deep": "/api/reviews?after="
        + cursor(time_key(after.published_at), after.pk),
        "API reviews, page 250": "/api/reviews?page=250",
    }


def plans(client, url: str) -> dict:
    """The page's SQL statements after a change (page cache off, figures kept per change worked
    out again) and, on SQLite, every full scan in their plans: a "SCAN" of a table, or of an
    index without a range on it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reelpress.pagecache import generation

    generation.bump()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    statements = [q["sql"] for q in queries.captured_queries]
    slowest = max(queries.captured_queries, key=lambda q: float(q["time"]), default=None)
    scans = []
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for sql in statements:
                if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                    continue
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
                found = {row[-1] for row in cursor.fetchall() if row[-1].startswith("SCAN ")}
                scans += sorted(found - {"SCAN CONSTANT ROW"})
    return {
        "statements": len(statements),
        "scans": scans,
        "slowest_ms": float(slowest["time"]) * 1000 if slowest else 0.0,
        "slowest_sql": slowest["sql"][:300] if slowest else "",
    }


def timed(client, url: str, n: int) -> tuple[float, int]:
    times, status = [], 0
    for _ in range(n):
        began = time.perf_counter()
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
        times.append((time.perf_counter() - began) * 1000)
        status = response.status_code
    return statistics.median(times), status


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="SQLite archive (bench/search.py --db); else DATABASE_URL")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", help="write the figures here")
    parser.add_argument("--only", help="comma-separated page names (as printed) to time, not all")
    parser.add_argument(
        "--plans",
        action="store_true",
        help="also count each page's SQL statements and list the full scans in their plans (SQLite)",
    )
    args = parser.parse_args(argv)
    if args.db:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(args.db).resolve()}"
    cache_dir = tempfile.mkdtemp(prefix="reelpress-pages-")
    os.environ["CACHE_URL"] = f"file://{cache_dir}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reelpress.settings")
    subprocess.run([sys.executable, "-m", "reelpress.cli", "migrate", "-v0"], check=True, env=os.environ)

    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from reelpress.reviews.models import Review

    client = Client()
    urls = pages()
    if args.only:
        wanted = [name.strip() for name in args.only.split(",")]
        urls = {name: urls[name] for name in wanted}
    n_reviews = Review.objects.count()
    rows = []
    print(f"{n_reviews:,} reviews; median of {args.repeat} requests, ms")
    print(f"{'page':34} {'live':>8} {'miss':>8} {'hit':>8}  status")
    for name, url in urls.items():
        settings.PAGE_CACHE = False
        client.get(url)  # warm the database's own cache and the process
        live, status = timed(client, url, args.repeat)
        settings.PAGE_CACHE = True
        from reelpress.pagecache import generation

        generation.bump()
        miss, _ = timed(client, url, 1)
        hit, _ = timed(client, url, args.repeat * 4)
        row = {"page": name, "url": url, "live_ms": live, "miss_ms": miss, "hit_ms": hit, "status": status}
        print(f"{name:34} {live:8.1f} {miss:8.1f} {hit:8.2f}  {status}", flush=True)
        if args.plans:
            settings.PAGE_CACHE = False
            row.update(plans(client, url))
            scans = row["scans"] or "none"
            print(f"{'':34} {row['statements']} SQL statements; full scans: {scans}", flush=True)
            print(f"{'':34} slowest {row['slowest_ms']:.1f} ms: {row['slowest_sql'][:100]}", flush=True)
        rows.append(row)
    if args.json:
        result = {
            "reviews": n_reviews,
            "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
            "cache": settings.CACHES["pages"]["BACKEND"].rsplit(".", 1)[-1],
            "repeat": args.repeat,
            "machine": f"{platform.machine()} {os.cpu_count()} CPUs",
            "pages": rows,
        }
        Path(args.json).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
