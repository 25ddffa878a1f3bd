"""Measuring tools of bench/load.py: wrk with a Lua script that counts every status, and the
resident memory of a server's process tree sampled from /proc."""

from __future__ import annotations

import json
import os
import subprocess
import threading
from pathlib import Path

# Per-thread status counts gathered in done() (each wrk thread has its own Lua state), printed
# as one JSON line; latencies in microseconds.
WRK_SCRIPT = r"""
local threads = {}
counts = {}
function setup(thread) table.insert(threads, thread) end
function response(status, headers, body) counts[status] = (counts[status] or 0) + 1 end
function done(summary, latency, requests)
  local merged = {}
  for _, t in ipairs(threads) do
    for status, n in pairs(t:get("counts")) do
      merged[tostring(status)] = (merged[tostring(status)] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(merged) do table.insert(parts, string.format('"%s": %d', status, n)) end
  local e = summary.errors
  io.write(string.format(
    'LOAD-RESULT {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p90_us": %d, ' ..
    '"p99_us": %d, "max_us": %d, "mean_us": %.1f, "connect_errors": %d, "read_errors": %d, ' ..
    '"write_errors": %d, "timeouts": %d, "status": {%s}}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean, e.connect, e.read, e.write, e.timeout,
    table.concat(parts, ", ")))
end
"""


# ---------------------------------------------------------------------------- memory


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as stat:
                # the command may hold spaces and parentheses: the parent follows the last ")"
                ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _rss_mb(pid: int) -> tuple[float, float, float]:
    """Resident memory of ``pid``: all of it, the anonymous part (its own heap, not file pages),
    and its proportional share (PSS: each shared page divided among the processes mapping it).

    The SQLite files are memory-mapped, so pages of the archive a worker has read count in its
    RSS although the kernel shares them with every other process (and can drop them at will).
    """
    rss = anon = pss = 0.0
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1]) / 1024
                elif line.startswith("RssAnon:"):
                    anon = int(line.split()[1]) / 1024
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1]) / 1024
    except OSError:
        pass
    return rss, anon, pss


class MemorySampler(threading.Thread):
    """Samples the RSS of the server's master and every process under it, keeping the peaks."""

    def __init__(self, pid: int, interval: float = 0.25):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.stopped = threading.Event()
        self.lock = threading.Lock()
        self.window = self._empty()
        self.overall = self._empty()  # never reset: the whole run, warm-ups included

    @staticmethod
    def _empty() -> dict:
        return {
            "sum_mb": 0.0,
            "master_mb": 0.0,
            "worker_mb": 0.0,
            "worker_anon_mb": 0.0,
            "worker_pss_mb": 0.0,
            "workers": 0,
        }

    def reset(self) -> dict:
        """Start a new window; return the peaks of the one just ended."""
        with self.lock:
            ended, self.window = self.window, self._empty()
        return ended

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            tree = _children()
            workers, pending = [], list(tree.get(self.pid, []))
            while pending:
                pid = pending.pop()
                workers.append(pid)
                pending += tree.get(pid, [])
            master = _rss_mb(self.pid)[0]
            sizes = [_rss_mb(pid) for pid in workers]
            with self.lock:
                for w in (self.window, self.overall):
                    w["sum_mb"] = max(w["sum_mb"], master + sum(rss for rss, _, _ in sizes))
                    w["master_mb"] = max(w["master_mb"], master)
                    w["worker_mb"] = max([w["worker_mb"], *(rss for rss, _, _ in sizes)])
                    w["worker_anon_mb"] = max([w["worker_anon_mb"], *(anon for _, anon, _ in sizes)])
                    w["worker_pss_mb"] = max([w["worker_pss_mb"], *(pss for _, _, pss in sizes)])
                    w["workers"] = max(w["workers"], len(workers))

    def stop(self) -> None:
        self.stopped.set()


def rounded(window: dict) -> dict:
    return {k: round(v, 1) if isinstance(v, float) else v for k, v in window.items()}


def _cpu_ticks(pid: int, waited: bool = False) -> int:
    """User and system CPU of ``pid`` in clock ticks; with ``waited``, also its reaped children's."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0
    # after the command: state, ppid, ... utime is the 14th field of the line, the 12th here
    ticks = int(fields[11]) + int(fields[12])
    if waited:
        ticks += int(fields[13]) + int(fields[14])  # cutime, cstime: workers replaced meanwhile
    return ticks


def server_cpu_seconds(pid: int) -> float:
    """CPU seconds the server has used so far: its master (with the workers it has reaped) and
    every live process under it. The difference over a run, divided by the requests answered, is
    the CPU one request costs: on a machine shared with other work, a steadier figure than req/s."""
    tree = _children()
    pending, ticks = list(tree.get(pid, [])), _cpu_ticks(pid, waited=True)
    while pending:
        child = pending.pop()
        ticks += _cpu_ticks(child)
        pending += tree.get(child, [])
    return ticks / os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------------------- wrk


def wrk(port: int, path: str, connections: int, seconds: float, timeout: float, script: Path) -> dict:
    threads = max(1, min(connections, os.cpu_count() or 1))
    # wrk takes whole seconds
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s"]
    command += [f"--timeout={max(1, round(timeout))}s", "-s", str(script), f"http://127.0.0.1:{port}{path}"]
    done = subprocess.run(command, capture_output=True, text=True)  # noqa: S603
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    out = done.stdout
    line = next((line for line in out.splitlines() if line.startswith("LOAD-RESULT ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no result:\n{out}")
    raw = json.loads(line[12:])
    seconds = raw["duration_us"] / 1e6
    non_2xx = {s: n for s, n in sorted(raw["status"].items()) if not 200 <= int(s) < 300}
    return {
        "duration_s": round(seconds, 1),
        "requests": raw["requests"],
        "rps": round(raw["requests"] / seconds, 1) if seconds else 0.0,
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p90_ms": round(raw["p90_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "max_ms": round(raw["max_us"] / 1000, 1),
        "status": raw["status"],
        "non_2xx": non_2xx,
        "connect_errors": raw["connect_errors"],
        "read_errors": raw["read_errors"],
        "write_errors": raw["write_errors"],
        "timeouts": raw["timeouts"],
    }
