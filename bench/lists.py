#!/usr/bin/env python
"""The films and people indexes at archive scale: load N reviews with bulk inserts, time the pages.

    .venv/bin/python bench/lists.py --reviews 100000 --db data/bench/lists-100k.sqlite3
    DATABASE_URL=postgres://... .venv/bin/python bench/lists.py --reviews 100000

Rows go in with ``bulk_create`` (not ``store.save``: only the catalogue's shape matters here,
and it loads in a minute instead of an hour). Prints each page's time (median of 5, warm) and
the query plans of its queries, so a sort or scan over the whole archive shows up.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

URLS = [
    "/films/",
    "/films/?letter=m",
    "/films/?decade=1920",
    "/films/?decade=1980",
    "/films/?format=dvd-r",
    "/films/?country=Iceland",
    "/films/?decade=1960&format=blu-ray&country=USA",
    "/people/",
    "/people/?letter=s",
    "/people/?role=composer",
]
COUNTRIES = ["USA"] * 20 + ["United Kingdom"] * 6 + ["France"] * 4 + ["Japan", "Italy", "Germany", "Iceland"]
FORMATS = ["Blu-ray"] * 11 + ["DVD"] * 5 + ["4K Ultra HD + Blu-ray"] * 3 + ["DVD-R"]
ROLES = ["director", "writer", "cinematographer", "composer", "cast", "cast", "cast", "cast"]


def load(n: int) -> None:
    from django.db import transaction

    from reelpress.catalog.models import Credit, Film, Label, Person, Release
    from reelpress.lib.text import fold
    from reelpress.reviews.models import Review

    rng = random.Random(20261201)
    labels = Label.objects.bulk_create(
        Label(name=f"Label {i}", name_key=f"label {i}", slug=f"label-{i}") for i in range(300)
    )
    people = Person.objects.bulk_create(
        (Person(name=f"Person {i:06d}", name_key=f"person {i:06d}", slug=f"p-{i}") for i in range(n // 2)),
        batch_size=5000,
    )
    start = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    for chunk in range(0, n, 10_000):
        with transaction.atomic():
            films = Film.objects.bulk_create(
                Film(
                    title=f"Film {i}",
                    title_key=fold(f"{rng.choice('ABCDEFGHIJKLMNOPQRSTUVWXYZ')} film {i}"),
                    slug=f"f-{i}",
                    year=rng.choice(range(1920, 2026)) if i % 50 else 1905,
                    country=rng.choice(COUNTRIES),
                )
                for i in range(chunk, min(n, chunk + 10_000))
            )
            releases = Release.objects.bulk_create(
                Release(
                    film=film,
                    label=rng.choice(labels),
                    disc_format=(fmt := rng.choice(FORMATS)),
                    format_key=fold(fmt),
                    slug=f"r-{film.pk}",
                )
                for film in films
            )
            Review.objects.bulk_create(
                Review(
                    slug=f"rv-{release.film_id}",
                    headline=f"Review {release.film_id}",
                    film_id=release.film_id,
                    release=release,
                    status="draft" if release.film_id % 97 == 0 else "published",
                    published_at=start + dt.timedelta(minutes=release.film_id),
                )
                for release in releases
            )
            credits = []
            for film in films:
                chosen = rng.sample(people, 8)
                credits += [
                    Credit(film=film, person=p, role=role, order=k)
                    for k, (p, role) in enumerate(zip(chosen, ROLES, strict=True))
                ]
            Credit.objects.bulk_create(credits, batch_size=5000)
        print(f"  loaded {min(n, chunk + 10_000):,}", flush=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument(
        "--db",
        default=str(ROOT / "data" / "bench" / "lists.sqlite3"),
        help="SQLite file (without DATABASE_URL)",
    )
    args = parser.parse_args(argv)
    Path(args.db).parent.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{args.db}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reelpress.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from reelpress.catalog.models import Film

    call_command("migrate", verbosity=0)
    if not Film.objects.exists():
        started = time.perf_counter()
        load(args.reviews)
        print(f"  load {time.perf_counter() - started:.0f} s", flush=True)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    client = Client()
    print(f"{connection.vendor}, {Film.objects.count():,} films")
    for url in URLS:
        times = []
        for _ in range(5):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, url
        print(f"{url:50} {statistics.median(times):7.1f} ms  {len(ctx.captured_queries)} queries")
        if "-v" in sys.argv or os.environ.get("PLANS"):
            for query in ctx.captured_queries:
                with connection.cursor() as cursor:
                    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
                    cursor.execute(explain + query["sql"])
                    print("   ", query["sql"][:160])
                    for row in cursor.fetchall():
                        print("       ", row[-1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
