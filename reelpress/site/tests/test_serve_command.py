"""`reelpress serve`: workers and threads sized for the machine, overridable, recycled and restartable."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reelpress.pagecache.tests.test_stale_pages import server_env  # noqa: F401 -- a fixture
from reelpress.site.management.commands.serve import (
    GRANIAN_MAX_RSS_MB,
    WORKER_MEMORY_MB,
    WORKER_SQLITE_CACHE_MB,
    WORKER_SQLITE_MMAP_MB,
    plan,
    worker_environment,
)


def test_it_runs_one_worker_per_core_and_at_least_two():
    assert plan("gunicorn", cores=8, memory_mb=64_000).workers == 8
    assert plan("gunicorn", cores=1, memory_mb=64_000).workers == 2


def test_memory_caps_the_workers_at_half_of_what_is_available():
    small = plan("gunicorn", cores=16, memory_mb=4 * WORKER_MEMORY_MB)
    assert small.workers == 2
    assert plan("gunicorn", cores=16, memory_mb=WORKER_MEMORY_MB).workers == 1


def test_what_the_operator_asks_for_wins(monkeypatch):
    assert plan("granian", 5, 2, cores=2, memory_mb=1000) == plan("granian", 5, 2)
    monkeypatch.setenv("REELPRESS_SERVER", "granian")
    assert plan().server == "granian"
    with pytest.raises(CommandError, match="REELPRESS_SERVER"):
        plan("uwsgi")
    with pytest.raises(CommandError):
        plan("gunicorn", 0, 1)


def _dry_run(monkeypatch, *args, **env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    out = io.StringIO()
    call_command("serve", "--dry-run", *args, stdout=out)
    return out.getvalue().split()


def test_gunicorn_recycles_workers_with_jitter_and_honours_the_environment(monkeypatch):
    argv = _dry_run(monkeypatch, WEB_CONCURRENCY="3", REELPRESS_THREADS="6", PORT="8123")
    assert "gunicorn" in argv and argv[argv.index("--bind") + 1] == "127.0.0.1:8123"
    assert argv[argv.index("--workers") + 1] == "3" and argv[argv.index("--threads") + 1] == "6"
    requests = int(argv[argv.index("--max-requests") + 1])
    assert requests > 0 and 0 < int(argv[argv.index("--max-requests-jitter") + 1]) < requests
    assert "--access-logfile" in argv

    argv = _dry_run(monkeypatch, "--workers", "1", "--max-requests", "0", "--no-access-log")
    assert argv[argv.index("--workers") + 1] == "1"
    assert "--max-requests" not in argv and "--access-logfile" not in argv


def test_granian_is_replaced_past_a_memory_ceiling(monkeypatch):
    argv = _dry_run(monkeypatch, "--server", "granian", "--threads", "2", "--host", "::1")
    assert argv[argv.index("--interface") + 1] == "wsgi"
    assert argv[argv.index("--host") + 1] == "::1"
    assert argv[argv.index("--blocking-threads") + 1] == "2"
    assert int(argv[argv.index("--workers-max-rss") + 1]) == GRANIAN_MAX_RSS_MB > WORKER_MEMORY_MB
    assert "--respawn-failed-workers" in argv and argv[-1] == "reelpress.wsgi:application"


def test_a_bad_number_in_the_environment_is_named(monkeypatch):
    with pytest.raises(CommandError, match="WEB_CONCURRENCY"):
        _dry_run(monkeypatch, WEB_CONCURRENCY="many")


def test_the_served_site_answers_one_request_per_connection(server_env):  # noqa: F811
    """`reelpress serve` closes each connection after its answer: a gthread worker keeps every
    connection it accepts, and with keep-alive one worker could end up holding all of them."""
    import http.client
    import subprocess
    import sys

    from reelpress.pagecache.tests.test_stale_pages import free_port, wait_until_serving

    port = free_port()
    command = [sys.executable, "-m", "reelpress.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen([*command, "--workers", "2", "--threads", "2"], env=server_env)
    try:
        wait_until_serving(f"http://127.0.0.1:{port}", server)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/healthz")  # HTTP/1.1: the client would keep it open
        answer = connection.getresponse()
        answer.read()
        assert answer.status == 200
        assert answer.getheader("Connection", "").lower() == "close"
        assert answer.will_close
        connection.close()
    finally:
        server.terminate()
        server.wait(timeout=60)


def test_workers_keep_a_small_sqlite_cache_unless_the_operator_sets_one(monkeypatch):
    monkeypatch.delenv("REELPRESS_SQLITE_CACHE_MB", raising=False)
    monkeypatch.setenv("REELPRESS_SQLITE_MMAP_MB", " ")
    assert worker_environment() == {
        "REELPRESS_SQLITE_CACHE_MB": str(WORKER_SQLITE_CACHE_MB),
        "REELPRESS_SQLITE_MMAP_MB": str(WORKER_SQLITE_MMAP_MB),
    }
    assert WORKER_SQLITE_CACHE_MB < 64
    monkeypatch.setenv("REELPRESS_SQLITE_CACHE_MB", "32")
    monkeypatch.setenv("REELPRESS_SQLITE_MMAP_MB", "128")
    assert worker_environment() == {}


def test_the_sqlite_memory_settings_reach_both_database_files(tmp_path):
    """settings.SQLITE_CACHE_MB / SQLITE_MMAP_MB size the page cache and the memory map of the
    site's database and of the search index attached to it, on every new connection."""
    import os
    import subprocess
    import sys

    code = (
        "import django; django.setup(); from django.db import connection; "
        "c = connection.cursor(); "
        "print([c.execute(f'PRAGMA {s}.{p}').fetchone()[0] for s in ('main', 'search') "
        "for p in ('cache_size', 'mmap_size')])"
    )
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "REELPRESS_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "reelpress.settings",
    }
    for name in ("REELPRESS_SQLITE_CACHE_MB", "REELPRESS_SQLITE_MMAP_MB"):
        env.pop(name, None)  # the defaults, whatever this shell has
    run = [sys.executable, "-m", "reelpress.cli"]
    subprocess.run([*run, "migrate", "-v0"], env=env, check=True, timeout=600)

    def pragmas(**extra):
        done = subprocess.run(
            [sys.executable, "-c", code], env={**env, **extra}, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    assert pragmas(REELPRESS_SQLITE_CACHE_MB="8", REELPRESS_SQLITE_MMAP_MB="0") == str(
        [-8 * 1024, 0, -8 * 1024, 0]
    )
    mapped = 256 * 1024 * 1024
    assert pragmas() == str([-64 * 1024, mapped, -64 * 1024, mapped])
