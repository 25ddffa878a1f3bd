"""Benchmark `reelpress import pages`: N generated CineSavant pages into a fresh SQLite database.

    .venv/bin/python bench/import.py -n 10000 --json bench/import.json

Pages follow the CineSavant text layout (../shared/formats/README.md) with names drawn from
shared pools, so people, labels and films repeat and merge as in a real archive. The timing
covers the real command (file guards, extraction, store.save in batches, search index), not
generating the pages or migrating the database. Target: >= 200 pages/s.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import io
import json
import os
import platform
import pstats
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST = "James Mary John Ruth Robert Ann Walter Ida Edmund Joan Sid Glenn Lauren Barry Loretta Carl".split()
LAST = (
    "Whitmore Gwenn Weldon Arness Hickox Douglas Young Sullivan Cowling Freeman Bacall Howard Stewart".split()
)
LAST += "Siegel Surtees Malick Almendros Gere Adams Shepard Manz Lupino Ryan Ford Hawks Walsh Lang".split()
WORDS = "Night City Dark River Blood Sun Stranger Alarm Heaven Days Kiss Deadly Street Shadow Fear".split()
WORDS += "Woman Window Gun Crazy Lonely Place Big Heat Sweet Smell Success Touch Evil Naked Spur".split()
LABELS = [
    "The Criterion Collection",
    "Warner Archive Collection",
    "Kino Lorber",
    "ClassicFlix",
    "Arrow Video",
    "Imprint",
    "Powerhouse Indicator",
    "Twilight Time",
    "Olive Films",
    "Flicker Alley",
    "Eureka",
    "Severin",
]
RATIOS = ["1:37 Academy", "1:85 widescreen", "2:35 widescreen"]
FORMATS = ["Blu-ray", "4K Ultra HD + Blu-ray", "DVD", "Blu-ray + DVD"]
WORDS_RATING = ["Excellent", "Very Good", "Good", "Fair", "Poor"]
MONTHS = "January February March April May June July August September October November December".split()


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def page(n: int, rng: random.Random) -> str:
    """One review page in the CineSavant layout; about 1 in 3 films repeat another page's film."""
    title = " ".join(rng.sample(WORDS, rng.randint(1, 3))).title()
    if n % 3:
        title = f"{title} {n}"  # mostly distinct films
    year = rng.randint(1925, 1995)
    label = rng.choice(LABELS)
    disc = rng.choice(FORMATS)
    critic = rng.choice(["Glenn Erickson", "Ada Critic", "Casey Lane"])
    street = f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2005, 2024)}"
    month, day, y = rng.choice(MONTHS[:12])[:3], rng.randint(1, 28), rng.randint(2015, 2024)
    cast = ", ".join(dict.fromkeys(person(rng) for _ in range(rng.randint(4, 12))))
    prose = " ".join(
        f"{title} is a {rng.choice(['tight', 'moody', 'sprawling', 'lean'])} picture." for _ in range(30)
    )
    lines = [
        f"# source: https://bench.example.org/reviews/{n}/",
        "",
        title,
        f"by {critic} {month} {day}, {y}",
        "",
        f"A teaser about {title}: why it matters, and why the disc is worth it.",
        "",
        title,
        disc,
        f"{label} {rng.randint(1, 999)}" if label == "The Criterion Collection" else label,
        f"{year} / {rng.choice(['Color', 'B&W'])} / {rng.choice(RATIOS)}"
        f" / {rng.randint(70, 180)} min. / Street Date {street} / Available from {label} / 29.95",
        f"Starring: {cast}.",
        f"Cinematography: {person(rng)}",
        f"Film Editor: {person(rng)}",
        f"Original Music: {person(rng)}",
        f"Written by {person(rng)}, {person(rng)}",
        f"Produced by {person(rng)}",
        "Directed by",
        person(rng),
        "",
        prose,
        "",
        prose[::-1].capitalize(),
        "",
        f"Reviewed by {critic}",
        f"{disc} rates:",
        f"Movie: {rng.choice(WORDS_RATING)}",
        f"Video: {rng.choice(WORDS_RATING)}",
        f"Sound: {rng.choice(WORDS_RATING)}",
        "Supplements: Audio commentary, Trailer (2 min.), Featurette (14 min.)",
        "Deaf and Hearing-impaired Friendly? YES; Subtitles: English",
        f"Packaging: One {disc} in Keep case",
        f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {y}",
    ]
    return "\n".join(lines) + "\n"


