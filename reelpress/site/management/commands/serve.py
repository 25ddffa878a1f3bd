"""``reelpress serve``: the site behind a production HTTP server on $HOST:$PORT (default 127.0.0.1:8000).

Workers and threads are sized for the machine (cores, then memory) unless given; workers are
recycled after a number of requests (gunicorn, with jitter so they don't all restart at once) or
past a memory ceiling (granian), and restart gracefully on SIGHUP (``systemctl reload``).
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass

from django.core.management.base import BaseCommand, CommandError

SERVERS = ("gunicorn", "granian")
# What sizing assumes one worker needs: its own heap stays under 100 MB, and the SQLite pages
# it maps are shared with the other workers (bench/RESULTS.md, "Serving").
WORKER_MEMORY_MB = 300
# SQLite's memory in a worker, per connection and database file (settings.SQLITE_CACHE_MB and
# SQLITE_MMAP_MB, which imports and rebuilds keep at 64 and 256 MB): every thread of every
# worker has its own connection, so a private page cache of 64 MB for the site's file and 64 MB
# for the search index's could grow a worker of 4 threads by 512 MB; and pages read through a
# memory map count in each worker's RSS. Workers keep a small private cache and read through the
# kernel's page cache, which all of them share and which holds the hot pages anyway
# (bench/RESULTS.md, "Worker memory"). An operator's own REELPRESS_SQLITE_* values win.
WORKER_SQLITE_CACHE_MB = 2
WORKER_SQLITE_MMAP_MB = 0
# Granian replaces a worker whose RSS passes this (gunicorn recycles by request count instead).
# An operator who maps the SQLite files (REELPRESS_SQLITE_MMAP_MB) counts them in RSS too, so
# the ceiling leaves room for a map of 256 MB each for the database and the search index.
GRANIAN_MAX_RSS_MB = 1024


@dataclass(frozen=True)
class Plan:
    server: str
    workers: int
    threads: int


def cpu_count() -> int:
    """Cores this process may run on (a container's or systemd's CPU affinity, not the host's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def available_memory_mb() -> int | None:
    """MemAvailable from /proc/meminfo (None where there is no such file)."""
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) // 1024
    except (OSError, ValueError):
        pass
    return None


