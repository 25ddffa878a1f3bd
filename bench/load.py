#!/usr/bin/env python
"""Load benchmark: `reelpress serve` on loopback under wrk, page by page, over archives of 10k to 1M reviews.

    .venv/bin/python bench/load.py --reviews 10000 100000 --connections 16 64 --json FILE
    .venv/bin/python bench/load.py --reviews 100000 --hostile 4 --writer --importer
    .venv/bin/python bench/load.py --db ARCHIVE.sqlite3 --no-page-cache --pages home,review

For each archive (built once by bench/archive.py into /work/bench-archives/, or reused) it starts
``reelpress serve`` on it, then runs wrk against each page in turn (the site's CSS file first: the
static ceiling of the same server in the same run), after a short warm-up, at each number of
connections. Per page it prints req/s, p50 and p99 latency, the server's CPU per request (master
and workers, from /proc: steadier than req/s on a shared machine), every status that is not 2xx with
its count, connection errors and timeouts, and the server's peak memory (master and workers, sampled
from /proc). Optionally, while the readers run: ``--hostile N`` clients loop the worst searches of
bench/worst.py, ``--writer`` publishes reviews through ``store.save`` (the one write path),
``--importer`` runs ``reelpress import json`` over fresh records; with a writer or importer the
server runs on a scratch copy of the archive, so the shared one stays as built.

wrk is the client (C, event-driven: it does not limit what it measures); install it with
``apt-get install wrk``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import archive  # noqa: E402
from loadtools import WRK_SCRIPT, MemorySampler, rounded, server_cpu_seconds, wrk  # noqa: E402
from worst import QUERIES as WORST  # noqa: E402

PAGES = (
    "css",
    "home",
    "review",
    "film",
    "person",
    "search_rare",
    "search_common",
    "feed",
    "api",
    "reviews_many",
)
# "reviews_many": a reader (or a crawler) going through MANY different review pages spread over
# the whole archive, round robin: no two requests in a row read the same rows, so it shows the
# cost of a review page whose rows are not in SQLite's cache, and fills each worker's caches to
# whatever bound they have (the memory figure to read for a worker's ceiling).
MANY = 4000

# ---------------------------------------------------------------------------- the pages


def urls_for(db: Path, data_dir: Path) -> dict[str, str]:
    """The pages to load, chosen from the archive itself (run in a child: Django set up on ``db``)."""
    code = (
        "import json, os, sys; "
        f"sys.path.insert(0, {str(ROOT / 'bench')!r}); "
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'reelpress.settings'; import django; django.setup(); "
        "import load; print('LOAD-URLS ' + json.dumps(load._pick_urls()))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=_server_env(db, data_dir),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(next(line for line in out.splitlines() if line.startswith("LOAD-URLS "))[10:])


RARE_HITS = 150  # the rare word's public reviews, at every size (see _rare_word)
PERSON_FILMS = 5  # the person's films, at every size (see _person)


def _rare_word(vocabulary: list[str], target: int = RARE_HITS) -> tuple[str, int]:
    """A word of the archive's vocabulary held by about ``target`` public reviews, and their number.

    The same number at every size, so the page lists the same results and the comparison between
    sizes is the archive's alone: a search's page costs with its matches. Real archives'
    vocabularies grow with them and keep words that rare at every size; the synthetic one is a
    fixed Zipf vocabulary whose rarest words are in ~180 of 100,000 reviews, and the tiled
    million gives each copy its own tail (archive.py, ``tile_words``) so they stay that rare. An
    archive without such words gets its nearest, capped maybe: the JSON's
    ``search_rare_matches`` and ``search_rare_capped`` say what was searched.
    Hits fall with the Zipf rank: a binary search over ranks, a dozen searches."""
    from reelpress.search.service import search

    def hits(rank: int) -> int:
        return search(vocabulary[rank], facets=False).total

    low, high = len(archive.COMMON), len(vocabulary) - 1
    best = (abs(hits(high) - target), high)
    while low <= high:
        middle = (low + high) // 2
        found = hits(middle)
        best = min(best, (abs(found - target), middle))
        if found > target:
            low = middle + 1
        else:
            high = middle - 1
    rank = best[1]
    return vocabulary[rank], hits(rank)


def _matches(word: str) -> tuple[int, bool]:
    """A search's matches for ``word``, and whether that is the cap (there are more)."""
    from reelpress.search.service import search

    found = search(word, facets=False)
    return found.total, found.total_is_lower_bound


