#!/usr/bin/env python
"""Each public page type, one request at a time, on an archive built by bench/search.py.

    .venv/bin/python bench/pages.py --db /work/bench-archives/search-100000.sqlite3 --json out.json
    DATABASE_URL=postgres://... .venv/bin/python bench/pages.py

Migrates the archive first (new tables, triggers and their figures), then times every page
through Django's test client three ways: live (the page cache off: what a cold cache or an
editor costs), the miss that stores it, and hits. Median of --repeat requests each, in ms;
the hit is the whole Django path (middleware in front of sessions, auth, CSRF) without a server.
The live page is also given in CPU ms (this process's CPU time, SQLite's included, median per
request): on a loaded machine wall time drifts with the neighbours, CPU time much less, and
cores / CPU ms is the ceiling a server can reach. ``--live-only`` skips the cached columns and
``--only "home;review"`` picks pages by name. ``--cold N`` then reads N different review pages
with the page cache off just after a change (the generation retired, as any write does): what a
busy site's first readers after a publication cost, figures worked out once per change included.
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
    # The most prolific person (the page that grew fastest) and the review's format.
    from django.db.models import Count

    from reelpress.catalog.models import Credit

    credits = Credit.objects.values("person_id").annotate(n=Count("id")).order_by("-n")
    busiest = credits.values_list("person_id", flat=True)[0]
    from reelpress.catalog.models import Person

    prolific = Person.objects.get(pk=busiest)
    roles = prolific.credits.values("role").annotate(n=Count("id")).order_by("-n")
    role_slug = make_slug(prolific.credits.filter(role=roles[0]["role"]).first().display_role)
    fmt = release.format_key.replace(" ", "-") if release and release.format_key else "blu-ray"
    from reelpress.reviews.models import Column

    column = Column.objects.public().first()
    busiest_label = (
        release.__class__.objects.exclude(label=None)
        .values("label_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    from reelpress.catalog.models import Label

    big_label = Label.objects.get(pk=busiest_label["label_id"]) if busiest_label else None
    return {
        "home": "/",
        "home, page 50": "/?page=50",
        "review": review.get_absolute_url(),
        "film": film.get_absolute_url(),
        "person": person.get_absolute_url(),
        "person, most credits": prolific.get_absolute_url(),
        "person, one role, page 2": f"{prolific.get_absolute_url()}{role_slug}/?page=2",
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
        "browse formats": "/browse/format/",
        "browse decades": "/browse/decade/",
        "browse verdicts": "/browse/verdict/",
        "column": column.get_absolute_url() if column else "/",
        "letters": "/mail/",
        "feed (RSS)": "/feeds/reviews.rss",
        "author feed (RSS)": f"/feeds/authors/{review.author.slug}.rss",
        "sitemap index": "/sitemap.xml",
        "sitemap reviews": "/sitemap-reviews.xml",
        "sitemap reviews, file 3": "/sitemap-reviews.xml?p=3",
        "sitemap people": "/sitemap-people.xml",
        "search, rare word": "/search/?q=spacewalker",
        "search, common word": "/search/?q=film",
        "search suggestions": "/search/suggest?q=spa",
        "API search, common word": "/api/search?q=film",
        "API film": f"/api/films/{film.slug}",
        "API person, most credits": f"/api/people/{prolific.slug}",
        "API label, most editions": f"/api/labels/{big_label.slug}" if big_label else "/api/reviews",
        "API reviews": "/api/reviews",
        "API reviews, cursor 5,000 deep": "/api/reviews?after="
        + cursor(time_key(after.published_at), after.pk),
        "API reviews, page 250": "/api/reviews?page=250",
        "API reviews by author": f"/api/reviews?author={review.author.slug}",
        "API reviews by format": f"/api/reviews?format={fmt.replace('-', ' ')}",
        "API reviews by verdict": "/api/reviews?verdict=recommended",
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


def cold_reviews(client, n: int) -> dict:
    """Mean wall and CPU ms of ``n`` review pages spread over the archive, each read once with the
    page cache off, right after the generation is retired (as every write does)."""
    from django.conf import settings
    from django.db.models import Max

    from reelpress.pagecache import generation
    from reelpress.reviews.models import Review

    top = Review.objects.aggregate(m=Max("pk"))["m"] or 0
    urls = []
    for i in range(n):
        found = Review.objects.public().filter(pk__gte=top * i // n).order_by("pk").first()
        if found is not None:
            urls.append(found.get_absolute_url())
    settings.PAGE_CACHE = False
    generation.bump()
    wall = cpu = 0.0
    for url in urls:
        began, began_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        cpu += time.process_time() - began_cpu
        wall += time.perf_counter() - began
    return {"pages": len(urls), "wall_ms": wall * 1000 / len(urls), "cpu_ms": cpu * 1000 / len(urls)}


def timed(client, url: str, n: int) -> tuple[float, int, float]:
    """Median wall ms, last status, median CPU ms of ``n`` requests."""
    times, cpu, status = [], [], 0
    for _ in range(n):
        began, began_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
        cpu.append((time.process_time() - began_cpu) * 1000)
        times.append((time.perf_counter() - began) * 1000)
        status = response.status_code
    return statistics.median(times), status, statistics.median(cpu)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="SQLite archive (bench/search.py --db); else DATABASE_URL")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", help="write the figures here")
    parser.add_argument(
        "--only", help="pages whose name contains one of these, separated by semicolons, e.g. 'home;review'"
    )
    parser.add_argument("--live-only", action="store_true", help="only the page cache off")
    parser.add_argument("--cold", type=int, default=0, metavar="N", help="N different reviews after a change")
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
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from reelpress.reviews.models import Review

    client = Client()
    urls = pages()
    if args.only:
        wanted = [word.strip() for word in args.only.split(";") if word.strip()]
        unknown = [word for word in wanted if not any(word in name for name in urls)]
        if unknown:
            parser.error(f"no page named like {', '.join(unknown)}; known: {'; '.join(urls)}")
        urls = {name: url for name, url in urls.items() if any(word in name for word in wanted)}
    n_reviews = Review.objects.count()
    rows = []
    print(f"{n_reviews:,} reviews; median of {args.repeat} requests, ms")
    print(f"{'page':34} {'live':>8} {'live CPU':>8} {'miss':>8} {'hit':>8}  status  SQL  db (ms)")
    for name, url in urls.items():
        settings.PAGE_CACHE = False
        client.get(url)  # warm the database's own cache, the process and the per-change figures
        # What the database did for a live page: the number of queries and the time in them
        # (steadier than the page's time on a loaded machine, where rendering waits for the CPU).
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        n_queries, db_ms = (
            len(ctx.captured_queries),
            sum(float(q["time"]) for q in ctx.captured_queries) * 1000,
        )
        live, status, live_cpu = timed(client, url, args.repeat)
        miss = hit = float("nan")
        if not args.live_only:
            settings.PAGE_CACHE = True
            from reelpress.pagecache import generation

            generation.bump()
            miss, _, _ = timed(client, url, 1)
            hit, _, _ = timed(client, url, args.repeat * 4)
        row = {
            "page": name,
            "url": url,
            "live_ms": live,
            "live_cpu_ms": live_cpu,
            "miss_ms": None if args.live_only else miss,
            "hit_ms": None if args.live_only else hit,
            "status": status,
            "queries": n_queries,
            "db_ms": db_ms,
        }
        print(
            f"{name:34} {live:8.1f} {live_cpu:8.1f} {miss:8.1f} {hit:8.2f}  {status}"
            f"  {n_queries:3} {db_ms:8.1f}",
            flush=True,
        )
        if args.plans:
            settings.PAGE_CACHE = False
            row.update(plans(client, url))
            scans = row["scans"] or "none"
            print(f"{'':34} {row['statements']} SQL statements; full scans: {scans}", flush=True)
            print(f"{'':34} slowest {row['slowest_ms']:.1f} ms: {row['slowest_sql'][:100]}", flush=True)
        rows.append(row)
    cold = None
    if args.cold:
        cold = cold_reviews(client, args.cold)
        print(
            f"{args.cold} different reviews after a change, page cache off: "
            f"{cold['wall_ms']:.1f} ms, {cold['cpu_ms']:.1f} ms CPU a page (mean)",
            flush=True,
        )
    if args.json:
        result = {
            "cold_reviews": cold,
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
