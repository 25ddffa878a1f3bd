"""A worker keeps its database connections between requests (``DB_CONN_MAX_AGE``): each thread's
connection, reused, still sees what another process committed since, in the reviews and in the
search index (on SQLite a second file attached to the connection), with no page cache between.
"""

from __future__ import annotations

import subprocess
import sys

from reelpress.pagecache.tests.test_stale_pages import (  # noqa: F401
    fetch,
    free_port,
    server_env,
    wait_until_serving,
)

SAVE = """
from reelpress.ingest.record import ReviewRecord
from reelpress.ingest.store import save
save(ReviewRecord(title={title!r}, year={year}, reviewer="Ada Critic", slug={slug!r},
    headline={title!r}, body={body!r}, published_at="2026-01-10T12:00:00+00:00", disc_format="Blu-ray",
    label="Warner Archive Collection"))
"""


def save(env, **fields) -> None:
    code = SAVE.format(**fields)
    subprocess.run(
        [sys.executable, "-m", "reelpress.cli", "shell", "-c", code], env=env, check=True, timeout=300
    )


def test_reused_connections_see_what_another_process_committed(server_env):  # noqa: F811
    env = {**server_env, "REELPRESS_PAGE_CACHE": "0", "DB_CONN_MAX_AGE": "600"}
    save(env, title="Them!", year=1954, slug="them-1954", body="Giant ants in the desert.")
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "reelpress.wsgi",
        "-w",
        "1",
        "-k",
        "gthread",
        "--threads",
        "2",
    ]
    server = subprocess.Popen([*command, "-b", f"127.0.0.1:{port}", "--log-level", "warning"], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base, server)
        for _ in range(6):  # every thread opens its connection and attaches the index
            assert fetch(base + "/reviews/them-1954/")[0] == 200
            status, body = fetch(base + "/search/?q=ants")
            assert status == 200 and "/reviews/them-1954/" in body
            assert fetch(base + "/reviews/tarantula-1955/")[0] == 404

        save(env, title="Tarantula", year=1955, slug="tarantula-1955", body="A giant spider in the desert.")

        for _ in range(6):  # the same connections, on each thread
            status, body = fetch(base + "/reviews/tarantula-1955/")
            assert status == 200 and "A giant spider" in body
            status, body = fetch(base + "/search/?q=spider")
            assert status == 200 and "/reviews/tarantula-1955/" in body
            assert "2 reviews<" in fetch(base + "/archive/")[1]
    finally:
        server.terminate()
        server.wait(timeout=60)