def plan(
    server: str | None = None,
    workers: int | None = None,
    threads: int | None = None,
    *,
    cores: int | None = None,
    memory_mb: int | None = None,
) -> Plan:
    """Choose the server, its workers and threads per worker for this machine.

    One worker per core (the pages are CPU-bound Python: more processes than cores only add
    switching and memory), at least two so one slow request never holds the whole site, and no
    more than half the available memory allows. A few threads per worker let a worker keep
    answering while one of its requests waits on the database or on a slow client.
    """
    server = server or os.environ.get("REELPRESS_SERVER") or "gunicorn"
    if server not in SERVERS:
        raise CommandError(
            f"Unknown server {server!r}: choose one of {', '.join(SERVERS)} (REELPRESS_SERVER)."
        )
    if workers is None:
        cores = cores or cpu_count()
        workers = max(2, cores)
        memory_mb = memory_mb if memory_mb is not None else available_memory_mb()
        if memory_mb:
            workers = max(1, min(workers, memory_mb // 2 // WORKER_MEMORY_MB))
    if threads is None:
        threads = 4
    if workers < 1 or threads < 1:
        raise CommandError("--workers and --threads must be at least 1.")
    return Plan(server, workers, threads)


def worker_environment() -> dict[str, str]:
    """What the server's workers add to this environment: the SQLite memory a web worker needs
    (WORKER_SQLITE_*), unless the operator set it."""
    wanted = {
        "REELPRESS_SQLITE_CACHE_MB": WORKER_SQLITE_CACHE_MB,
        "REELPRESS_SQLITE_MMAP_MB": WORKER_SQLITE_MMAP_MB,
    }
    return {name: str(value) for name, value in wanted.items() if not os.environ.get(name, "").strip()}


def _env_int(name: str) -> int | None:
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise CommandError(f"{name}={value!r} is not a whole number.") from None


def gunicorn_argv(p: Plan, bind: str, *, max_requests: int, timeout: int, access_log: bool) -> list[str]:
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "reelpress.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(p.workers),
        # Threads > 1 selects gunicorn's gthread worker (keep-alive, a slow client holds one
        # thread, not the process); 1 is the plain sync worker.
        "--threads",
        str(p.threads),
        "--timeout",
        str(timeout),
        "--graceful-timeout",
        str(timeout),
        # One request per connection: a gthread worker keeps every connection it accepts, so with
        # keep-alive all of a client's (or a proxy's) connections could sit on one worker while
        # the other idles (measured: half the throughput in about one start in three).
        "--keep-alive",
        "0",
        "--forwarded-allow-ips",
        os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1"),
        # Gunicorn's control socket (~/.gunicorn/gunicorn.ctl) is shared by every gunicorn of
        # the account and needs a writable home, which a hardened service does not have.
        "--no-control-socket",
        "--worker-tmp-dir",
        "/dev/shm" if os.path.isdir("/dev/shm") else "/tmp",  # noqa: S108 -- the heartbeat file, no data
    ]
    if max_requests:
        argv += [
            "--max-requests",
            str(max_requests),
            "--max-requests-jitter",
            str(max(1, max_requests // 10)),
        ]
    if access_log:
        argv += ["--access-logfile", "-"]
    return argv


def granian_argv(p: Plan, host: str, port: str, *, timeout: int, access_log: bool) -> list[str]:
    executable = shutil.which("granian", path=os.path.dirname(sys.executable)) or shutil.which("granian")
    if not executable:
        raise CommandError("granian is not installed: pip install granian (see requirements.txt).")
    argv = [
        executable,
        "--interface",
        "wsgi",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(p.workers),
        "--blocking-threads",
        str(p.threads),
        "--respawn-failed-workers",
        "--workers-max-rss",
        str(GRANIAN_MAX_RSS_MB),
        "--workers-kill-timeout",
        str(timeout),
        "--no-ws",
        "reelpress.wsgi:application",
    ]
    if access_log:
        argv.insert(-1, "--access-log")
    return argv


class Command(BaseCommand):
    help = "Serve the site with gunicorn (or granian) on $HOST:$PORT (default 127.0.0.1:8000)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--server", choices=SERVERS, help="default: $REELPRESS_SERVER or gunicorn")
        parser.add_argument(
            "--workers", type=int, help="processes (default: $WEB_CONCURRENCY or one per core)"
        )
        parser.add_argument(
            "--threads", type=int, help="threads per worker (default: $REELPRESS_THREADS or 4)"
        )
        parser.add_argument(
            "--max-requests",
            type=int,
            help="gunicorn: replace a worker after this many requests, ±10%% (default 1000000; 0: never)",
        )
        parser.add_argument(
            "--timeout", type=int, help="seconds before a stuck worker is replaced (default 30)"
        )
        parser.add_argument("--no-access-log", action="store_true", help="don't log each request")
        parser.add_argument("--dry-run", action="store_true", help="print the server's command line and stop")

    def handle(self, *args, host, port, server, workers, threads, max_requests, timeout, **options):
        p = plan(
            server,
            workers if workers is not None else _env_int("WEB_CONCURRENCY"),
            threads if threads is not None else _env_int("REELPRESS_THREADS"),
        )
        if max_requests is None:
            max_requests = _env_int("REELPRESS_MAX_REQUESTS")
            max_requests = 1_000_000 if max_requests is None else max_requests
        timeout = timeout or _env_int("REELPRESS_WORKER_TIMEOUT") or 30
        access_log = not options["no_access_log"] and os.environ.get("REELPRESS_ACCESS_LOG", "1") != "0"
        if p.server == "granian":
            argv = granian_argv(p, host, port, timeout=timeout, access_log=access_log)
        else:
            bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
            argv = gunicorn_argv(p, bind, max_requests=max_requests, timeout=timeout, access_log=access_log)
        if options["dry_run"]:
            self.stdout.write(" ".join(argv))
            return
        shown = f"[{host}]" if ":" in host else host
        self.stdout.write(
            f"ReelPress serving on http://{shown}:{port}/ with {p.server} "
            f"({p.workers} workers x {p.threads} threads). Ctrl-C stops it."
        )
        sys.stdout.flush()
        # The workers' settings read these: links in emails name the address actually served.
        os.environ["HOST"], os.environ["PORT"] = str(host), str(port)
        os.environ.update(worker_environment())
        os.execv(argv[0], argv)  # noqa: S606 -- replace this process: signals go straight to the server
