"""No stale page under load: readers in threads fetch pages from a running server (gunicorn, two
worker processes sharing the default file cache) while another process publishes, edits and
unpublishes a review; every page read must show the review as the database held it at some
moment of that read (only a read that raced a commit may show either side of it).

It runs on a database of its own, of the suite's kind: an SQLite file, or a PostgreSQL
database beside the test database.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest
from django.db import connection

READERS = 4
CHANGES = 24
VERSION = re.compile(r"Version (\d+) of the ants")

WRITER = """
import sys, time
from reelpress.ingest.record import ReviewRecord
from reelpress.ingest.store import save
from reelpress.reviews.models import Review

review = save(ReviewRecord(title="Them!", year=1954, reviewer="Ada Critic", slug="them-1954",
    headline="Version 0 of the ants", published_at="2026-01-10T12:00:00+00:00", disc_format="Blu-ray",
    label="Warner Archive Collection")).review
print("STATE", 0, 1, 0.0, time.time(), flush=True)
for k in range(1, CHANGES + 1):
    time.sleep(0.2)
    hidden = k % 4 == 0
    row = Review.objects.get(pk=review.pk)
    row.headline = f"Version {k} of the ants"
    row.status = Review.Status.DRAFT if hidden else Review.Status.PUBLISHED
    started = time.time()
    row.save()  # its own transaction: committed, and the pages retired, when it returns
    print("STATE", k, int(not hidden), started, time.time(), flush=True)
"""


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - the test's own server
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def wait_until_serving(base: str, server, seconds: float = 120) -> None:
    """Return once the server started as ``server`` answers its health check; fail if it dies first."""
    deadline = time.time() + seconds
    while True:
        try:
            fetch(base + "/healthz")
            return
        except OSError:
            assert time.time() < deadline and server.poll() is None, "the server did not start"
            time.sleep(0.2)


def shown(status: int, body: str) -> int | None:
    """The version a page shows, or None when the review is not on it."""
    if status == 404:
        return None
    assert status == 200, status
    found = {int(v) for v in VERSION.findall(body)}
    assert len(found) <= 1, f"one page shows two versions: {found}"
    return found.pop() if found else None


@pytest.fixture
def server_env(tmp_path, db):
    """The environment of a site on a database of its own, migrated."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    else:
        import psycopg

        name = f"{settings['NAME']}_stale"
        auth = f"{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:{settings['PORT'] or 5432}"
        with psycopg.connect(f"postgresql://{auth}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        url = f"postgres://{auth}/{name}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "REELPRESS_DATA_DIR": str(tmp_path),
        "CACHE_URL": f"file://{tmp_path / 'pages'}",
        "REELPRESS_PAGE_CACHE": "1",
        "SECRET_KEY": "stale-page-test",
    }
    run = [sys.executable, "-m", "reelpress.cli"]
    subprocess.run([*run, "migrate", "-v0"], env=env, check=True, timeout=600)
    yield env
    if connection.vendor != "sqlite":
        with psycopg.connect(f"postgresql://{auth}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_readers_never_get_a_stale_page_while_the_review_changes(server_env):
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "reelpress.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=server_env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base, server)
        paths = ["/reviews/them-1954/", "/", "/api/reviews", "/feeds/reviews.rss", "/films/them-1954/"]
        reads: list[tuple[str, float, float, int | None]] = []
        stop = threading.Event()
        errors: list[BaseException] = []

        def reader(offset: int):
            try:
                n = offset
                while not stop.is_set():
                    path = paths[n % len(paths)]
                    n += 1
                    began = time.time()
                    status, body = fetch(base + path)
                    reads.append((path, began, time.time(), shown(status, body)))
            except BaseException as error:  # noqa: BLE001 - reported by the main thread
                errors.append(error)

        threads = [threading.Thread(target=reader, args=(i,)) for i in range(READERS)]
        for thread in threads:
            thread.start()
        script = f"CHANGES = {CHANGES}\n" + WRITER
        writer = subprocess.run(
            [sys.executable, "-m", "reelpress.cli", "shell", "-c", script],
            env=server_env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        time.sleep(0.3)
        stop.set()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert writer.returncode == 0, writer.stderr
    assert not errors, errors

    # states[i] = (version shown or None, commit began, committed); before the first: nothing.
    states = [(None, 0.0, 0.0)]
    for line in writer.stdout.split("\n"):
        if line.startswith("STATE "):
            k, visible, started, committed = line.split()[1:]
            states.append((int(k) if visible == "1" else None, float(started), float(committed)))
    stale = []
    for path, began, ended, seen in reads:
        # The last state committed before the read began, and any whose commit began before it ended.
        settled = max(i for i, (_v, _s, committed) in enumerate(states) if committed <= began)
        possible = [states[settled][0]] + [v for v, started, _c in states[settled + 1 :] if started <= ended]
        if seen not in possible:
            stale.append((path, seen, possible))
    assert stale == [], f"{len(stale)} stale pages of {len(reads)}: {stale[:5]}"
    assert len(reads) > 200, "too few reads to prove anything"
    assert {r[3] for r in reads} >= {None, CHANGES - 1}, "the reads did not see the changes"
    hits = sum(1 for r in reads if r[3] is not None)
    assert hits, "no page ever showed the review"
