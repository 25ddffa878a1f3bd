"""Benchmark loading the demo: text alone, the drawn pictures alone, and both in one command.

    .venv/bin/python bench/demo_load.py --repeat 3 --json data/bench/demo-load.json

Each run is a fresh SQLite site in a temporary data folder (migrations not timed), each step a
`reelpress` process as `make run` starts it; figures are wall seconds and the process's CPU
seconds (user + system, children included: the renditions' worker thread is in the process).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STEPS = {
    "text": ["demo", "--no-pictures"],  # what `make run` waits for
    "pictures": ["demo", "--pictures-only"],  # after "text"; beside the server in `make run`
}


def _run(data_dir: str, args: list[str]) -> tuple[float, float]:
    env = {**os.environ, "REELPRESS_DATA_DIR": data_dir}
    env.pop("DATABASE_URL", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "reelpress.cli", *args], env=env, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def once() -> dict[str, tuple[float, float]]:
    figures = {}
    with tempfile.TemporaryDirectory() as split, tempfile.TemporaryDirectory() as whole:
        for folder in (split, whole):
            _run(folder, ["migrate", "--noinput", "-v0"])
        figures["text"] = _run(split, STEPS["text"])
        figures["pictures"] = _run(split, STEPS["pictures"])
        figures["both"] = _run(whole, ["demo"])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", help="write the figures to this file")
    options = parser.parse_args()
    runs = [once() for _ in range(options.repeat)]
    result = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "load": os.getloadavg()},
        "repeat": options.repeat,
        "steps": {},
    }
    for step in ("text", "pictures", "both"):
        walls = [run[step][0] for run in runs]
        cpus = [run[step][1] for run in runs]
        result["steps"][step] = {
            "wall_median_s": statistics.median(walls),
            "cpu_median_s": statistics.median(cpus),
        }
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        print(f"{step:9} wall {wall:6.2f} s   cpu {cpu:6.2f} s (median of {len(runs)})")
    print(f"load average while measuring: {os.getloadavg()}")
    if options.json:
        Path(options.json).parent.mkdir(parents=True, exist_ok=True)
        Path(options.json).write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
