"""bench/load.py against a tiny archive for a second a page: every page reported, with its statuses.

Not a timing test (no figure is asserted): it keeps the load benchmark from rotting as pages,
URLs and `reelpress serve` change.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[3] / "bench"


@pytest.mark.skipif(not shutil.which("wrk"), reason="wrk is missing: apt-get install wrk (.ci/run does)")
def test_the_load_bench_reports_every_page_with_its_status_counts(tmp_path):
    built = subprocess.run(
        [sys.executable, BENCH / "archive.py", "--reviews", "40", "--dir", tmp_path],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    out = tmp_path / "load.json"
    command = [sys.executable, BENCH / "load.py", "--db", tmp_path / "search-40.sqlite3", "--duration", "1"]
    command += ["--warmup", "0", "--connections", "4", "--workers", "1", "--hostile", "1", "--json", out]
    ran = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert ran.returncode == 0, ran.stdout + ran.stderr

    run = json.loads(out.read_text())["runs"][0]
    sys.path.insert(0, str(BENCH))
    from load import PAGES

    assert set(run["pages"]) == set(PAGES)
    for page, by_connections in run["pages"].items():
        figures = by_connections["4"]
        assert figures["requests"] > 0, page
        assert sum(figures["status"].values()) == figures["requests"], page
        assert figures["status"].get("200", 0) > 0, (page, figures["status"])
        assert figures["non_2xx"] == {s: n for s, n in figures["status"].items() if not s.startswith("2")}
        assert figures["p50_ms"] <= figures["p99_ms"]
        assert figures["memory"]["sum_mb"] > 0 and figures["memory"]["workers"] >= 1
        assert figures["cpu_ms_per_request"] > 0, page
    assert run["hostile"]["requests"] > 0 and run["hostile"]["status"]
    assert run["server_tracebacks"] == 0
    assert f"{'home':14} c=4" in ran.stdout  # the printed table names each page
    assert run["page_cache"]["home"] == "hit"

    # --no-page-cache: the server renders every page (the cache's header is never set).
    command = [sys.executable, BENCH / "load.py", "--db", tmp_path / "search-40.sqlite3", "--duration", "1"]
    command += ["--warmup", "0", "--connections", "2", "--workers", "1", "--pages", "home,review"]
    command += ["--no-page-cache", "--json", out]
    ran = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    figures = json.loads(out.read_text())
    assert figures["settings"]["page_cache"] is False
    run = figures["runs"][0]
    assert run["page_cache"] == {"home": None, "review": None}
    assert all(run["pages"][page]["2"]["cpu_ms_per_request"] > 0 for page in ("home", "review"))