def _person(review, target: int = PERSON_FILMS):
    """A person with ``target`` films: the first credit (by role) on a review from the middle
    of the archive on, whose person has that many public films; the middle review's first credit if
    none within 2,000 reviews. The same filmography at every size: a person page is bounded by its
    caps (30 films a role), and its cost grows with the films it lists, not with the archive."""
    from reelpress.catalog import filmography
    from reelpress.catalog.models import Credit
    from reelpress.reviews.models import Review

    first = None
    for film_id in (
        Review.objects.public()
        .filter(pk__gte=review.pk)
        .order_by("pk")
        .values_list("film_id", flat=True)[:2000]
    ):
        credit = (
            Credit.objects.filter(film_id=film_id).select_related("person").order_by("role", "pk").first()
        )
        if credit is None:
            continue
        first = first or credit.person
        roles = filmography.roles(credit.person, staff=False)
        if filmography.film_count(credit.person, roles, staff=False) == (target, False):
            return credit.person
    return first


def _films(person) -> int:
    from reelpress.catalog import filmography

    return filmography.film_count(person, filmography.roles(person, staff=False), staff=False)[0]


def _pick_urls() -> dict:
    from django.db.models import Max
    from django.templatetags.static import static
    from django.urls import reverse

    from reelpress.reviews.models import Review

    # A review from the middle of the archive (by key: no count over the whole table), its film,
    # and the film's director.
    middle = (Review.objects.aggregate(m=Max("pk"))["m"] or 0) // 2
    review = Review.objects.public().filter(pk__gte=middle).order_by("pk").select_related("film").first()
    if review is None:
        review = Review.objects.public().order_by("pk").select_related("film").first()
    if review is None:
        raise SystemExit("the archive has no public review to load")
    person = _person(review)
    # Reviews by key, spread evenly from the first to the last (an index seek each, no count).
    last = Review.objects.aggregate(m=Max("pk"))["m"] or 0
    spread = []
    for n in range(MANY):
        found = Review.objects.public().filter(pk__gte=last * n // MANY).order_by("pk").only("slug").first()
        if found is not None:
            spread.append(found.get_absolute_url())
    spread = list(dict.fromkeys(spread))
    rare, _hits = _rare_word(archive._world()["vocabulary"])
    rare_matches, rare_capped = _matches(rare)
    return {
        # Not pages: what the rare word and the person are, printed and kept in the JSON (a tiled
        # archive has no word under its copies' count: there the "rare" search is not rare).
        "search_rare_matches": rare_matches,
        "search_rare_capped": rare_capped,
        "person_films": _films(person) if person else 0,
        "css": static("site/site.css"),
        "home": reverse("reviews:home"),
        "review": review.get_absolute_url(),
        "film": review.film.get_absolute_url(),
        "person": person.get_absolute_url() if person else reverse("catalog:people"),
        "search_rare": reverse("search:results") + "?q=" + urllib.parse.quote(rare),
        "search_common": reverse("search:results") + "?q=" + urllib.parse.quote(archive.COMMON[0]),
        "feed": reverse("reviews:feed_rss"),
        "api": "/api/reviews",
        "reviews_many": spread[0],
        "reviews_many_paths": spread,
    }


# ---------------------------------------------------------------------------- the server


def _server_env(db: Path, data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["DATABASE_URL"] = f"sqlite:///{db}"
    env["DJANGO_SETTINGS_MODULE"] = "reelpress.settings"
    # The data folder holds the secret key the settings make on first use: not the checkout's.
    env["REELPRESS_DATA_DIR"] = str(data_dir)
    env.pop("DEBUG", None)
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # graceful: the master stops its workers
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_server(db: Path, args, data_dir: Path) -> Server:
    port = args.port or _free_port()
    log = data_dir / f"server-{port}.log"
    command = [
        str(Path(sys.executable).parent / "reelpress"),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    if args.server:
        command += ["--server", args.server]
    if args.workers:
        command += ["--workers", str(args.workers)]
    if args.threads:
        command += ["--threads", str(args.threads)]
    if args.no_access_log:
        command.append("--no-access-log")
    process = subprocess.Popen(  # noqa: S603 -- our own command
        command, env=_server_env(db, data_dir), stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    server = Server(process, port, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server stopped at start:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(OSError):
            status, _ = _get(port, "/healthz", timeout=5)
            if status == 200:
                return server
        time.sleep(0.2)
    server.stop()
    raise SystemExit(f"the server did not answer /healthz within 60 s:\n{log.read_text()[-3000:]}")


def drain(port: int, limit: float = 120) -> float:
    """Wait until the server answers /healthz promptly: requests queued by the last run (their
    clients gone) must not be served in the next page's time. Returns the seconds waited."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        asked = time.monotonic()
        with contextlib.suppress(OSError):
            _get(port, "/healthz", timeout=limit)
        if time.monotonic() - asked < 0.5:
            break
    return round(time.monotonic() - started, 1)


def _cache_status(port: int, path: str) -> str | None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.getheader("X-Page-Cache")
    finally:
        connection.close()


def _get(port: int, path: str, timeout: float = 30) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# ---------------------------------------------------------------------------- background actors


@dataclass
class Hostile:
    """N clients, each looping the worst searches one after another (a new connection each).

    Each request carries a parameter of its own (``&hostile=<n>``), as an attacker's would: a
    repeated query is a page-cache hit and would measure nothing."""

    port: int
    clients: int
    timeout: float
    stopped: threading.Event = field(default_factory=threading.Event)
    status: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)
    latencies: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> None:
        self.threads = [
            threading.Thread(target=self._loop, args=(n,), daemon=True) for n in range(self.clients)
        ]
        for thread in self.threads:
            thread.start()

    def _loop(self, n: int) -> None:
        paths = []
        for _name, text in WORST:
            q = urllib.parse.quote(text)
            paths += [f"/search/?q={q}", f"/api/search?q={q}", f"/search/suggest?q={q}"]
        i = n  # clients start at different queries
        while not self.stopped.is_set():
            path = f"{paths[i % len(paths)]}&hostile={n}-{i}"
            i += 1
            started = time.perf_counter()
            try:
                status, _ = _get(self.port, path, timeout=self.timeout)
                key, bucket = str(status), self.status
            except TimeoutError:
                key, bucket = "timeout", self.errors
            except OSError as error:
                key, bucket = type(error).__name__, self.errors
            with self.lock:
                bucket[key] = bucket.get(key, 0) + 1
                self.latencies.append(time.perf_counter() - started)

    def stop(self) -> dict:
        self.stopped.set()
        for thread in self.threads:
            thread.join(self.timeout + 5)
        lat = sorted(self.latencies)

        def at(p):
            return round(lat[min(len(lat) - 1, int(p * len(lat)))] * 1000, 1) if lat else None

        return {
            "clients": self.clients,
            "requests": len(lat),
            "status": self.status,
            "errors": self.errors,
            "p50_ms": at(0.5),
            "p99_ms": at(0.99),
            "max_ms": round(lat[-1] * 1000, 1) if lat else None,
        }


class Child:
    """A writer or importer: this script in another process, on the server's database, until stopped."""

    def __init__(self, kind: str, db: Path, data_dir: Path, interval: float):
        self.kind = kind
        self.out = data_dir / f"{kind}.json"
        command = [sys.executable, __file__, f"--run-{kind}", str(db), "--report", str(self.out)]
        command += ["--interval", str(interval)]
        self.process = subprocess.Popen(  # noqa: S603 -- our own command
            command,
            env=_server_env(db, data_dir),
            stdout=(data_dir / f"{kind}.log").open("w"),
            stderr=subprocess.STDOUT,
        )

    def stop(self) -> dict:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            self.process.kill()
        try:
            return json.loads(self.out.read_text())
        except (OSError, ValueError):
            return {"error": f"no report (exit {self.process.returncode})"}


def _fresh_records(tag: str, start: int, count: int) -> list[dict]:
    """New reviews drawn from the same world as the archive, with slugs no archive holds."""
    out = []
    now = dt.datetime.now(dt.UTC)
    n = start
    while len(out) < count:
        chunk = 10_000 + n // archive.CHUNK  # far past any archive's own chunks
        batch = archive.records(chunk, (chunk + 1) * archive.CHUNK)[n % archive.CHUNK :]
        for data in batch[: count - len(out)]:
            data["slug"] = f"load-{tag}-{os.getpid()}-{n}"
            data["published_at"] = now.isoformat()
            data["review_date"] = now.date().isoformat()
            out.append(data)
            n += 1
    return out


def run_writer(report: Path, interval: float) -> None:
    """Publish one new review every ``interval`` seconds through ReviewRecord -> store.save()."""
    import django

    django.setup()
    from reelpress.ingest.record import ReviewRecord
    from reelpress.ingest.store import save

    stop = _stop_flag()
    saved, times, errors = 0, [], []
    while not stop.is_set():
        for data in _fresh_records("writer", saved, 20):
            if stop.is_set():
                break
            started = time.perf_counter()
            try:
                save(ReviewRecord.from_dict(data))
                saved += 1
                times.append(time.perf_counter() - started)
            except Exception as error:  # noqa: BLE001 -- reported, the load goes on
                errors.append(repr(error)[:200])
            stop.wait(interval)
    times.sort()
    report.write_text(
        json.dumps(
            {
                "published": saved,
                "errors": errors[:20],
                "save_p50_ms": round(times[len(times) // 2] * 1000, 1) if times else None,
                "save_max_ms": round(times[-1] * 1000, 1) if times else None,
            }
        )
    )


def run_importer(report: Path, interval: float) -> None:
    """Run ``reelpress import json`` on files of 200 new records, one after another."""
    stop = _stop_flag()
    reelpress = str(Path(sys.executable).parent / "reelpress")
    rounds, imported, failures = 0, 0, []
    with tempfile.TemporaryDirectory() as folder:
        while not stop.is_set():
            path = Path(folder) / f"round-{rounds}.json"
            path.write_text(json.dumps(_fresh_records("import", rounds * 200, 200)))
            done = subprocess.run([reelpress, "import", "json", str(path)], capture_output=True, text=True)  # noqa: S603
            rounds += 1
            if done.returncode == 0:
                imported += 200
            else:
                failures.append(done.stdout[-300:] + done.stderr[-300:])
            stop.wait(interval)
    report.write_text(json.dumps({"rounds": rounds, "records": imported, "failures": failures[:5]}))


def _stop_flag() -> threading.Event:
    flag = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: flag.set())
    return flag


# ---------------------------------------------------------------------------- one archive


def scratch_copy(db: Path, folder: Path) -> Path:
    """The archive's files copied into ``folder`` (same names): a writer changes the copy only."""
    for path in archive._files(db):
        shutil.copy2(path, folder / path.name)
    return folder / db.name


def many_script(script: Path, paths: list[str]) -> str:
    """The wrk script, each connection's requests walking ``paths`` round robin from its own start."""
    listed = ",\n".join(json.dumps(path) for path in paths)
    return (
        script.read_text()
        + f"local paths = {{\n{listed}\n}}\n"
        + "local at, started, base_setup = 0, 0, setup\n"
        # each wrk thread from its own place in the list (setup runs once per thread, in wrk's
        # main state; `thread:set` gives the thread a global its init reads)
        + "function setup(thread)\n  base_setup(thread); started = started + 1\n"
        + "  thread:set('offset', started)\nend\n"
        + "function init(args) at = (offset or 0) * 7919 % #paths end\n"
        + "function request() at = at % #paths + 1; return wrk.format('GET', paths[at]) end\n"
    )


def run_archive(db: Path, reviews: int | None, args, script: Path) -> dict:
    with tempfile.TemporaryDirectory(prefix="reelpress-load-") as folder:
        data_dir = Path(folder)
        if args.writer or args.importer:
            print(f"  copying {db.name} for the writer ...", flush=True)
            db = scratch_copy(db, data_dir)
        urls = urls_for(db, data_dir)
        pages = [p for p in PAGES if p in args.pages]
        server = start_server(db, args, data_dir)
        sampler = MemorySampler(server.pid)
        sampler.start()
        actors: dict = {}
        shown = {page: url for page, url in urls.items() if page != "reviews_many_paths"}
        shown["reviews_many_count"] = len(urls["reviews_many_paths"])
        more = "+ (the cap)" if urls["search_rare_capped"] else ""
        print(
            f"  rare word {urls['search_rare']}: {urls['search_rare_matches']}{more} matches; "
            f"person {urls['person']}: {urls['person_films']} public films",
            flush=True,
        )
        result: dict = {"archive": str(db), "reviews": reviews, "urls": shown, "pages": {}}
        try:
            for page in pages:  # one request each: a page that fails outright fails the bench now
                status, body = _get(server.port, urls[page])
                if status != 200:
                    raise SystemExit(f"{page} {urls[page]} answered {status}: {body[:300]!r}")
            # What the page cache says of a second request (hit, miss; None when it is off).
            result["page_cache"] = {page: _cache_status(server.port, urls[page]) for page in pages}
            if args.hostile:
                actors["hostile"] = Hostile(server.port, args.hostile, args.timeout)
                actors["hostile"].start()
            if args.writer:
                actors["writer"] = Child("writer", db, data_dir, args.writer_interval)
            if args.importer:
                actors["importer"] = Child("importer", db, data_dir, args.writer_interval)
            sampler.reset()
            scripts = {page: script for page in pages}
            if "reviews_many" in pages:
                scripts["reviews_many"] = data_dir / "many.lua"
                scripts["reviews_many"].write_text(many_script(script, urls["reviews_many_paths"]))
            for connections in args.connections:
                for page in pages:
                    if args.warmup:
                        wrk(server.port, urls[page], connections, args.warmup, args.timeout, scripts[page])
                        drain(server.port)
                    sampler.reset()
                    cpu_before = server_cpu_seconds(server.pid)
                    figures = wrk(
                        server.port, urls[page], connections, args.duration, args.timeout, scripts[page]
                    )
                    cpu = server_cpu_seconds(server.pid) - cpu_before
                    figures["server_cpu_s"] = round(cpu, 2)
                    figures["cpu_ms_per_request"] = (
                        round(cpu * 1000 / figures["requests"], 2) if figures["requests"] else None
                    )
                    figures["memory"] = rounded(sampler.reset())
                    figures["load_1min"] = round(os.getloadavg()[0], 1)  # how busy the machine was
                    figures["drained_s"] = drain(server.port)
                    result["pages"].setdefault(page, {})[str(connections)] = figures
                    _print_row(page, connections, figures)
        finally:
            for name, actor in actors.items():
                result[name] = actor.stop()
            time.sleep(sampler.interval * 2)
            sampler.stop()
            server.stop()
            if server.process.returncode not in (0, -signal.SIGTERM):
                print(f"  server exit status {server.process.returncode}", flush=True)
            log = server.log.read_text(errors="replace").splitlines()
            result["server_tracebacks"] = sum("Traceback" in line for line in log)
            # gunicorn's "WORKER TIMEOUT", granian's respawns: a worker lost mid-request
            result["server_workers_lost"] = sum(
                "WORKER TIMEOUT" in line or "Respawning worker" in line or "gracefully respawning" in line
                for line in log
            )
        result["memory_peak"] = rounded(sampler.overall)
        for name in ("hostile", "writer", "importer"):
            if name in result:
                print(f"  {name}: {result[name]}", flush=True)
        print(f"  server peak memory: {result['memory_peak']}", flush=True)
        print(
            f"  server log: {result['server_tracebacks']} tracebacks, "
            f"{result['server_workers_lost']} workers lost or replaced",
            flush=True,
        )
    return result


def _print_row(page: str, connections: int, f: dict) -> None:
    problems = [f"{s}×{n}" for s, n in f["non_2xx"].items()]
    for key in ("connect_errors", "read_errors", "write_errors", "timeouts"):
        if f[key]:
            problems.append(f"{key} {f[key]}")
    if not f["requests"]:
        problems.append(f"none answered within {f.get('duration_s', '?')} s")
    m = f["memory"]
    print(
        f"  {page:14} c={connections:<3} {f['rps']:9.1f} req/s  "
        f"p50 {f['p50_ms']:8.1f} ms  p99 {f['p99_ms']:8.1f} ms  "
        f"CPU {f.get('cpu_ms_per_request') or 0:6.2f} ms/req  "
        f"non-2xx/errors: {', '.join(problems) or '0'}  "
        f"mem {m.get('sum_mb', 0):.0f} MB (worker ≤ {m.get('worker_mb', 0):.0f}, "
        f"anon ≤ {m.get('worker_anon_mb', 0):.0f}, PSS ≤ {m.get('worker_pss_mb', 0):.0f})  "
        f"load {f.get('load_1min', '?')}",
        flush=True,
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--reviews", type=int, nargs="+", default=[10_000], help="archive sizes (built or reused)"
    )
    parser.add_argument("--db", help="serve this SQLite archive instead (e.g. a tiny one)")
    parser.add_argument("--dir", default=str(archive.DEFAULT_DIR), help="where archives live")
    parser.add_argument("--connections", type=int, nargs="+", default=[16])
    parser.add_argument("--duration", type=float, default=20, help="seconds per page")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of load before each page's figures")
    parser.add_argument("--timeout", type=float, default=10, help="a request slower than this is a timeout")
    parser.add_argument("--pages", default=",".join(PAGES), help=f"comma-separated, of {','.join(PAGES)}")
    parser.add_argument(
        "--server", choices=("gunicorn", "granian"), help="default: what `reelpress serve` picks"
    )
    parser.add_argument("--workers", type=int)
    parser.add_argument("--threads", type=int)
    parser.add_argument("--no-access-log", action="store_true")
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="serve with REELPRESS_PAGE_CACHE=0: every request renders its page (the cold path)",
    )
    parser.add_argument("--port", type=int, help="default: a free one")
    parser.add_argument(
        "--hostile", type=int, default=0, metavar="N", help="N clients looping the worst searches"
    )
    parser.add_argument("--writer", action="store_true", help="publish reviews through store.save meanwhile")
    parser.add_argument("--importer", action="store_true", help="run `reelpress import json` meanwhile")
    parser.add_argument("--writer-interval", type=float, default=1.0, help="seconds between saves / imports")
    parser.add_argument("--json", help="write every figure here")
    parser.add_argument("--run-writer", help=argparse.SUPPRESS)
    parser.add_argument("--run-importer", help=argparse.SUPPRESS)
    parser.add_argument("--report", help=argparse.SUPPRESS)
    parser.add_argument("--interval", type=float, default=1.0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run_writer:
        run_writer(Path(args.report), args.interval)
        return 0
    if args.run_importer:
        run_importer(Path(args.report), args.interval)
        return 0
    if not shutil.which("wrk"):
        print("bench/load.py needs wrk: apt-get install wrk (Debian/Ubuntu)", file=sys.stderr)
        return 2
    if args.no_page_cache:
        os.environ["REELPRESS_PAGE_CACHE"] = "0"  # the server and every child take their env from here
    args.pages = [p.strip() for p in args.pages.split(",") if p.strip()]
    unknown = set(args.pages) - set(PAGES)
    if unknown:
        parser.error(f"unknown pages {sorted(unknown)}: choose from {','.join(PAGES)}")
    figures = {
        "command": "bench/load.py " + " ".join(sys.argv[1:] if argv is None else argv),
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": _machine(),
        "settings": {k: getattr(args, k) for k in ("connections", "duration", "warmup", "timeout", "server")}
        | {
            "workers": args.workers,
            "threads": args.threads,
            "hostile": args.hostile,
            "page_cache": not args.no_page_cache,
        },
        "runs": [],
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(WRK_SCRIPT)
    script = Path(handle.name)
    try:
        targets = [(Path(args.db), None)] if args.db else [(None, n) for n in args.reviews]
        for db, reviews in targets:
            db = db or archive.ensure(reviews, args.dir)
            print(f"{db} ({reviews or '?'} reviews): server {args.server or 'default'}", flush=True)
            figures["runs"].append(run_archive(db, reviews, args, script))
    finally:
        script.unlink(missing_ok=True)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")
        print(f"Wrote {args.json}")
    return 0


def _machine() -> dict:
    import platform

    cpu, mem = "", 0
    with contextlib.suppress(OSError, StopIteration):
        cpu = (
            next(line for line in open("/proc/cpuinfo") if line.startswith("model name"))
            .split(":", 1)[1]
            .strip()
        )
    with contextlib.suppress(OSError, StopIteration):
        mem = (
            int(next(line for line in open("/proc/meminfo") if line.startswith("MemTotal")).split()[1])
            // 1024
        )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_mb": mem,
        "python": platform.python_version(),
        "load_1min": load,
    }


if __name__ == "__main__":
    sys.exit(main())
