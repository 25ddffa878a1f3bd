#!/usr/bin/env python
"""Memory benchmark of `reelpress import json|letterboxd`: peak RSS at N records, so 100k and 1M compare.

    .venv/bin/python bench/memory.py -n 100000 --source json --json data/bench/memory-json-100k.json

Writes N synthetic records (``bench/search.py``'s generator, with shorter bodies) as a JSON
export and as a Letterboxd zip (``reviews.csv``), migrates a fresh SQLite database, then runs the
real command (``reelpress import SOURCE FILE --no-progress``) in a child process and reports that
child's peak resident memory (``wait4`` rusage) with a sample of its RSS over time, and records/s.

``--code DIR`` runs the command from another checkout (e.g. an ``git archive`` of an older
commit) with this checkout's virtual environment, to measure before and after on the same files.
``--stop-after SECONDS`` ends the child early (SIGTERM) and reports what it reached: for code that
reads the whole file before storing, the peak is reached long before the end.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from archive import CHUNK, records  # noqa: E402 - the one synthetic record generator
from search import machine  # noqa: E402

STARS = {"Excellent": "5", "Very Good": "4", "Good": "3", "Fair": "2", "Poor": "1"}
LETTERBOXD_HEADER = "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date".split(",")


def generated(total: int, body_words: int):
    """The N records, chunk by chunk (never all in memory)."""
    for chunk in range((total + CHUNK - 1) // CHUNK):
        yield from records(chunk, total, body_words)


def write_json(path: Path, total: int, body_words: int) -> None:
    """A file in the shape `reelpress export json` writes: a list of records."""
    with path.open("w", encoding="utf-8") as out:
        out.write("[")
        for n, record in enumerate(generated(total, body_words)):
            out.write(("\n  " if n == 0 else ",\n  ") + json.dumps(record, ensure_ascii=False))
        out.write("\n]\n")


def from_json(path: Path):
    """The records of a JSON file written above (the same records, without generating them again)."""
    from reelpress.ingest.importers.json_import import read_values

    with path.open("rb") as handle:
        yield from read_values(handle)


def write_letterboxd(path: Path, total: int, body_words: int, review_words: int, json_path: Path) -> None:
    """A Letterboxd account export: reviews.csv (one row per record) and profile.csv.

    The review text is the first ``review_words`` words of the record's body: Letterboxd reviews
    are short, and a CSV of a million rows must stay under the importer's 200 MB limit.
    """
    source = from_json(json_path) if json_path.exists() else generated(total, body_words)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("profile.csv", "Username,Given Name,Family Name\nbench,Bench,Critic\n")
        with archive.open("reviews.csv", "w", force_zip64=True) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            writer = csv.writer(text)
            writer.writerow(LETTERBOXD_HEADER)
            for n, record in enumerate(source):
                day = record["published_at"][:10]
                writer.writerow(
                    [
                        day,
                        record["title"],
                        record["year"],
                        f"https://boxd.it/bench{n}",
                        STARS[record["ratings"]["Movie"]],
                        "",
                        " ".join(record["body"].split()[:review_words]),
                        record["verdict"] or "",
                        record["review_date"],
                    ]
                )
            text.flush()
            text.detach()


def _reelpress(code: str) -> list[str]:
    """The `reelpress` command run from the checkout ``code`` (with this interpreter)."""
    return [
        sys.executable,
        "-c",
        f"import sys; sys.path.insert(0, {code!r}); from reelpress.cli import main; main()",
    ]


def _rss_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def run_import(args, source: str, path: Path, env: dict) -> dict:
    code = str(Path(args.code).resolve()) if args.code else str(ROOT)
    command = [
        *_reelpress(code),
        "import",
        source,
        str(path),
        "--no-progress",
        "--max-size",
        str(int(path.stat().st_size / 2**20) + 10),  # just above the file (a read may allocate the limit)
        *(["--dry-run"] if args.dry_run else []),
        *(["--batch-size", str(args.batch_size)] if args.batch_size else []),
    ]
    data = Path(env["REELPRESS_DATA_DIR"])
    return measure(command, env, code, path.with_suffix(".log"), args.stop_after, stored=lambda: _count(data))


def measure(command: list[str], env: dict, code: str, log: Path, stop_after: float = 0, stored=None) -> dict:
    """Run ``command``; its peak RSS (wait4), RSS by quarter of its run, and its time.

    With ``stored`` (a function counting the reviews stored so far), also the RSS every 30 s
    beside that count, so runs of different N compare at equal progress.
    """
    progress: list[tuple[float, int, float]] = []
    next_count = 30.0
    started = time.perf_counter()
    with log.open("w") as out:
        child = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=code)
        samples: list[tuple[float, float]] = []
        status, usage, stopped = None, None, False
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            elapsed = time.perf_counter() - started
            rss = _rss_mb(child.pid)
            if rss is not None:
                samples.append((round(elapsed, 1), round(rss, 1)))
                if stored is not None and elapsed >= next_count:
                    next_count += 30.0
                    try:
                        progress.append((round(elapsed), stored(), round(rss, 1)))
                    except sqlite3.Error:
                        pass
            if stop_after and elapsed > stop_after and not stopped:
                child.send_signal(signal.SIGTERM)
                stopped = True
            time.sleep(0.5)
        child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    tail = log.read_text(errors="replace").strip().splitlines()[-6:]
    # ru_maxrss is in kilobytes on Linux.
    peak = usage.ru_maxrss / 1024
    # RSS at each quarter of the run: a streaming import is flat after the first batches.
    quarters = []
    for q in (0.25, 0.5, 0.75, 1.0):
        seen = [rss for t, rss in samples if t <= seconds * q]
        quarters.append(round(max(seen), 1) if seen else None)
    return {
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(peak, 1),
        "peak_rss_by_quarter_mb": quarters,
        "seconds_stored_rss_mb": progress,
        "exit_code": child.returncode,
        "stopped_early": stopped,
        "output_tail": tail,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", "--records", type=int, default=100_000)
    parser.add_argument("--source", choices=("json", "letterboxd", "both"), default="both")
    parser.add_argument(
        "--body-words",
        type=int,
        default=40,
        help="words per review body (default 40)",
    )
    parser.add_argument(
        "--review-words",
        type=int,
        default=12,
        help="words of each body kept as the Letterboxd review (default 12: a million rows in 170 MB of CSV)",
    )
    parser.add_argument("--code", metavar="DIR", help="run the import from this checkout")
    parser.add_argument("--dry-run", action="store_true", help="import with --dry-run (rolled back)")
    parser.add_argument("--batch-size", type=int, default=0, help="import --batch-size (default: its own)")
    parser.add_argument("--stop-after", type=float, default=0, metavar="SECONDS", help="end the import early")
    parser.add_argument(
        "--export", action="store_true", help="then time `reelpress export json` of what was imported"
    )
    parser.add_argument("--work", metavar="DIR", help="folder for the files (reused when they exist)")
    parser.add_argument("--json", metavar="OUT", help="also write the figures as JSON")
    args = parser.parse_args(argv)

    work = Path(args.work or tempfile.mkdtemp(prefix="reelpress-bench-memory-"))
    work.mkdir(parents=True, exist_ok=True)
    sources = ("json", "letterboxd") if args.source == "both" else (args.source,)
    results = []
    for source in sources:
        json_path = work / f"records-{args.records}-{args.body_words}.json"
        path = json_path if source == "json" else json_path.with_suffix(f".review{args.review_words}.zip")
        if not path.exists():
            started = time.perf_counter()
            temp = path.with_name(path.name + ".part")
            if source == "json":
                write_json(temp, args.records, args.body_words)
            else:
                write_letterboxd(temp, args.records, args.body_words, args.review_words, json_path)
            temp.rename(path)
            seconds = time.perf_counter() - started
            print(f"wrote {path} ({path.stat().st_size / 1e6:.0f} MB) in {seconds:.0f} s", flush=True)
        data = Path(tempfile.mkdtemp(prefix="db-", dir=work))
        env = {
            **os.environ,
            "REELPRESS_DATA_DIR": str(data),
            "DJANGO_SETTINGS_MODULE": "reelpress.settings",
        }
        env.pop("DATABASE_URL", None)
        code = str(Path(args.code).resolve()) if args.code else str(ROOT)
        subprocess.run(
            [*_reelpress(code), "migrate", "-v0"],
            env=env,
            check=True,
            cwd=code,
        )
        load = os.getloadavg()[0]
        figures = run_import(args, source, path, env)
        stored = _count(data)
        rate = stored / figures["seconds"] if figures["seconds"] else 0.0
        figures.update(
            {
                "benchmark": f"import {source} (memory)",
                "records": args.records,
                "reviews_stored": stored,
                "records_per_second": round(rate, 1),
                "file_mb": round(path.stat().st_size / 1e6, 1),
                "body_words": args.body_words,
                "dry_run": args.dry_run,
                "code": args.code or "this checkout",
                "load_average_before": load,
            }
        )
        early = " (stopped early)" if figures["stopped_early"] else ""
        print(
            f"import {source}: {args.records:,} records, peak RSS {figures['peak_rss_mb']:.0f} MB "
            f"(by quarter {figures['peak_rss_by_quarter_mb']}), {stored:,} stored in "
            f"{figures['seconds']:.0f} s ({rate:.0f}/s), exit {figures['exit_code']}{early}",
            flush=True,
        )
        if args.export:
            out = data / "export.json"
            exported = measure(
                [*_reelpress(code), "export", "json", "-o", str(out)], env, code, data / "export.log"
            )
            exported["reviews"] = stored
            exported["file_mb"] = round(out.stat().st_size / 1e6, 1) if out.exists() else None
            figures["export_json"] = exported
            print(
                f"export json: {stored:,} reviews, peak RSS {exported['peak_rss_mb']:.0f} MB "
                f"(by quarter {exported['peak_rss_by_quarter_mb']}) in {exported['seconds']:.0f} s",
                flush=True,
            )
            out.unlink(missing_ok=True)
        results.append(figures)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps({"runs": results, "machine": machine()}, indent=2) + "\n")
    return 0


def _count(data: Path) -> int:
    """Reviews in the benchmark's SQLite database (read directly: the child may have been stopped)."""
    db = sqlite3.connect(data / "reelpress.sqlite3", timeout=5)
    try:
        return db.execute("SELECT count(*) FROM reviews_review").fetchone()[0]
    finally:
        db.close()


if __name__ == "__main__":
    sys.exit(main())