def generate(folder: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    for n in range(count):
        sub = folder / f"{n // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"review-{n:05d}.txt").write_text(page(n, rng), encoding="utf-8")


def machine() -> dict:
    def run(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()
        except OSError:
            return ""

    return {
        "nproc": run(["nproc"]),
        "lscpu": run(["lscpu"]).splitlines()[:10],
        "python": platform.python_version(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", "--pages", type=int, default=10_000, help="pages to generate (default 10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        help="reading worker processes (import --jobs; default: its default)",
    )
    parser.add_argument("--json", metavar="OUT", help="also write the figures as JSON")
    parser.add_argument("--profile", action="store_true", help="print the 30 costliest functions (cProfile)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (pages and database)")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="reelpress-bench-import-"))
    os.environ["REELPRESS_DATA_DIR"] = str(work / "data")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reelpress.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    from reelpress.reviews.models import Review

    DEFAULT_JOBS = importlib.import_module("reelpress.ingest.management.commands.import").DEFAULT_JOBS

    try:
        call_command("migrate", verbosity=0)
        pages = work / "pages"
        pages.mkdir()
        started = time.perf_counter()
        generate(pages, args.pages, args.seed)
        print(f"generated {args.pages} pages in {time.perf_counter() - started:.1f} s ({pages})")

        out, err = io.StringIO(), io.StringIO()
        load_before = os.getloadavg()[0]  # a busy machine slows everything: record it beside the figure
        profiler = cProfile.Profile() if args.profile else None
        jobs = args.jobs if args.jobs is not None else DEFAULT_JOBS
        started, cpu_started = time.perf_counter(), time.process_time()
        children_started = resource.getrusage(resource.RUSAGE_CHILDREN)
        if profiler:
            profiler.enable()
        call_command(
            "import",
            "pages",
            str(pages),
            "--no-progress",
            "--batch-size",
            str(args.batch_size),
            *(["--jobs", str(args.jobs)] if args.jobs is not None else []),
            stdout=out,
            stderr=err,
        )
        if profiler:
            profiler.disable()
        seconds = time.perf_counter() - started
        main_cpu = time.process_time() - cpu_started
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        workers_cpu = (children.ru_utime + children.ru_stime) - (
            children_started.ru_utime + children_started.ru_stime
        )
        # Storing is serial (one writer) and reading runs beside it: on an otherwise idle machine with
        # a core each, the slower of the two sets the pace.
        per_page = max(main_cpu / args.pages, workers_cpu / args.pages / max(jobs, 1))
        idle_estimate = 1 / per_page if per_page else 0.0
        stored = Review.objects.count()
        rate = args.pages / seconds
        print(out.getvalue().rstrip())
        print(f"imported {args.pages} pages ({stored} reviews stored) in {seconds:.1f} s: {rate:.0f} pages/s")
        print(
            f"--jobs {jobs}; CPU per page: {main_cpu / args.pages * 1000:.2f} ms storing (this process), "
            f"{workers_cpu / args.pages * 1000:.2f} ms reading (workers): "
            f"{idle_estimate:.0f} pages/s when each has a free core"
        )
        if profiler:
            pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(30)
        figures = {
            "benchmark": "import pages",
            "pages": args.pages,
            "reviews_stored": stored,
            "seconds": round(seconds, 2),
            "pages_per_second": round(rate, 1),
            "batch_size": args.batch_size,
            "jobs": jobs,
            "main_process_cpu_ms_per_page": round(main_cpu / args.pages * 1000, 2),
            "worker_processes_cpu_ms_per_page": round(workers_cpu / args.pages * 1000, 2),
            "cpu_bound_pages_per_second": round(idle_estimate, 1),
            "load_average_before": load_before,
            "target_pages_per_second": 200,
            "machine": machine(),
        }
        if args.json:
            Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")
        return 0 if stored == args.pages else 1
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
